using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>
/// A lot of a registered product is packed at one of the facility's sites from its own batches,
/// produced in the past, expiring after it was produced, with a plausible packing yield.
/// </summary>
public sealed class LotRulesTests
{
    private static readonly LotPacked Lot = NgocLinh.Lot();

    private static CaptureDecision Check(LotPacked lot, FacilityHistory? history = null, CaptureContext? context = null) =>
        CaptureRules.Check((history ?? FacilityHistory.Dried()).Records, lot, context ?? NgocLinh.PackingContext());

    [Fact]
    public void WhenFortyEightBagsArePackedFromTheDriedRoots_TheLotIsAccepted() =>
        Decision.Accepted(Check(Lot));

    [Theory]
    [InlineData("08938521000010")]
    [InlineData("8938521000013")]
    [InlineData("0893852100001")]
    [InlineData("")]
    public void WhenTheGtinIsNotAFourteenDigitGtin_ItIsRefusedOnGtin(string gtin) =>
        Decision.Invalid(Check(Lot with { Gtin = gtin }), "gtin");

    [Theory]
    [InlineData("L2605 01")]
    [InlineData("L#2605")]
    [InlineData("LÔ-2605")]
    [InlineData("L2605-01-NGOCLINH-SAY")]
    [InlineData("")]
    public void WhenTheLotCodeIsNotAGs1LotCode_ItIsRefusedOnLot(string lotCode) =>
        Decision.Invalid(Check(Lot with { LotCode = lotCode }), "lot");

    [Theory]
    [InlineData("")]
    [InlineData("NL XUONG")]
    public void WhenTheSiteIdCannotBeAnIdentifier_ItIsRefusedOnSiteId(string siteId) =>
        Decision.Invalid(Check(Lot with { SiteId = siteId }), "site_id");

    [Theory]
    [InlineData(0)]
    [InlineData(-48)]
    [InlineData(int.MinValue)]
    public void WhenTheUnitCountIsNotPositive_ItIsRefusedOnUnitCount(int units)
    {
        var violation = Decision.Invalid(Check(Lot with { UnitCount = units }), "unit_count");

        Assert.Equal($"must be positive, not {units}", violation.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-200)]
    [InlineData(CaptureRules.MaxMassGrams + 1)]
    public void WhenTheNetMassPerUnitIsNotAPlausiblePositiveNumberOfGrams_ItIsRefused(long grams) =>
        Decision.Invalid(Check(Lot with { NetMassPerUnitGrams = grams }), "net_mass_per_unit_g");

    [Fact]
    public void WhenTheProductionDateIsMissing_ItIsRequired() =>
        Assert.Equal("is required", Decision.Invalid(Check(Lot with { ProducedOn = default }), "produced_on").Message);

    [Theory]
    [InlineData("2026-06-02")]
    [InlineData("2026-07-01")]
    [InlineData("2027-06-01")]
    public void WhenTheProductionDateIsInTheFuture_ItIsRefusedOnProducedOn(string producedOn)
    {
        var produced = DateOnly.Parse(producedOn, System.Globalization.CultureInfo.InvariantCulture);

        var violation = Decision.Invalid(Check(Lot with { ProducedOn = produced, ExpiresOn = produced.AddYears(2) }), "produced_on");

        Assert.Equal($"{producedOn} is in the future", violation.Message);
    }

