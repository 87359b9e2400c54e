using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Grains.Tests.Fixtures;

namespace Traceability.Grains.Tests.Capture;

/// <summary>
/// The facility grain settles the producer's choices before the rules: the default when it says
/// nothing (by the facility's kind for an area's outline), one salt per withheld value, kept by a
/// repeat; the event it records renders without the withheld values.
/// </summary>
public sealed class WithheldValuesCaptureTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task WhenAHarvestNamesNoChoice_ItsHarvesterIsWithheldAndOnlyItsDigestIsRendered()
    {
        var cooperative = Cooperative.Next();

        var recorded = (BatchHarvested)(await cooperative.HarvestAsync(Grains)).Recorded!.Event;

        Assert.Equal("A Thị Bến", recorded.Harvester);
        Assert.False(recorded.HarvesterDisclosure!.Published);
        var epcis = EpcisRendering.Render(recorded, FieldCluster.Now);
        Assert.DoesNotContain("\"tr:harvester\"", epcis, StringComparison.Ordinal);
        Assert.Contains(Commitment.Digest(recorded.HarvesterDisclosure.Salt!, "A Thị Bến"), epcis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAWithheldHarvestIsSentAgain_TheAnswerKeepsTheFirstSalt()
    {
        var cooperative = Cooperative.Next();
        var first = (BatchHarvested)(await cooperative.HarvestAsync(Grains)).Recorded!.Event;
        var before = await cluster.EventCountAsync();

        var again = await cooperative.Grain(Grains).Capture(cooperative.Harvest());

        Assert.True(again.Repeated);
        Assert.Equal(first.HarvesterDisclosure, ((BatchHarvested)again.Recorded!.Event).HarvesterDisclosure);
        Assert.Equal(before, await cluster.EventCountAsync());
    }

    [Fact]
    public async Task WhenAHarvestPublishesItsHarvester_ItIsRenderedInClear()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RecordAsync(Grains, cooperative.Registration(), cooperative.ForestLot());

        var recorded = (await cooperative.RecordAsync(Grains, cooperative.Harvest() with { HarvesterDisclosure = FieldDisclosure.Publish }))[0].Recorded!.Event;

        Assert.Equal(FieldDisclosure.Publish, ((BatchHarvested)recorded).HarvesterDisclosure);
        Assert.Equal("A Thị Bến", EpcisRendering.ToJson(recorded, FieldCluster.Now)["ilmd"]!["tr:harvester"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(FacilityKind.Household, false)]
    [InlineData(FacilityKind.Cooperative, true)]
    public async Task AnAreasExactOutlineIsWithheldByDefaultOnlyWhenItsFacilityIsAHousehold(FacilityKind kind, bool published)
    {
        var cooperative = Cooperative.Next();
        await cooperative.RecordAsync(Grains, cooperative.Registration() with { Kind = kind });

        var area = (AreaRegistered)(await cooperative.RecordAsync(Grains, cooperative.ForestLot()))[0].Recorded!.Event;

        Assert.Equal(published, area.OutlineDisclosure!.Published);
        var epcis = EpcisRendering.Render(area, FieldCluster.Now);
        Assert.Equal(published, epcis.Contains("107.9652", StringComparison.Ordinal));
        Assert.Equal(!published, epcis.Contains("tr:exactBoundaryDigest", StringComparison.Ordinal));
    }
}
