using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.Conditions;
using Traceability.Ingestion.Alerts;
using Traceability.Ingestion.Pipeline;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>How stored readings reach the excursion watch: after the durable write, never holding the pipeline up.</summary>
public sealed class StoredReadingsFeedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("feed-").FullName;
    private readonly IngestionMetrics _metrics = new();

    public void Dispose()
    {
        _metrics.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void WhenTheWatchIsTooFarBehind_AWritesReadingsAreDroppedFromWatchingAndCounted_WithoutWaiting()
    {
        var feed = new StoredReadingsFeed(new AlertOptions { QueueCapacity = 1 }, _metrics, NullLogger<StoredReadingsFeed>.Instance);

        feed.Stored([Reading(60), Reading(61)]);
        feed.Stored([Reading(62), Reading(63), Reading(64)]);

        Assert.Equal(3, _metrics.DroppedForAlerts);
        Assert.True(feed.Reader.TryRead(out var kept));
        Assert.Equal([60.0, 61.0], kept.Select(r => r.Value));
    }

    [Fact]
    public async Task ThePipelineHandsAWritesReadingsToTheFeed_OnlyOnceTheyAreStored()
    {
        var feed = new StoredReadingsFeed(new AlertOptions(), _metrics, NullLogger<StoredReadingsFeed>.Instance);
        using var store = new SqliteTimeSeriesStore(Path.Combine(_folder, "readings.db"));
        using var journal = new IngestionJournal(Path.Combine(_folder, "ingestion.db"));
        using var deadLetters = new SqliteDeadLetterStore(Path.Combine(_folder, "dead-letters.db"));
        await using var pipeline = new IngestionPipeline(store, journal, deadLetters, new IngestionOptions(), TimeProvider.System, _metrics, observer: feed);
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());

        var outcome = await pipeline.IngestAsync("ocop/coop/dryer-1/gw-1/readings", Payload(at, 61.5, 62.5), "gw-1");

        Assert.Equal(IngestOutcome.Stored, outcome);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var handed = await feed.Reader.ReadAsync(timeout.Token);
        Assert.Equal(handed, await store.ReadAsync("dryer-1", at.AddMinutes(-1), at.AddMinutes(1)));
    }

    [Fact]
    public async Task AnObserverThatThrows_DoesNotStopThePipeline()
    {
        using var store = new SqliteTimeSeriesStore(Path.Combine(_folder, "readings.db"));
        using var journal = new IngestionJournal(Path.Combine(_folder, "ingestion.db"));
        using var deadLetters = new SqliteDeadLetterStore(Path.Combine(_folder, "dead-letters.db"));
        await using var pipeline = new IngestionPipeline(store, journal, deadLetters, new IngestionOptions(), TimeProvider.System, _metrics, observer: new Throwing());
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());

        var first = await pipeline.IngestAsync("ocop/coop/dryer-1/gw-1/readings", Payload(at, 61.5), "gw-1");
        var second = await pipeline.IngestAsync("ocop/coop/dryer-1/gw-1/readings", Payload(at.AddSeconds(1), 62.5, seq: 2), "gw-1");

        Assert.Equal((IngestOutcome.Stored, IngestOutcome.Stored), (first, second));
        Assert.Equal(2, (await store.ReadAsync("dryer-1", at.AddMinutes(-1), at.AddMinutes(1))).Count);
    }

    private static StoredReading Reading(double value) => new("coop", "dryer-1", "gw-1", "t1", "temperature", "CEL", value, DateTimeOffset.UnixEpoch.AddYears(56));

    private static byte[] Payload(DateTimeOffset at, double first, double? second = null, long seq = 1)
    {
        var readings = second is { } s
            ? FormattableString.Invariant($"{{\"sensor\":\"t1\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":{first},\"at\":\"{at:O}\"}},{{\"sensor\":\"t1\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":{s},\"at\":\"{at.AddSeconds(10):O}\"}}")
            : FormattableString.Invariant($"{{\"sensor\":\"t1\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":{first},\"at\":\"{at:O}\"}}");
        return Encoding.UTF8.GetBytes($"{{\"device\":\"gw-1\",\"seq\":{seq},\"readings\":[{readings}]}}");
    }

    private sealed class Throwing : IStoredReadingsObserver
    {
        public void Stored(IReadOnlyList<StoredReading> readings) => throw new InvalidOperationException("broken observer");
    }
}
