using Traceability.Events;
using Traceability.Grains.Tests.Fixtures;
using Traceability.Grains.Tracing;
using Traceability.Rules;

namespace Traceability.Grains.Tests.Tracing;

/// <summary>A lot's backward trace shows where it and its batches were stored, and only a facility's own goods can be stored by it.</summary>
public sealed class StorageTraceTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private readonly TraceQueries _trace = new(cluster.Grains);

    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task WhenABuyerScansAStoredLot_TheTraceShowsTheBatchsAndTheLotsStorageInTimeOrder()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);
        // Recorded in the other order than they happened: the trace orders by start.
        await cooperative.RecordAsync(Grains, cooperative.Store(), cooperative.LotStored(), cooperative.DriedRootsStored());

        var trace = await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode);

        Assert.NotNull(trace);
        Assert.Equal([cooperative.DriedStorageId, cooperative.LotStorageId], trace.Storages.Select(s => s.Record.StorageId));
        Assert.Equal([cooperative.LotKey], trace.Storages[1].Record.LotKeys);
        Assert.Equal([cooperative.DriedBatchId], trace.Storages[0].Record.BatchIds);
        Assert.Contains(cooperative.StoreId, trace.Sites.Select(s => s.Record.SiteId));
        Assert.Equal([cooperative.DriedStorageId], trace.Batches.Single(b => b.BatchId == cooperative.DriedBatchId).StorageIds);
    }

    [Fact]
    public async Task WhenTheLotIsStoredAfterItWasFirstTraced_TheNextTraceShowsTheStorage()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);
        await cooperative.RecordAsync(Grains, cooperative.Store());
        Assert.Empty((await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode))!.Storages);

        await cooperative.RecordAsync(Grains, cooperative.LotStored());
        await cooperative.RecordAsync(Grains, cooperative.DriedRootsStored());

        var trace = await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode);
        Assert.Equal([cooperative.DriedStorageId, cooperative.LotStorageId], trace!.Storages.Select(s => s.Record.StorageId));
    }

    [Fact]
    public async Task WhenAStorageIsAskedForById_ItIsShownAsRecorded()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonWithStorageAsync(Grains);

        var storage = await Grains.GetGrain<IStorageGrain>(cooperative.LotStorageId).Describe();

        Assert.NotNull(storage);
        Assert.Equal(cooperative.StoreId, storage.Record.SiteId);
        Assert.Null(await Grains.GetGrain<IStorageGrain>($"{cooperative.Tag}-KHO-2026-999").Describe());
    }

    [Fact]
    public async Task WhenAStorageIsSentAgainAfterALostReply_TheFirstRecordIsReturned()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonWithStorageAsync(Grains);
        var before = await cluster.EventCountAsync();

        var again = await cooperative.Grain(Grains).Capture(cooperative.LotStored());

        Assert.True(again.Repeated);
        Assert.Equal(before, await cluster.EventCountAsync());
    }

    [Fact]
    public async Task WhenACooperativeStoresANeighboursLot_ItIsRefusedNamingTheOwner()
    {
        var owner = Cooperative.Next();
        await owner.SeasonAsync(Grains);
        var neighbour = Cooperative.Next();
        await neighbour.RegisterAsync(Grains);
        await neighbour.RecordAsync(Grains, neighbour.Store());

        var violation = await cluster.RefusedWithoutWritingAsync(
            () => neighbour.Grain(Grains).Capture(neighbour.LotStored() with { LotKeys = [owner.LotKey] }),
            ViolationKind.FailedPrecondition,
            "lot_keys[0]");

        Assert.Contains($"belongs to facility '{owner.FacilityId}'", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenACooperativeStoresANeighboursBatch_ItIsRefusedNamingTheOwner()
    {
        var owner = Cooperative.Next();
        await owner.SeasonAsync(Grains);
        var neighbour = Cooperative.Next();
        await neighbour.HarvestAsync(Grains);
        await neighbour.RecordAsync(Grains, neighbour.Store());

        var violation = await cluster.RefusedWithoutWritingAsync(
            () => neighbour.Grain(Grains).Capture(neighbour.DriedRootsStored() with { BatchIds = [neighbour.HarvestBatchId, owner.DriedBatchId] }),
            ViolationKind.FailedPrecondition,
            "batch_ids[1]");

        Assert.Contains($"belongs to facility '{owner.FacilityId}'", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenACooperativeStoresGoodsAtANeighboursStore_TheSiteIsNotFound()
    {
        var owner = Cooperative.Next();
        await owner.RegisterAsync(Grains);
        await owner.RecordAsync(Grains, owner.Store());
        var neighbour = Cooperative.Next();
        await neighbour.SeasonAsync(Grains);

        await cluster.RefusedWithoutWritingAsync(
            () => neighbour.Grain(Grains).Capture(neighbour.LotStored() with { SiteId = owner.StoreId }),
            ViolationKind.NotFound,
            "site_id");
    }

    [Fact]
    public async Task WhenAStoredLotWasNeverPacked_ItIsNotFound()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);
        await cooperative.RecordAsync(Grains, cooperative.Store());

        await cluster.RefusedWithoutWritingAsync(
            () => cooperative.Grain(Grains).Capture(cooperative.LotStored()),
            ViolationKind.NotFound,
            "lot_keys[0]");
    }
}
