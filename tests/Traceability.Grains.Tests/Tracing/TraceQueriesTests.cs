using Traceability.Grains.Tests.Fixtures;
using Traceability.Grains.Tracing;

namespace Traceability.Grains.Tests.Tracing;

public sealed class TraceQueriesTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private readonly TraceQueries _trace = new(cluster.Grains);

    [Fact]
    public async Task WhenABuyerScansTheLot_TheTraceReachesTheForestLotThroughThreeSteps()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(cluster.Grains);

        var trace = await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode);

        Assert.NotNull(trace);
        Assert.Equal(3, trace.Depth);
        Assert.Equal(cooperative.LotCode, trace.Lot.Record.LotCode);
        Assert.Equal(cooperative.Gtin, trace.Product!.Record.Gtin);
        var area = Assert.Single(trace.Areas);
        Assert.Equal(cooperative.AreaCode, area.Record.AreaCode);
        Assert.Equal([Cooperative.VineGinseng], area.Record.Species);
        Assert.Equal([Domain.Certification.VietGap], area.Record.Certifications);
        Assert.Equal(
            [cooperative.HarvestBatchId, cooperative.WashedBatchId, cooperative.SlicedBatchId, cooperative.DriedBatchId],
            trace.Batches.Select(b => b.BatchId));
        Assert.Equal([cooperative.WashingStepId, cooperative.SlicingStepId, cooperative.DryingStepId], trace.Steps.Select(s => s.Record.StepId));
        Assert.Equal(
            new[] { cooperative.DryingHouseId, cooperative.ProcessingHouseId }.Order(StringComparer.Ordinal),
            trace.Sites.Select(s => s.Record.SiteId).Order(StringComparer.Ordinal));
        Assert.Equal(cooperative.FacilityId, Assert.Single(trace.Facilities).Record.FacilityId);
    }

    [Fact]
    public async Task WhenTheHarvestIsRecalled_TheForwardTraceFindsEveryBatchAndStepDownToTheLot()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(cluster.Grains);

        var recall = await _trace.ForwardAsync(cooperative.HarvestBatchId);

        Assert.NotNull(recall);
        Assert.Equal(cooperative.HarvestBatchId, recall.Batch.BatchId);
        Assert.Equal([cooperative.WashedBatchId, cooperative.SlicedBatchId, cooperative.DriedBatchId], recall.Downstream.Select(b => b.BatchId));
        Assert.Equal([cooperative.WashingStepId, cooperative.SlicingStepId, cooperative.DryingStepId], recall.Steps.Select(s => s.Record.StepId));
        var lot = Assert.Single(recall.Lots);
        Assert.Equal((cooperative.Gtin, cooperative.LotCode), (lot.Record.Gtin, lot.Record.LotCode));
    }

    [Fact]
    public async Task WhenAnUnpackedBatchIsRecalled_TheForwardTraceFindsNoLot()
    {
        var cooperative = Cooperative.Next();
        await cooperative.HarvestAsync(cluster.Grains);
        await cooperative.RecordAsync(cluster.Grains, cooperative.Washing());

        var recall = await _trace.ForwardAsync(cooperative.HarvestBatchId);

        Assert.NotNull(recall);
        Assert.Equal([cooperative.WashedBatchId], recall.Downstream.Select(b => b.BatchId));
        Assert.Empty(recall.Lots);
    }

    [Fact]
    public async Task WhenALotCodeThatWasNeverPackedIsScanned_ThereIsNoTrace()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RegisterAsync(cluster.Grains);

        var trace = await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode);

        Assert.Null(trace);
    }
}
