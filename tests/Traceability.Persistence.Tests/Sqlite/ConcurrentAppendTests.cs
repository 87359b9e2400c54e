using Traceability.Events;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Storage;

namespace Traceability.Persistence.Tests.Sqlite;

public sealed class ConcurrentAppendTests : IDisposable
{
    private const int CapturePoints = 16;
    private const int HarvestsPerPoint = 125;

    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>16 sites each recording 125 harvests one after another, all sites at once.</summary>
    private static Task<AppendOutcome[][]> HarvestSeasonAsync(SqliteEventStore store) =>
        Task.WhenAll(Enumerable.Range(0, CapturePoints).Select(point => Task.Run(async () =>
        {
            var outcomes = new AppendOutcome[HarvestsPerPoint];
            for (var i = 0; i < HarvestsPerPoint; i++)
            {
                outcomes[i] = await store.AppendAsync(DakGlei.Pending(DakGlei.Harvest($"SD-P{point:D2}-{i:D3}", $"HTX-{point:D2}")));
            }

            return outcomes;
        })));

    [Fact]
    public async Task WhenSixteenSitesAppendTwoThousandHarvestsAtOnce_EveryOneIsDurableWithAUniqueGapFreeSequence()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);

        var outcomes = (await HarvestSeasonAsync(store)).SelectMany(o => o).ToList();

        Assert.All(outcomes, o => Assert.NotNull(o.Recorded));
        var sequences = outcomes.Select(o => o.Recorded!.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(1, CapturePoints * HarvestsPerPoint).Select(i => (long)i), sequences);
        var stored = await store.AllAsync();
        Assert.Equal(sequences, stored.Select(s => s.Recorded.Sequence));
        var acknowledged = outcomes.ToDictionary(o => o.Recorded!.Sequence, o => o.Recorded!.Event.Json());
        Assert.All(stored, s => Assert.Equal(acknowledged[s.Recorded.Sequence], s.Recorded.Event.Json()));
    }

    [Fact]
    public async Task WhenEachSiteReadsItsOwnStreamAfterTheRush_ItFindsItsHarvestsInTheOrderItRecordedThem()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        var outcomes = await HarvestSeasonAsync(store);

        var streams = await Task.WhenAll(Enumerable.Range(0, CapturePoints).Select(point =>
            store.StreamAsync(new RecordKey(RecordKind.Facility, $"HTX-{point:D2}"))));

        for (var point = 0; point < CapturePoints; point++)
        {
            Assert.Equal(outcomes[point].Select(o => o.Recorded!.Sequence), streams[point].Select(r => r.Sequence));
        }
    }
}
