using Traceability.Events;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Storage;

namespace Traceability.Persistence.Tests.Sqlite;

public sealed class ReopeningTheStoreTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Snapshot(StoredEvent stored) =>
        $"{stored.Recorded.Sequence}|{stored.Recorded.RecordedAt:O}|{stored.Recorded.Event.Json()}|{stored.Epcis}";

    private async Task<List<AppendOutcome>> RecordSeasonThenCloseAsync()
    {
        var outcomes = new List<AppendOutcome>();
        await using var store = new SqliteEventStore(_folder.StoreFile);
        outcomes.Add(await store.AppendAsync(DakGlei.Pending(DakGlei.Facility())));
        outcomes.Add(await store.AppendAsync(DakGlei.Pending(DakGlei.DryingHouse())));
        outcomes.Add(await store.AppendAsync(DakGlei.Pending(DakGlei.Area())));
        outcomes.AddRange(await Task.WhenAll(Enumerable.Range(1, 200).Select(i =>
            Task.Run(async () => await store.AppendAsync(DakGlei.Pending(DakGlei.Harvest($"SD-2026-{i:D3}")))))));
        outcomes.Add(await store.AppendAsync(DakGlei.Pending(DakGlei.Drying("SAY-2026-001", "SD-2026-001", "SD-2026-001-KHO"))));
        return outcomes;
    }

    [Fact]
    public async Task WhenTheStoreIsReopened_EveryAcknowledgedEventIsThereIdentical()
    {
        var acknowledged = await RecordSeasonThenCloseAsync();

        await using var reopened = new SqliteEventStore(_folder.StoreFile);
        var stored = await reopened.AllAsync();

        var expected = acknowledged.Select(o => o.Recorded!).OrderBy(r => r.Sequence)
            .Select(r => $"{r.Sequence}|{r.RecordedAt:O}|{r.Event.Json()}|{DakGlei.Epcis(r.Event)}");
        Assert.Equal(expected, stored.Select(Snapshot));
    }

    [Fact]
    public async Task WhenTheStoreIsReopened_StreamsAndOwnersAreStillKnown()
    {
        var acknowledged = await RecordSeasonThenCloseAsync();

        await using var reopened = new SqliteEventStore(_folder.StoreFile);
        var harvestStream = await reopened.StreamAsync(new RecordKey(RecordKind.Batch, "SD-2026-001"));
        var owner = await reopened.OwnerOfAsync(new RecordKey(RecordKind.Step, "SAY-2026-001"));

        var harvest = acknowledged.Single(o => o.Recorded!.Event is BatchHarvested { BatchId: "SD-2026-001" }).Recorded!;
        Assert.Equal([harvest.Sequence, acknowledged[^1].Recorded!.Sequence], harvestStream.Select(r => r.Sequence));
        Assert.Equal(DakGlei.NgocLinh, owner);
    }

    [Fact]
    public async Task WhenTheStoreIsReopened_ARecordKeyTakenBeforeIsStillRefused()
    {
        await RecordSeasonThenCloseAsync();

        await using var reopened = new SqliteEventStore(_folder.StoreFile);
        var outcome = await reopened.AppendAsync(DakGlei.Pending(DakGlei.Harvest("SD-2026-001", DakGlei.Xop)));

        Assert.Null(outcome.Recorded);
        Assert.Equal(DakGlei.NgocLinh, outcome.ConflictOwner);
    }

    [Fact]
    public async Task WhenTheStoreIsReopened_NewAppendsContinueTheSequence()
    {
        var acknowledged = await RecordSeasonThenCloseAsync();

        await using var reopened = new SqliteEventStore(_folder.StoreFile);
        var next = await reopened.AppendAsync(DakGlei.Pending(DakGlei.Harvest("SD-2026-201")));

        Assert.Equal(acknowledged.Max(o => o.Recorded!.Sequence) + 1, next.Recorded!.Sequence);
    }

    [Fact]
    public async Task WhenTheStoreIsClosedWithAppendsStillQueued_TheyCompleteAndSurviveReopening()
    {
        var store = new SqliteEventStore(_folder.StoreFile);
        var queued = Enumerable.Range(1, 300).Select(i => store.AppendAsync(DakGlei.Pending(DakGlei.Harvest($"SD-2026-{i:D3}")))).ToList();

        await store.DisposeAsync();

        var outcomes = new List<AppendOutcome>();
        foreach (var append in queued)
        {
            outcomes.Add(await append);
        }

        Assert.All(outcomes, o => Assert.NotNull(o.Recorded));
        await using var reopened = new SqliteEventStore(_folder.StoreFile);
        Assert.Equal(outcomes.Select(o => o.Recorded!.Sequence).Order(), (await reopened.AllAsync()).Select(s => s.Recorded.Sequence));
    }
}
