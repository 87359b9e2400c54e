using Traceability.Grains.Tests.Fixtures;
using Traceability.Rules;

namespace Traceability.Grains.Tests.Capture;

public sealed class RepeatedAndRefusedCaptureTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task WhenAHarvestIsSentAgainAfterALostReply_TheFirstRecordIsReturnedAndNothingIsWritten()
    {
        var cooperative = Cooperative.Next();
        var first = await cooperative.HarvestAsync(Grains);
        var before = await cluster.EventCountAsync();

        var again = await cooperative.Grain(Grains).Capture(cooperative.Harvest());

        Assert.True(again.Repeated);
        Assert.Null(again.Violation);
        Assert.Equal(first.Recorded!.Sequence, again.Recorded!.Sequence);
        Assert.Equal(first.Recorded.RecordedAt, again.Recorded.RecordedAt);
        Assert.Equal(before, await cluster.EventCountAsync());
    }

    [Fact]
    public async Task WhenADryingStepIsSentAgainAfterALostReply_TheFirstRecordIsReturnedAndTheHarvestIsNotTakenTwice()
    {
        var cooperative = Cooperative.Next();
        await cooperative.HarvestAsync(Grains);
        var first = (await cooperative.RecordAsync(Grains, cooperative.DryingOfHarvest($"{cooperative.Tag}-SAY-101", 30_000)))[0];
        var before = await cluster.EventCountAsync();

        var again = await cooperative.Grain(Grains).Capture(cooperative.DryingOfHarvest($"{cooperative.Tag}-SAY-101", 30_000));

        Assert.True(again.Repeated);
        Assert.Equal(first.Recorded!.Sequence, again.Recorded!.Sequence);
        Assert.Equal(before, await cluster.EventCountAsync());
        var harvest = await Grains.GetGrain<IBatchGrain>(cooperative.HarvestBatchId).Describe();
        Assert.Equal(Cooperative.HarvestGrams - 30_000, harvest!.RemainingGrams);
    }

    [Fact]
    public async Task WhenABatchIdIsReusedForAnotherHarvest_ItIsRefusedAsAlreadyExisting()
    {
        var cooperative = Cooperative.Next();
        await cooperative.HarvestAsync(Grains);

        await cluster.RefusedWithoutWritingAsync(
            () => cooperative.Grain(Grains).Capture(cooperative.Harvest(grams: 40_000)),
            ViolationKind.AlreadyExists,
            "batch_id");

        var harvest = await Grains.GetGrain<IBatchGrain>(cooperative.HarvestBatchId).Describe();
        Assert.Equal(Cooperative.HarvestGrams, harvest!.InitialMassGrams);
    }

    [Fact]
    public async Task WhenAFacilityCapturesAFactOfAnotherFacility_ItIsRefused()
    {
        var cooperative = Cooperative.Next();
        var neighbour = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);
        await neighbour.RecordAsync(Grains, neighbour.Registration());

        await cluster.RefusedWithoutWritingAsync(
            () => cooperative.Grain(Grains).Capture(neighbour.DryingHouse()),
            ViolationKind.InvalidArgument,
            "facility_id");

        Assert.Null(await Grains.GetGrain<ISiteGrain>(neighbour.DryingHouseId).Describe());
    }

    [Fact]
    public async Task WhenACooperativeWashesANeighboursHarvest_ItIsRefusedNamingTheOwner()
    {
        var cooperative = Cooperative.Next();
        var neighbour = Cooperative.Next();
        await cooperative.HarvestAsync(Grains);
        await neighbour.RegisterAsync(Grains);

        var violation = await cluster.RefusedWithoutWritingAsync(
            () => neighbour.Grain(Grains).Capture(neighbour.WashingOf(cooperative.HarvestBatchId, 10_000)),
            ViolationKind.FailedPrecondition,
            "inputs[0].batch_id");

        Assert.Contains($"'{cooperative.FacilityId}'", violation.Message, StringComparison.Ordinal);
        var harvest = await Grains.GetGrain<IBatchGrain>(cooperative.HarvestBatchId).Describe();
        Assert.Equal(Cooperative.HarvestGrams, harvest!.RemainingGrams);
        Assert.Empty(harvest.Uses);
    }

    [Fact]
    public async Task WhenANeighbourRegistersAForestLotAlreadyRegistered_ItIsRefusedNamingTheOwner()
    {
        var cooperative = Cooperative.Next();
        var neighbour = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);
        await neighbour.RecordAsync(Grains, neighbour.Registration());

        var violation = await cluster.RefusedWithoutWritingAsync(
            () => neighbour.Grain(Grains).Capture(neighbour.ForestLot(cooperative.AreaCode)),
            ViolationKind.AlreadyExists,
            "area_code");

        Assert.Contains($"'{cooperative.FacilityId}'", violation.Message, StringComparison.Ordinal);
        var area = await Grains.GetGrain<IAreaGrain>(cooperative.AreaCode).Describe();
        Assert.Equal(cooperative.FacilityId, area!.Record.FacilityId);
    }

    [Fact]
    public async Task WhenTwoDryingStepsTogetherAskForMoreThanTheHarvest_ExactlyOneIsAccepted()
    {
        var cooperative = Cooperative.Next();
        await cooperative.HarvestAsync(Grains);
        var before = await cluster.EventCountAsync();
        var facility = cooperative.Grain(Grains);

        var results = await Task.WhenAll(
            Task.Run(() => facility.Capture(cooperative.DryingOfHarvest($"{cooperative.Tag}-SAY-201", 30_000))),
            Task.Run(() => facility.Capture(cooperative.DryingOfHarvest($"{cooperative.Tag}-SAY-202", 30_000))));

        var accepted = Assert.Single(results, r => r.Recorded is not null);
        var refused = Assert.Single(results, r => r.Recorded is null);
        Assert.Equal(ViolationKind.FailedPrecondition, refused.Violation!.Kind);
        Assert.Equal("inputs[0].mass_g", refused.Violation.Field);
        Assert.Equal(before + 1, await cluster.EventCountAsync());
        var harvest = await Grains.GetGrain<IBatchGrain>(cooperative.HarvestBatchId).Describe();
        Assert.Equal(Cooperative.HarvestGrams - 30_000, harvest!.RemainingGrams);
        Assert.Equal(accepted.Recorded!.Sequence, harvest.Sequence);
    }

    [Fact]
    public async Task WhenTwoCooperativesRegisterTheSameForestLotAtOnce_OneIsRefusedNamingTheOther()
    {
        var cooperative = Cooperative.Next();
        var neighbour = Cooperative.Next();
        await cooperative.RecordAsync(Grains, cooperative.Registration());
        await neighbour.RecordAsync(Grains, neighbour.Registration());
        var before = await cluster.EventCountAsync();

        var results = await Task.WhenAll(
            Task.Run(() => cooperative.Grain(Grains).Capture(cooperative.ForestLot())),
            Task.Run(() => neighbour.Grain(Grains).Capture(neighbour.ForestLot(cooperative.AreaCode))));

        var winner = Assert.Single(results, r => r.Recorded is not null).Recorded!.Event.FacilityId;
        var refused = Assert.Single(results, r => r.Recorded is null).Violation!;
        Assert.Equal((ViolationKind.AlreadyExists, "area_code"), (refused.Kind, refused.Field));
        Assert.Contains($"'{winner}'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before + 1, await cluster.EventCountAsync());
        var area = await Grains.GetGrain<IAreaGrain>(cooperative.AreaCode).Describe();
        Assert.Equal(winner, area!.Record.FacilityId);
    }

    /// <summary>
    /// Known bug: for the same mistake with its own batch the rules answer <c>outputs[0].batch_id</c>;
    /// when the store finds the clash FacilityGrain answers only <c>outputs</c>.
    /// </summary>
    [Fact]
    public async Task WhenAStepNamesItsOutputAfterANeighboursBatch_TheRefusalPointsAtThatOutput()
    {
        var cooperative = Cooperative.Next();
        var neighbour = Cooperative.Next();
        await cooperative.HarvestAsync(Grains);
        await neighbour.HarvestAsync(Grains);
        var drying = cooperative.DryingOfHarvest($"{cooperative.Tag}-SAY-301", 30_000);
        drying = drying with { Outputs = [drying.Outputs[0] with { BatchId = neighbour.HarvestBatchId }] };

        var violation = await cluster.RefusedWithoutWritingAsync(
            () => cooperative.Grain(Grains).Capture(drying),
            ViolationKind.AlreadyExists,
            "outputs[0].batch_id");

        Assert.Contains($"'{neighbour.FacilityId}'", violation.Message, StringComparison.Ordinal);
    }
}
