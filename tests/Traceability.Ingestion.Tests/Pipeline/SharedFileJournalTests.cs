using Microsoft.Data.Sqlite;
using Traceability.Conditions;
using Traceability.Ingestion.Pipeline;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Tests.Pipeline;

/// <summary>
/// The journal kept in the SQLite readings file (<see cref="IngestionJournal.Beside"/>): a flush's
/// readings and its (device, sequence) rows and windows commit in one transaction, or not at all.
/// </summary>
public sealed class SharedFileJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("shared-journal-").FullName;
    private readonly DateTimeOffset _readingsAt = DateTimeOffset.UtcNow.AddHours(-1);

    private string ReadingsPath => Path.Combine(_folder, SqliteTimeSeriesStore.DefaultFileName);

    private string FormerPath => Path.Combine(_folder, IngestionJournal.FormerFileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WithTheSqliteStore_TheJournalLivesInTheReadingsFile_AndAMessageIsStoredWithItsJournalRow()
    {
        using var store = new SqliteTimeSeriesStore(ReadingsPath);
        using var journal = IngestionJournal.Beside(store, _folder);
        using (var metrics = new IngestionMetrics())
        await using (var pipeline = Pipeline(store, journal, metrics))
        {
            Assert.Equal(IngestOutcome.Stored, await pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.5, 61.0), "d1"));
        }

        Assert.Equal(store.Path, journal.FilePath);
        Assert.False(File.Exists(FormerPath));
        Assert.True(journal.IsStored("d1", 1));
        Assert.Equal(2, (await ReadAll(store)).Count);
        Assert.Equal(1, Count("seen"));
    }

    [Fact]
    public async Task WhenTheJournalPartFails_TheReadingsOfTheSameTransactionAreNotKept()
    {
        using var store = new SqliteTimeSeriesStore(ReadingsPath);
        using var journal = IngestionJournal.Beside(store, _folder);
        var readings = new[] { Reading("d1", 0, 60.0) };

        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync(readings, transaction =>
        {
            journal.Record(transaction, [Entry("d1", 1)], T0);
            throw new IOException("the journal's write failed");
        }));

        Assert.Empty(await ReadAll(store));
        Assert.False(journal.IsStored("d1", 1));
        Assert.Equal(0, Count("seen"));
        Assert.Empty(journal.AllWindows());
    }

    [Fact]
    public async Task WhenTheReadingsPartFails_TheJournalRowsOfTheSameTransactionAreNotKept()
    {
        using var store = new SqliteTimeSeriesStore(ReadingsPath);
        using var journal = IngestionJournal.Beside(store, _folder);
        Execute("CREATE TRIGGER refuse_chunks BEFORE INSERT ON reading_chunks BEGIN SELECT RAISE(ABORT, 'disk full'); END;");

        await Assert.ThrowsAsync<SqliteException>(() => store.WriteAsync([Reading("d1", 0, 60.0)], transaction => journal.Record(transaction, [Entry("d1", 1)], T0)));

        Assert.False(journal.IsStored("d1", 1));
        Assert.Equal(0, Count("seen"));
        Assert.Equal(0, Count("reading_chunks"));
    }

    [Fact]
    public async Task WhileTheJournalRowsCannotBeWritten_NothingIsStoredOrAnswered_AndTheRetryStoresTheMessageOnce()
    {
        using var store = new SqliteTimeSeriesStore(ReadingsPath);
        using var journal = IngestionJournal.Beside(store, _folder);
        Execute("CREATE TRIGGER refuse_seen BEFORE INSERT ON seen BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        using var metrics = new IngestionMetrics();
        await using var pipeline = Pipeline(store, journal, metrics);

        var ingesting = pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.5, 61.0), "d1").AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.False(ingesting.IsCompleted);
        Assert.Equal(0, Count("reading_chunks"));
        Assert.False(journal.IsStored("d1", 1));

        Execute("DROP TRIGGER refuse_seen;");
        Assert.Equal(IngestOutcome.Stored, await ingesting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, (await ReadAll(store)).Count);
        Assert.Equal(1, Count("reading_chunks"));
        Assert.Equal(1, metrics.Stored);
    }

    [Fact]
    public async Task AMessageRedeliveredAfterACrashBetweenTheWriteAndTheAcknowledgement_IsRecognisedAndNotStoredTwice()
    {
        using (var store = new SqliteTimeSeriesStore(ReadingsPath))
        using (var journal = IngestionJournal.Beside(store, _folder))
        using (var metrics = new IngestionMetrics())
        await using (var pipeline = Pipeline(store, journal, metrics))
        {
            // The write committed; the process dies before the broker hears the acknowledgement.
            await pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.5, 61.0), "d1");
        }

        using (var store = new SqliteTimeSeriesStore(ReadingsPath))
        using (var journal = IngestionJournal.Beside(store, _folder))
        using (var metrics = new IngestionMetrics())
        await using (var pipeline = Pipeline(store, journal, metrics))
        {
            var outcome = await pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.5, 61.0), "d1");

            Assert.Equal(IngestOutcome.Stored, outcome);
            Assert.Equal(1, metrics.Duplicates);
            Assert.Equal(0, metrics.Stored);
        }

        Assert.Equal(1, Count("reading_chunks"));
        Assert.Equal(1, Count("seen"));
    }

    [Fact]
    public async Task AMessageWhoseTransactionNeverCommitted_IsStoredWhenRedelivered()
    {
        using var store = new SqliteTimeSeriesStore(ReadingsPath);
        using var journal = IngestionJournal.Beside(store, _folder);
        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync([Reading("d1", 0, 60.0)], transaction =>
        {
            journal.Record(transaction, [Entry("d1", 1)], T0);
            throw new IOException("the process dies before the commit");
        }));

        using var metrics = new IngestionMetrics();
        await using var pipeline = Pipeline(store, journal, metrics);
        Assert.Equal(IngestOutcome.Stored, await pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.5, 61.0), "d1"));

        Assert.Equal(1, metrics.Stored);
        Assert.Equal(2, (await ReadAll(store)).Count);
    }

    [Fact]
    public async Task AFolderOfAnEarlierVersion_KeepsItsJournal_AndTheFormerFileIsImportedOnce()
    {
        using (var store = new SqliteTimeSeriesStore(ReadingsPath))
        using (var former = new IngestionJournal(FormerPath))
        {
            await store.WriteAsync([Reading("d1", 0, 60.0)]);
            former.Commit([Entry("d1", 1), Entry("d1", 2), Entry("d2", 7)], T0);
            former.CloseDue(openedBefore: T0, maxReadings: long.MaxValue);
            former.Commit([Entry("d1", 3)], T0.AddMinutes(1));
        }

        using (var store = new SqliteTimeSeriesStore(ReadingsPath))
        using (var journal = IngestionJournal.Beside(store, _folder))
        {
            Assert.True(journal.IsStored("d1", 2));
            Assert.True(journal.IsStored("d2", 7));
            Assert.False(journal.IsStored("d1", 4));
            Assert.Equal(3, journal.AllWindows().Count);
            Assert.Equal(2, journal.CloseDue(openedBefore: T0.AddMinutes(-1), maxReadings: long.MaxValue).Count);
            Assert.Single(await ReadAll(store));
        }

        Assert.False(File.Exists(FormerPath));
        Assert.True(File.Exists(FormerPath + ".imported"));

        // A crash after the import's commit but before the rename leaves the former file in place: it is not imported twice.
        File.Copy(FormerPath + ".imported", FormerPath);
        using (var store = new SqliteTimeSeriesStore(ReadingsPath))
        using (var journal = IngestionJournal.Beside(store, _folder))
        {
            Assert.Equal(3, journal.AllWindows().Count);
            Assert.Equal(4, journal.StoredMessages());
        }

        Assert.False(File.Exists(FormerPath));
    }

    [Fact]
    public async Task WithAnotherStore_TheJournalKeepsItsOwnFile()
    {
        var other = new OtherStore();
        using var journal = IngestionJournal.Beside(other, _folder);
        using (var metrics = new IngestionMetrics())
        await using (var pipeline = Pipeline(other, journal, metrics))
        {
            Assert.Equal(IngestOutcome.Stored, await pipeline.IngestAsync(Topic("d1"), Payload("d1", 1, 60.5), "d1"));
        }

        Assert.Equal(Path.GetFullPath(FormerPath), journal.FilePath);
        Assert.True(journal.IsStored("d1", 1));
        Assert.Single(other.Written);
    }

    [Fact]
    public async Task ATransactionOnAnotherFile_IsRefused()
    {
        using var store = new SqliteTimeSeriesStore(Path.Combine(_folder, "elsewhere.db"));
        using var journal = IngestionJournal.Beside(new OtherStore(), _folder);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync([Reading("d1", 0, 60.0)], transaction => journal.Record(transaction, [Entry("d1", 1)], T0)));

        Assert.Empty(await ReadAll(store));
    }

    private static IngestionPipeline Pipeline(ITimeSeriesStore store, IngestionJournal journal, IngestionMetrics metrics) =>
        new(store, journal, new NoDeadLetters(), new IngestionOptions(), TimeProvider.System, metrics);

    private static Task<IReadOnlyList<StoredReading>> ReadAll(SqliteTimeSeriesStore store) =>
        store.ReadAsync("dryer-1", DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddDays(1));

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={ReadingsPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={ReadingsPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private StoredReading Reading(string device, int second, double value) =>
        new("coop", "dryer-1", device, "air", "temperature", "CEL", value, _readingsAt.AddSeconds(second));

    private static JournalEntry Entry(string device, long seq) => new("coop", "dryer-1", device, seq, T0, T0.AddMinutes(1), 10);

    private static string Topic(string device) => TelemetryTopics.Readings("coop", "dryer-1", device);

    private byte[] Payload(string device, long seq, params double[] values) => ReadingsPayload.Serialize(new ReadingBatch(
        device,
        seq,
        [.. values.Select((v, i) => new SensorReading("air", "temperature", "CEL", v, _readingsAt.AddSeconds((seq * 10) + i)))]));

    private sealed class OtherStore : ITimeSeriesStore
    {
        public List<StoredReading> Written { get; } = [];

        public Task WriteAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken = default)
        {
            lock (Written)
            {
                Written.AddRange(readings);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<StoredReading>> ReadAsync(string site, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StoredReading>>([]);
    }

    private sealed class NoDeadLetters : IDeadLetterStore
    {
        public ValueTask AddAsync(DeadLetter letter, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"Unexpected dead letter: {letter.Reason} {letter.Detail}");

        public Task<IReadOnlyList<StoredDeadLetter>> ListAsync(long afterId, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StoredDeadLetter>>([]);

        public Task<IReadOnlyDictionary<RejectionReason, long>> CountAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<RejectionReason, long>>(new Dictionary<RejectionReason, long>());
    }
}