    [Fact]
    public void WhenTheLotIsDatedBeforeItsDriedRootsExisted_ItIsRefusedNamingTheInput()
    {
        // The roots finished drying on 2026-05-23: a lot cannot have been produced on the 22nd.
        var early = Lot with { ProducedOn = new(2026, 5, 22), ExpiresOn = new(2028, 5, 22) };

        var violation = Decision.Precondition(Check(early), "inputs[0].batch_id");

        Assert.Contains("exists only from 2026-05-23", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheLotIsProducedTodayInVietnam_ItIsAccepted()
    {
        var today = DateOnly.FromDateTime(NgocLinh.Now.DateTime);

        Decision.Accepted(Check(Lot with { ProducedOn = today, ExpiresOn = today.AddYears(2) }));
    }

    [Fact]
    public void WhenTheLotIsDatedTheDayAfterTheUtcDate_ItFallsWithinTheGraceForTimeZonesAheadOfUtc()
    {
        // Clocks give UTC; a facility east of Greenwich may already be on the next calendar day.
        var lot = Lot with { ProducedOn = new(2026, 6, 2), ExpiresOn = new(2028, 6, 2) };

        Decision.Accepted(Check(lot, context: NgocLinh.PackingContext() with { Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero) }));
    }

    [Fact]
    public void WhenTheLotIsDatedTwoDaysAfterTheUtcDate_NoTimeZoneExplainsIt()
    {
        var lot = Lot with { ProducedOn = new(2026, 6, 3), ExpiresOn = new(2028, 6, 3) };

        Decision.Invalid(Check(lot, context: NgocLinh.PackingContext() with { Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero) }), "produced_on");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-365)]
    public void WhenTheLotExpiresOnOrBeforeItsProductionDate_ItIsRefusedOnExpiresOn(int daysAfterProduction)
    {
        var violation = Decision.Invalid(Check(Lot with { ExpiresOn = Lot.ProducedOn.AddDays(daysAfterProduction) }), "expires_on");

        Assert.Contains("must be after produced_on 2026-05-25", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheExpiryDateIsMissing_ItIsRefusedOnExpiresOn() =>
        Decision.Invalid(Check(Lot with { ExpiresOn = default }), "expires_on");

    [Fact]
    public void WhenTheLotExpiresTheDayAfterItIsProduced_ItIsAccepted() =>
        Decision.Accepted(Check(Lot with { ExpiresOn = Lot.ProducedOn.AddDays(1) }));

    [Fact]
    public void WhenTheLotIsPackedFromNothing_ItIsRefusedOnInputs()
    {
        Decision.Invalid(Check(Lot with { Inputs = [] }), "inputs");
        Decision.Invalid(Check(Lot with { Inputs = null! }), "inputs");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void WhenAnInputMassIsNotPositive_ItsIndexIsNamed(long grams) =>
        Decision.Invalid(Check(Lot with { Inputs = [new(NgocLinh.DriedBatchId, 9_600), new(NgocLinh.HarvestBatchId, grams)] }), "inputs[1].mass_g");

    [Fact]
    public void WhenAnInputBatchIdCannotBeAnIdentifier_ItsIndexIsNamed() =>
        Decision.Invalid(Check(Lot with { Inputs = [new(NgocLinh.DriedBatchId, 9_600), new("SD 2026", 1)] }), "inputs[1].batch_id");

    [Fact]
    public void WhenTheSameBatchIsListedTwice_TheSecondListingIsNamed() =>
        Decision.Invalid(Check(Lot with { Inputs = [new(NgocLinh.DriedBatchId, 5_000), new(NgocLinh.DriedBatchId, 5_000)] }), "inputs[1].batch_id");

    [Fact]
    public void WhenTheProductIsNotRegistered_ItIsNotFoundOnGtin()
    {
        var violation = Decision.NotFound(Check(Lot, context: NgocLinh.Context()), "gtin");

        Assert.Equal("product 08938521000013 is not registered", violation.Message);
    }

    [Fact]
    public void WhenTheSiteIsNotOneOfTheFacilitysSites_ItIsNotFoundOnSiteId() =>
        Decision.NotFound(Check(Lot with { SiteId = "XOP-XUONG-01" }), "site_id");

    [Fact]
    public void WhenAnInputBatchDoesNotExist_ItIsNotFoundOnThatInput() =>
        Decision.NotFound(Check(Lot with { Inputs = [new("SD-2026-999-KHO", 10_000)] }), "inputs[0].batch_id");

    [Fact]
    public void WhenTheLotIsPackedFromAnotherFacilitysBatch_ItIsRefusedNamingTheOwner()
    {
        var owners = new Dictionary<string, string> { ["XOP-2026-017-KHO"] = NgocLinh.NeighbourFacilityId };
        var lot = Lot with { Inputs = [new(NgocLinh.DriedBatchId, 5_000), new("XOP-2026-017-KHO", 5_000)] };

        var violation = Decision.Precondition(Check(lot, context: NgocLinh.PackingContext() with { BatchOwners = owners }), "inputs[1].batch_id");

        Assert.Equal("batch 'XOP-2026-017-KHO' belongs to facility 'HTX-XOP', not to the packing facility 'HTX-NGOCLINH'", violation.Message);
    }

    [Fact]
    public void WhenTheLotTakesMoreThanTheBatchHasLeft_ItIsRefusedNamingTheInput()
    {
        var lot = Lot with { UnitCount = 50, Inputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams + 1)] };

        var violation = Decision.Precondition(Check(lot), "inputs[0].mass_g");

        Assert.Equal("batch 'SD-2026-001-KHO' has 10000 g left; 10001 g cannot be taken from it", violation.Message);
    }

    [Fact]
    public void WhenTheFreshRootsWereAllDriedAlready_TheyCannotBePackedAsWell() =>
        Decision.Precondition(Check(Lot with { UnitCount = 240, Inputs = [new(NgocLinh.HarvestBatchId, NgocLinh.HarvestGrams)] }), "inputs[0].mass_g");

    [Fact]
    public void WhenASecondLotIsPackedFromRootsTheFirstLotUsedUp_ItIsRefused()
    {
        var history = FacilityHistory.Dried().With(Lot);

        Decision.Precondition(Check(Lot with { LotCode = "L2605-02" }, history), "inputs[0].mass_g");
    }

    [Theory]
    [InlineData(45, 200)] // 9.0 kg from 10 kg: the lowest plausible packing yield
    [InlineData(50, 200)] // all 10 kg into bags
    [InlineData(1, 9_000)]
    [InlineData(1, 10_000)]
    public void WhenThePackedMassIsNinetyToOneHundredPercentOfTheInputs_TheLotIsAccepted(int units, long gramsPerUnit) =>
        Decision.Accepted(Check(Lot with { UnitCount = units, NetMassPerUnitGrams = gramsPerUnit }));

    [Theory]
    [InlineData(44, 200)]
    [InlineData(51, 200)]
    [InlineData(1, 8_999)]
    [InlineData(1, 10_001)]
    [InlineData(45, 199)]
    public void WhenThePackedMassIsNotAPlausiblePackingYield_ItIsRefusedOnUnitCount(int units, long gramsPerUnit) =>
        Decision.Precondition(Check(Lot with { UnitCount = units, NetMassPerUnitGrams = gramsPerUnit }), "unit_count");

    [Fact]
    public void WhenARefusedPackingYieldIsReported_TheMessageStatesTheUnitsAndMasses()
    {
        var violation = Decision.Precondition(Check(Lot with { UnitCount = 60 }), "unit_count");

        Assert.Equal("60 units of 200 g make 12000 g from 10000 g of inputs (yield 1.2); a plausible packing yield is 0.9 to 1", violation.Message);
    }

    [Fact]
    public void WhenTheUnitCountTimesTheUnitMassIsAstronomical_ItIsRefusedRatherThanOverflowing() =>
        Decision.Precondition(Check(Lot with { UnitCount = int.MaxValue, NetMassPerUnitGrams = CaptureRules.MaxMassGrams }), "unit_count");

    [Fact]
    public void WhenTheFacilityConfiguresAStricterPackingYield_TheRulesApplyIt()
    {
        var stricter = new YieldPolicy(new Dictionary<StepKind, YieldRange> { [StepKind.Packing] = new(0.97, 1.00) });

        Decision.Precondition(Check(Lot, context: NgocLinh.PackingContext() with { Yields = stricter }), "unit_count");
    }

    [Fact]
    public void WhenTheLotIsPackedFromTwoBatches_TheYieldIsOverTheirTotal()
    {
        var history = FacilityHistory.Dried().With(
            NgocLinh.Harvest(NgocLinh.SecondHarvestBatchId, 25_000),
            NgocLinh.Drying() with
            {
                StepId = "SAY-2026-002",
                Inputs = [new(NgocLinh.SecondHarvestBatchId, 25_000)],
                Outputs = [new("SD-2026-002-KHO", 5_000, "Sâm dây sấy khô")],
            });
        var lot = Lot with { UnitCount = 72, Inputs = [new(NgocLinh.DriedBatchId, 10_000), new("SD-2026-002-KHO", 5_000)] };

        Decision.Accepted(Check(lot, history));
    }

    [Fact]
    public void WhenTheFacilityIsNotRegistered_TheLotWaitsForTheRegistration() =>
        Decision.Precondition(Check(Lot, FacilityHistory.Empty()), "facility_id");
}
