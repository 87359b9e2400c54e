using System.Text;
using Microsoft.Extensions.Time.Testing;
using Traceability.Conditions;
using Traceability.Ingestion.Pipeline;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Tests.Pipeline;

/// <summary>The pipeline over the real SQLite time-series store, journal and dead-letter store in a temporary folder.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Disposed in DisposeAsync (IAsyncLifetime).")]
public sealed class PipelineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("pipeline-").FullName;
    private readonly FakeTimeProvider _time = new(Now);
    private SqliteTimeSeriesStore _store = null!;
    private IngestionJournal _journal = null!;
    private SqliteDeadLetterStore _deadLetters = null!;
    private IngestionMetrics _metrics = null!;
    private IngestionPipeline _pipeline = null!;
    private ITimeSeriesStore? _wrapper;

    public Task InitializeAsync()
    {
        Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Close();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_valid_message_is_stored_before_the_caller_is_answered()
    {
        var outcome = await _pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.5, 61.0), "d1");

        Assert.Equal(IngestOutcome.Stored, outcome);
        var stored = await _store.ReadAsync("dryer-1", Now.AddHours(-1), Now.AddHours(1));
        Assert.Equal([60.5, 61.0], stored.Select(r => r.Value));
        Assert.All(stored, r => Assert.Equal(("coop", "dryer-1", "d1", "air", "temperature", "CEL"), (r.Facility, r.Site, r.Device, r.Sensor, r.Quantity, r.Unit)));
        Assert.True(_journal.IsStored("d1", 1));
        Assert.Equal((1, 2), (_metrics.Stored, _metrics.StoredReadings));
    }

    [Fact]
    public async Task A_redelivered_sequence_is_acknowledged_but_not_stored_twice()
    {
        await _pipeline.IngestAsync(Topic("d1"), Payload("d1", 5, 60.0), "d1");

        // Same device and sequence, even with other content: the first delivery is what counts.
        var again = await _pipeline.IngestAsync(Topic("d1"), Payload("d1", 5, 99.0), "d1");

        Assert.Equal(IngestOutcome.Stored, again);
        var stored = await _store.ReadAsync("dryer-1", Now.AddHours(-1), Now.AddHours(1));
        Assert.Equal([60.0], stored.Select(r => r.Value));
        Assert.Equal((1, 1), (_metrics.Stored, _metrics.Duplicates));
    }

    [Fact]
    public async Task Duplicates_in_one_flush_are_stored_once()
    {
        var copies = Enumerable.Range(0, 20).Select(_ => _pipeline.IngestAsync(Topic("d1"), Payload("d1", 9, 60.0), "d1").AsTask());

        var outcomes = await Task.WhenAll(copies);

        Assert.All(outcomes, o => Assert.Equal(IngestOutcome.Stored, o));
        Assert.Single(await _store.ReadAsync("dryer-1", Now.AddHours(-1), Now.AddHours(1)));
        Assert.Equal((1, 19), (_metrics.Stored, _metrics.Duplicates));
    }

    [Fact]
    public async Task Sequences_are_remembered_across_a_restart()
    {
        await _pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.0), "d1");
        await Close();
        Open();

        await _pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.0), "d1");

        Assert.Equal(1, _metrics.Duplicates);
        Assert.Single(await _store.ReadAsync("dryer-1", Now.AddHours(-1), Now.AddHours(1)));
    }

    [Theory]
    [InlineData("not json", RejectionReason.Malformed)]
    [InlineData("""{"device":"d1","seq":1,"readings":[{"sensor":"air","quantity":"temperature","unit":"P1","value":60,"at":"2026-11-28T07:59:00Z"}]}""", RejectionReason.Unit)]
    [InlineData("""{"device":"d1","seq":1,"readings":[{"sensor":"air","quantity":"temperature","unit":"CEL","value":900,"at":"2026-11-28T07:59:00Z"}]}""", RejectionReason.OutOfRange)]
    [InlineData("""{"device":"d1","seq":1,"readings":[{"sensor":"air","quantity":"temperature","unit":"CEL","value":60,"at":"2026-11-28T09:00:00Z"}]}""", RejectionReason.Timestamp)]
    [InlineData("""{"device":"d2","seq":1,"readings":[{"sensor":"air","quantity":"temperature","unit":"CEL","value":60,"at":"2026-11-28T07:59:00Z"}]}""", RejectionReason.Unauthorised)]
    public async Task A_bad_message_is_dead_lettered_with_its_reason_and_payload(string payload, RejectionReason reason)
    {
        var outcome = await _pipeline.IngestAsync(Topic("d1"), Encoding.UTF8.GetBytes(payload), "client-7");

        Assert.Equal(IngestOutcome.DeadLettered, outcome);
        var letter = Assert.Single(await _deadLetters.ListAsync(0, 10)).Letter;
        Assert.Equal((reason, Topic("d1"), "client-7"), (letter.Reason, letter.Topic, letter.ClientId));
        Assert.Equal(payload, Encoding.UTF8.GetString(letter.Payload.Span));
        Assert.NotEmpty(letter.Detail);
        Assert.Empty(await _store.ReadAsync("dryer-1", DateTimeOffset.UnixEpoch, Now.AddDays(1)));
        Assert.Equal(1, _metrics.DeadLettered);
        Assert.False(_journal.IsStored("d1", 1));
    }

    [Fact]
    public async Task A_message_on_a_topic_outside_the_tree_is_dead_lettered()
    {
        var outcome = await _pipeline.IngestAsync("ocop/coop/dryer-1/d1/other", Payload("d1", 1, 60), null);

        Assert.Equal(IngestOutcome.DeadLettered, outcome);
        Assert.Equal(RejectionReason.Topic, Assert.Single(await _deadLetters.ListAsync(0, 10)).Letter.Reason);
    }

    [Fact]
    public async Task Many_concurrent_devices_are_all_stored_in_few_flushes()
    {
        var sends = Enumerable.Range(0, 50).SelectMany(d => Enumerable.Range(1, 20).Select(seq => (Device: $"d{d}", Seq: seq)))
            .Select(m => _pipeline.IngestAsync(Topic(m.Device), Payload(m.Device, m.Seq, 20 + (m.Seq % 10)), m.Device).AsTask());

        var outcomes = await Task.WhenAll(sends);

        Assert.All(outcomes, o => Assert.Equal(IngestOutcome.Stored, o));
        Assert.Equal(1000, (await _store.ReadAsync("dryer-1", Now.AddHours(-1), Now.AddHours(1))).Count);
        Assert.Equal(1000, _metrics.Stored);
    }

    [Fact]
    public async Task A_failing_store_holds_the_answer_until_a_write_succeeds()
    {
        await Close();
        var flaky = new FailingStore(new SqliteTimeSeriesStore(Path.Combine(_folder, "flaky.db")), failures: 2);
        Open(flaky);

        var ingesting = _pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60), "d1").AsTask();
        await flaky.Failed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(ingesting.IsCompleted);
        Assert.False(_journal.IsStored("d1", 1));

        // The pipeline backs off on the injected clock: advance it past both retries.
        while (!ingesting.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(ingesting, Task.Delay(20));
        }

        Assert.Equal(IngestOutcome.Stored, await ingesting);
        Assert.Equal(3, flaky.Attempts);
        Assert.True(_journal.IsStored("d1", 1));
    }

    [Fact]
    public async Task Stopping_the_pipeline_fails_the_waiting_callers_so_the_broker_redelivers()
    {
        await Close();
        var stuck = new FailingStore(new SqliteTimeSeriesStore(Path.Combine(_folder, "stuck.db")), failures: int.MaxValue);
        Open(stuck);
        var ingesting = _pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60), "d1").AsTask();
        await stuck.Failed.WaitAsync(TimeSpan.FromSeconds(10));

        await _pipeline.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ingesting);
        Assert.False(_journal.IsStored("d1", 1));
        _pipeline = new IngestionPipeline(_store, _journal, _deadLetters, new IngestionOptions(), _time, _metrics);
    }

    private void Open(ITimeSeriesStore? store = null)
    {
        _store = store as SqliteTimeSeriesStore ?? new SqliteTimeSeriesStore(Path.Combine(_folder, "readings.db"));
        _journal = new IngestionJournal(Path.Combine(_folder, "ingestion.db"));
        _deadLetters = new SqliteDeadLetterStore(Path.Combine(_folder, "dead-letters.db"));
        _metrics = new IngestionMetrics();
        _wrapper = store;
        _pipeline = new IngestionPipeline(store ?? _store, _journal, _deadLetters, new IngestionOptions(), _time, _metrics);
    }

    private async Task Close()
    {
        await _pipeline.DisposeAsync();
        _store.Dispose();
        (_wrapper as IDisposable)?.Dispose();
        _journal.Dispose();
        _deadLetters.Dispose();
        _metrics.Dispose();
    }

    private static string Topic(string device) => TelemetryTopics.Readings("coop", "dryer-1", device);

    private static byte[] Payload(string device, long seq, params double[] values) => ReadingsPayload.Serialize(new ReadingBatch(
        device,
        seq,
        [.. values.Select((v, i) => new SensorReading("air", "temperature", "CEL", v, Now.AddHours(-1).AddSeconds((seq * 10) + i)))]));

    /// <summary>The real store behind a switch that makes the first writes fail, as a store server that is down would.</summary>
    private sealed class FailingStore(SqliteTimeSeriesStore inner, int failures) : ITimeSeriesStore, IDisposable
    {
        public void Dispose() => inner.Dispose();

        private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _attempts;

        public Task Failed => _failed.Task;

        public int Attempts => _attempts;

        public Task WriteAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                _failed.TrySetResult();
                throw new IOException("The time-series server is unreachable.");
            }

            return inner.WriteAsync(readings, cancellationToken);
        }

        public Task<IReadOnlyList<StoredReading>> ReadAsync(string site, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(site, since, until, cancellationToken);
    }
}
