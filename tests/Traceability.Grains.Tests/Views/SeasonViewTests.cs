using Traceability.Disclosure;
using Traceability.Events;
using Traceability.Grains.Tests.Fixtures;

namespace Traceability.Grains.Tests.Views;

public sealed class SeasonViewTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task WhenPartOfTheHarvestIsWashed_ItsViewShowsWhatIsLeftAndWhereTheRestWent()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);

        var harvest = await Grains.GetGrain<IBatchGrain>(cooperative.HarvestBatchId).Describe();

        Assert.NotNull(harvest);
        Assert.Equal(cooperative.FacilityId, harvest.FacilityId);
        Assert.Equal([Cooperative.VineGinseng], harvest.Species);
        Assert.Equal(cooperative.AreaCode, harvest.Origin.AreaCode);
        Assert.Null(harvest.Origin.StepId);
        Assert.Equal(Cooperative.HarvestGrams, harvest.InitialMassGrams);
        Assert.Equal(Cooperative.HarvestGrams - Cooperative.WashedTakenGrams, harvest.RemainingGrams);
        var use = Assert.Single(harvest.Uses);
        Assert.Equal((RecordKind.Step, cooperative.WashingStepId, Cooperative.WashedTakenGrams), (use.Kind, use.Key, use.MassGrams));
    }

    [Fact]
    public async Task WhenTheDriedRootsArePacked_TheirViewShowsTheLotTheStepThatMadeThemAndTheForestSpecies()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);

        var dried = await Grains.GetGrain<IBatchGrain>(cooperative.DriedBatchId).Describe();

        Assert.NotNull(dried);
        Assert.Equal([Cooperative.VineGinseng], dried.Species);
        Assert.Equal(cooperative.DryingStepId, dried.Origin.StepId);
        Assert.Null(dried.Origin.AreaCode);
        Assert.Equal(Cooperative.DriedGrams, dried.InitialMassGrams);
        Assert.Equal(Cooperative.DriedGrams - Cooperative.PackedTakenGrams, dried.RemainingGrams);
        var use = Assert.Single(dried.Uses);
        Assert.Equal((RecordKind.Lot, cooperative.LotKey, Cooperative.PackedTakenGrams), (use.Kind, use.Key, use.MassGrams));
    }

    [Fact]
    public async Task WhenTheSeasonIsRecorded_EachRegisteredRecordShowsTheFactThatCreatedIt()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);

        var facility = await cooperative.Grain(Grains).Describe();
        var site = await Grains.GetGrain<ISiteGrain>(cooperative.DryingHouseId).Describe();
        var area = await Grains.GetGrain<IAreaGrain>(cooperative.AreaCode).Describe();
        var product = await Grains.GetGrain<IProductGrain>(cooperative.Gtin).Describe();
        var step = await Grains.GetGrain<IStepGrain>(cooperative.DryingStepId).Describe();
        var lot = await Grains.GetGrain<ILotGrain>(cooperative.LotKey).Describe();

        Assert.Equal(cooperative.Registration(), facility!.Record);
        Assert.Equal(cooperative.DryingHouse(), site!.Record);
        // As requested, with the choices the capture settled: a cooperative's outline public, the owner and operator withheld.
        Assert.Equal(EventJson.Serialize(cooperative.ForestLot() with { OutlineDisclosure = FieldDisclosure.Publish, OwnerDisclosure = area!.Record.OwnerDisclosure }), EventJson.Serialize(area.Record));
        Assert.True(Commitment.IsSalt(area.Record.OwnerDisclosure!.Salt));
        Assert.Equal(cooperative.Product(), product!.Record);
        Assert.Equal(EventJson.Serialize(cooperative.Drying() with { OperatorDisclosure = step!.Record.OperatorDisclosure }), EventJson.Serialize(step.Record));
        Assert.True(Commitment.IsSalt(step.Record.OperatorDisclosure!.Salt));
        Assert.Equal(EventJson.Serialize(cooperative.Lot()), EventJson.Serialize(lot!.Record));
        Assert.True(facility.Sequence < site.Sequence && site.Sequence < area.Sequence && area.Sequence < product.Sequence && product.Sequence < step.Sequence && step.Sequence < lot.Sequence);
        Assert.Equal(FieldCluster.Now, lot.RecordedAt);
    }

    [Fact]
    public async Task WhenNothingIsRecordedUnderABatchId_ItHasNoView()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);

        var harvest = await Grains.GetGrain<IBatchGrain>(cooperative.HarvestBatchId).Describe();

        Assert.Null(harvest);
    }
}
