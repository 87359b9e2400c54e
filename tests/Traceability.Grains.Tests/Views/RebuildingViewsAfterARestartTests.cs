using System.Text.Json;
using Traceability.Events;
using Traceability.Grains.Tests.Fixtures;
using Traceability.Grains.Tracing;

namespace Traceability.Grains.Tests.Views;

public sealed class RebuildingViewsAfterARestartTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    /// <summary>Every view of the season as JSON: records holding arrays do not compare by value.</summary>
    private static async Task<Dictionary<string, string>> ViewsAsync(IGrainFactory grains, Cooperative cooperative)
    {
        var trace = new TraceQueries(grains);
        var views = new Dictionary<string, object?>
        {
            ["facility"] = await cooperative.Grain(grains).Describe(),
            ["drying house"] = await grains.GetGrain<ISiteGrain>(cooperative.DryingHouseId).Describe(),
            ["processing house"] = await grains.GetGrain<ISiteGrain>(cooperative.ProcessingHouseId).Describe(),
            ["store"] = await grains.GetGrain<ISiteGrain>(cooperative.StoreId).Describe(),
            ["forest lot"] = await grains.GetGrain<IAreaGrain>(cooperative.AreaCode).Describe(),
            ["product"] = await grains.GetGrain<IProductGrain>(cooperative.Gtin).Describe(),
            ["harvest"] = await grains.GetGrain<IBatchGrain>(cooperative.HarvestBatchId).Describe(),
            ["washed"] = await grains.GetGrain<IBatchGrain>(cooperative.WashedBatchId).Describe(),
            ["sliced"] = await grains.GetGrain<IBatchGrain>(cooperative.SlicedBatchId).Describe(),
            ["dried"] = await grains.GetGrain<IBatchGrain>(cooperative.DriedBatchId).Describe(),
            ["washing"] = await grains.GetGrain<IStepGrain>(cooperative.WashingStepId).Describe(),
            ["slicing"] = await grains.GetGrain<IStepGrain>(cooperative.SlicingStepId).Describe(),
            ["drying"] = await grains.GetGrain<IStepGrain>(cooperative.DryingStepId).Describe(),
            ["lot"] = await grains.GetGrain<ILotGrain>(cooperative.LotKey).Describe(),
            ["lot storage ids"] = await grains.GetGrain<ILotGrain>(cooperative.LotKey).StorageIds(),
            ["lot recalls"] = await grains.GetGrain<ILotGrain>(cooperative.LotKey).Recalls(),
            ["dried roots stored"] = await grains.GetGrain<IStorageGrain>(cooperative.DriedStorageId).Describe(),
            ["lot stored"] = await grains.GetGrain<IStorageGrain>(cooperative.LotStorageId).Describe(),
            ["backward trace"] = await trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode),
            ["forward trace"] = await trace.ForwardAsync(cooperative.HarvestBatchId),
        };
        return views.ToDictionary(v => v.Key, v => JsonSerializer.Serialize(v.Value, v.Value?.GetType() ?? typeof(object), EventJson.Options));
    }

    [Fact]
    public async Task WhenTheSiloRestarts_EveryViewIsRebuiltFromTheEventStoreAsItWas()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonWithStorageAsync(cluster.Grains);
        await cooperative.RecordAsync(cluster.Grains, cooperative.Withdrawal(), cooperative.Recall());
        var before = await ViewsAsync(cluster.Grains, cooperative);
        var storeBefore = cluster.Store;

        await cluster.RestartSiloAsync();

        var after = await ViewsAsync(cluster.Grains, cooperative);
        // A new silo with its own store instance: nothing can have been kept in memory.
        Assert.NotSame(storeBefore, cluster.Store);
        Assert.All(before, view => Assert.NotEqual("null", view.Value));
        Assert.All(before, view => Assert.Equal(view.Value, after[view.Key]));
        var repeated = await cooperative.Grain(cluster.Grains).Capture(cooperative.Lot());
        Assert.True(repeated.Repeated, $"the repeated lot was answered with {repeated.Violation}");
        Assert.Contains("\"kind\":\"Recall\"", after["backward trace"], StringComparison.Ordinal);
        var recalled = await cooperative.Grain(cluster.Grains).Capture(cooperative.Recall());
        Assert.True(recalled.Repeated, $"the repeated recall was answered with {recalled.Violation}");
    }
}
