using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>A raw-material batch is harvested from a registered area, of a species the area grows, in the past.</summary>
public sealed class HarvestRulesTests
{
    private static CaptureDecision Check(BatchHarvested harvest, CaptureContext? context = null) =>
        CaptureRules.Check(FacilityHistory.Registered().Records, harvest, context ?? NgocLinh.HarvestContext());

    [Fact]
    public void WhenFiftyKilogramsOfVineGinsengAreHarvestedFromTheRegisteredLot_TheHarvestIsAccepted() =>
        Decision.Accepted(Check(NgocLinh.Harvest()));

    [Fact]
    public void WhenTheAreaGrowsSeveralSpecies_AHarvestOfTheSecondIsAccepted() =>
        Decision.Accepted(Check(NgocLinh.Harvest(species: NgocLinh.NgocLinhGinseng)));

    [Theory]
    [InlineData("codonopsis javanica")]
    [InlineData("CODONOPSIS JAVANICA")]
    public void WhenTheSpeciesIsWrittenInAnotherCase_ItIsStillTheAreasSpecies(string species) =>
        Decision.Accepted(Check(NgocLinh.Harvest(species: species)));

    [Theory]
    [InlineData("SD 2026 001")]
    [InlineData("")]
    [InlineData("SD#1")]
    public void WhenTheBatchIdCannotBeAnIdentifier_ItIsRefusedOnBatchId(string batchId) =>
        Decision.Invalid(Check(NgocLinh.Harvest(batchId: batchId)), "batch_id");

    [Theory]
    [InlineData("NL TK123")]
    [InlineData("")]
    public void WhenTheAreaCodeCannotBeAnIdentifier_ItIsRefusedOnAreaCode(string areaCode) =>
        Decision.Invalid(Check(NgocLinh.Harvest() with { AreaCode = areaCode }), "area_code");

    [Theory]
    [MemberData(nameof(RegistrationRulesTests.UnusableTexts), MemberType = typeof(RegistrationRulesTests))]
    public void WhenTheSpeciesIsMissingOrUnusable_ItIsRefusedOnSpecies(string? species) =>
        Decision.Invalid(Check(NgocLinh.Harvest() with { Species = species! }), "species");

    [Theory]
    [MemberData(nameof(RegistrationRulesTests.UnusableTexts), MemberType = typeof(RegistrationRulesTests))]
    public void WhenTheHarvesterIsMissingOrUnusable_ItIsRefusedOnHarvester(string? harvester) =>
        Decision.Invalid(Check(NgocLinh.Harvest() with { Harvester = harvester! }), "harvester");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(CaptureRules.MaxMassGrams + 1)]
    [InlineData(long.MaxValue)]
    public void WhenTheMassIsNotAPlausiblePositiveNumberOfGrams_ItIsRefusedOnMass(long grams) =>
        Decision.Invalid(Check(NgocLinh.Harvest(grams: grams)), "mass_g");

    [Theory]
    [InlineData(1)]
    [InlineData(CaptureRules.MaxMassGrams)]
    public void WhenTheMassIsBetweenOneGramAndAMillionTonnes_ItIsAccepted(long grams) =>
        Decision.Accepted(Check(NgocLinh.Harvest(grams: grams)));

    [Fact]
    public void WhenTheHarvestTimeIsMissing_ItIsRequired()
    {
        var violation = Decision.Invalid(Check(NgocLinh.Harvest() with { HarvestedAt = default }), "harvested_at");

        Assert.Equal("is required", violation.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3600)]
    [InlineData(86_400 * 365)]
    public void WhenTheHarvestIsDatedInTheFuture_ItIsRefusedOnHarvestedAt(int secondsAhead)
    {
        var violation = Decision.Invalid(Check(NgocLinh.Harvest() with { HarvestedAt = NgocLinh.Now.AddSeconds(secondsAhead) }), "harvested_at");

        Assert.Contains("is in the future", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheHarvestIsDatedThisVeryMoment_ItIsAccepted() =>
        Decision.Accepted(Check(NgocLinh.Harvest() with { HarvestedAt = NgocLinh.Now }));

    [Fact]
    public void WhenTheHarvestTimeIsWrittenInUtc_ItIsComparedAsAnInstant() =>
        Decision.Accepted(Check(NgocLinh.Harvest() with { HarvestedAt = NgocLinh.Now.AddMinutes(-1).ToUniversalTime() }));

    [Fact]
    public void WhenTheAreaIsNotRegistered_ItIsNotFoundOnAreaCode()
    {
        var violation = Decision.NotFound(Check(NgocLinh.Harvest(), NgocLinh.Context()), "area_code");

        Assert.Contains(NgocLinh.AreaCode, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheAreaIsNotRegisteredForTheSpecies_ItIsRefusedOnSpecies()
    {
        var violation = Decision.Precondition(Check(NgocLinh.Harvest(species: "Coffea arabica")), "species");

        Assert.Equal("area 'NL-TK123-K4-L2' is registered for Codonopsis javanica, Panax vietnamensis, not 'Coffea arabica'", violation.Message);
    }

    [Fact]
    public void WhenTheFacilityIsNotRegistered_TheHarvestWaitsForTheRegistration() =>
        Decision.Precondition(CaptureRules.Check(FacilityHistory.Empty().Records, NgocLinh.Harvest(), NgocLinh.HarvestContext()), "facility_id");

    [Fact]
    public void WhenTheRulesAreGivenNothing_TheyThrow()
    {
        var records = FacilityHistory.Registered().Records;

        Assert.Throws<ArgumentNullException>(() => CaptureRules.Check(null!, NgocLinh.Harvest(), NgocLinh.HarvestContext()));
        Assert.Throws<ArgumentNullException>(() => CaptureRules.Check(records, null!, NgocLinh.HarvestContext()));
        Assert.Throws<ArgumentNullException>(() => CaptureRules.Check(records, NgocLinh.Harvest(), null!));
    }
}
