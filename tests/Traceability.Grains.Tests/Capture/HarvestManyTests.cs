using Traceability.Events;
using Traceability.Grains.Access;
using Traceability.Grains.Tests.Fixtures;
using Traceability.Rules;
using Traceability.Security.Principals;

namespace Traceability.Grains.Tests.Capture;

/// <summary>
/// IFacilityGrain.HarvestMany on the in-process cluster: each harvest decided as Capture would
/// decide it, in order, with one result each; repeats inside the call and of earlier records; the
/// state afterwards the same as after the harvests one by one; the grain boundary for the call.
/// </summary>
public sealed class HarvestManyTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task EachHarvestIsDecidedOnItsOwn_InOrder_AndOnlyTheAcceptedOnesAreStored()
    {
        var coop = Cooperative.Next();
        await coop.RegisterAsync(Grains);
        var before = await cluster.EventCountAsync();
        var first = Numbered(coop, 1);
        var candidates = new[]
        {
            first,
            Numbered(coop, 2) with { MassGrams = 0 },
            first,
            first with { MassGrams = 7_000 },
            Numbered(coop, 3) with { AreaCode = "DG-NOWHERE" },
            Numbered(coop, 4),
        };

        var results = await coop.Grain(Grains).HarvestMany(candidates);

        Assert.Equal(6, results.Count);
        Assert.Equal(first.BatchId, ((BatchHarvested)results[0].Recorded!.Event).BatchId);
        Assert.False(results[0].Repeated);
        Assert.Equal(("mass_g", ViolationKind.InvalidArgument), (results[1].Violation!.Field, results[1].Violation!.Kind));
        Assert.True(results[2].Repeated);
        Assert.Equal(results[0].Recorded, results[2].Recorded);
        Assert.Equal(("batch_id", ViolationKind.AlreadyExists), (results[3].Violation!.Field, results[3].Violation!.Kind));
        Assert.Equal(("area_code", ViolationKind.NotFound), (results[4].Violation!.Field, results[4].Violation!.Kind));
        Assert.Null(results[5].Violation);
        Assert.Equal(before + 2, await cluster.EventCountAsync());
        Assert.Equal(first.MassGrams, (await Grains.GetGrain<IBatchGrain>(first.BatchId).Describe())!.InitialMassGrams);
    }

    [Fact]
    public async Task HarvestsRecordedEarlier_AreRepeats_AndTheFacilityKnowsEveryNewBatch()
    {
        var coop = Cooperative.Next();
        await coop.RegisterAsync(Grains);
        var earlier = Numbered(coop, 1);
        await coop.RecordAsync(Grains, earlier);
        var before = await cluster.EventCountAsync();

        var results = await coop.Grain(Grains).HarvestMany([earlier, Numbered(coop, 2), Numbered(coop, 3)]);

        Assert.True(results[0].Repeated);
        Assert.All(results.Skip(1), r => Assert.False(r.Repeated));
        Assert.Equal(before + 2, await cluster.EventCountAsync());
        // The facility's records took the new batches in: a step may now take from them.
        var step = coop.WashingOf(Numbered(coop, 3).BatchId, 1_000);
        Assert.Null((await coop.RecordAsync(Grains, step))[0].Violation);
    }

    [Fact]
    public async Task AnotherFacilitysOperator_CannotHarvestManyForAFacility_AndNothingIsWritten()
    {
        var owner = Cooperative.Next();
        await owner.RegisterAsync(Grains);
        var before = await cluster.EventCountAsync();

        using (CallerContext.Enter(Principal.ForOperator("op-neighbour", Cooperative.Next().FacilityId)))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => owner.Grain(Grains).HarvestMany([Numbered(owner, 1)]));
            Assert.Contains("refused at the grain boundary", refused.Message, StringComparison.Ordinal);
        }

        using (CallerContext.Enter(Principal.ForOperator("op-owner", owner.FacilityId)))
        {
            Assert.Null((await owner.Grain(Grains).HarvestMany([Numbered(owner, 2)]))[0].Violation);
        }

        Assert.Equal(before + 1, await cluster.EventCountAsync());
    }

    private static BatchHarvested Numbered(Cooperative coop, int n) =>
        coop.Harvest(10_000 + n) with { BatchId = $"{coop.HarvestBatchId}-{n}" };
}
