using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>
/// A processing step happens at a drying or processing site of the facility, over a past time
/// window, and takes from its own batches no more than they still hold.
/// </summary>
public sealed class StepRulesTests
{
    private const string ForeignBatchId = "XOP-2026-017";

    private static readonly StepRecorded Drying = NgocLinh.Drying();

    private static CaptureDecision Check(StepRecorded step, FacilityHistory? history = null, CaptureContext? context = null) =>
        CaptureRules.Check((history ?? FacilityHistory.Harvested()).Records, step, context ?? NgocLinh.Context());

    /// <summary>The cooperative with two harvests: 50 kg and 30 kg of fresh vine-ginseng roots.</summary>
    private static FacilityHistory TwoHarvests() =>
        FacilityHistory.Harvested().With(NgocLinh.Harvest(NgocLinh.SecondHarvestBatchId, 30_000) with { HarvestedAt = NgocLinh.HarvestedAt.AddHours(1) });

    private static StepRecorded Washing(params BatchPortion[] inputs) =>
        Drying with
        {
            StepId = "RUA-2026-001",
            SiteId = NgocLinh.ProcessingSiteId,
            Kind = StepKind.Washing,
            Inputs = inputs,
            Outputs = [new BatchOutput("SD-2026-RUA-01", (long)(inputs.Sum(i => i.MassGrams) * 0.95), "Rễ sâm dây đã rửa")],
        };

    [Fact]
    public void WhenTheFreshHarvestIsDriedAtTheDryingHouse_TheStepIsAccepted() =>
        Decision.Accepted(Check(Drying));

    [Theory]
    [InlineData("SAY 2026 001")]
    [InlineData("")]
    [InlineData("SẤY-01")]
    public void WhenTheStepIdCannotBeAnIdentifier_ItIsRefusedOnStepId(string stepId) =>
        Decision.Invalid(Check(Drying with { StepId = stepId }), "step_id");

    [Theory]
    [InlineData("NL LOSAY")]
    [InlineData("")]
    public void WhenTheSiteIdCannotBeAnIdentifier_ItIsRefusedOnSiteId(string siteId) =>
        Decision.Invalid(Check(Drying with { SiteId = siteId }), "site_id");

    [Theory]
    [InlineData(StepKind.Unspecified)]
    [InlineData((StepKind)15)]
    [InlineData((StepKind)(-1))]
    public void WhenTheStepKindIsNotOneTheFieldKnows_ItIsRefusedOnKind(StepKind kind) =>
        Decision.Invalid(Check(Drying with { Kind = kind }), "kind");

    [Fact]
    public void WhenTheStartIsMissing_ItIsRequired() =>
        Assert.Equal("is required", Decision.Invalid(Check(Drying with { StartedAt = default }), "started_at").Message);

    [Fact]
    public void WhenTheEndIsMissing_ItIsRequired() =>
        Assert.Equal("is required", Decision.Invalid(Check(Drying with { EndedAt = default }), "ended_at").Message);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-72 * 3600)]
    public void WhenTheWindowEndsAtOrBeforeItsStart_ItIsRefusedOnEndedAt(int secondsAfterStart)
    {
        var violation = Decision.Invalid(Check(Drying with { EndedAt = Drying.StartedAt.AddSeconds(secondsAfterStart) }), "ended_at");

        Assert.Contains("must be after started_at", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3600)]
    public void WhenTheWindowEndsInTheFuture_ItIsRefusedOnEndedAt(int secondsAhead)
    {
        var violation = Decision.Invalid(Check(Drying with { EndedAt = NgocLinh.Now.AddSeconds(secondsAhead) }), "ended_at");

        Assert.Contains("is in the future", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheWindowEndsThisVeryMoment_ItIsAccepted() =>
        Decision.Accepted(Check(Drying with { EndedAt = NgocLinh.Now }));

    [Theory]
    [MemberData(nameof(RegistrationRulesTests.UnusableTexts), MemberType = typeof(RegistrationRulesTests))]
    public void WhenTheOperatorIsMissingOrUnusable_ItIsRefusedOnOperator(string? name) =>
        Decision.Invalid(Check(Drying with { Operator = name! }), "operator");

    [Fact]
    public void WhenAStepTakesNothing_ItIsRefusedOnInputs()
    {
        Decision.Invalid(Check(Drying with { Inputs = [] }), "inputs");
        Decision.Invalid(Check(Drying with { Inputs = null! }), "inputs");
    }

    [Theory]
    [InlineData("")]
    [InlineData("SD 2026 002")]
    public void WhenAnInputBatchIdCannotBeAnIdentifier_ItsIndexIsNamed(string batchId) =>
        Decision.Invalid(Check(Washing(new(NgocLinh.HarvestBatchId, 10_000), new(batchId, 10_000)), TwoHarvests()), "inputs[1].batch_id");

    [Theory]
    [InlineData(0)]
    [InlineData(-500)]
    [InlineData(CaptureRules.MaxMassGrams + 1)]
    public void WhenAnInputMassIsNotAPlausiblePositiveNumberOfGrams_ItsIndexIsNamed(long grams) =>
        Decision.Invalid(Check(Washing(new(NgocLinh.HarvestBatchId, 10_000), new(NgocLinh.SecondHarvestBatchId, grams)), TwoHarvests()), "inputs[1].mass_g");

    [Fact]
    public void WhenAnInputEntryIsEmpty_ItIsRefusedRatherThanThrown() =>
        Decision.Invalid(Check(Drying with { Inputs = [null!] }), "inputs[0]");
    [Fact]
    public void WhenAnOutputEntryIsEmpty_ItIsRefusedRatherThanThrown() =>
        Decision.Invalid(Check(Drying with { Outputs = [null!] }), "outputs[0]");


    [Fact]
    public void WhenTheSameBatchIsListedTwiceAsInput_TheSecondListingIsNamed()
    {
        var violation = Decision.Invalid(Check(Washing(new(NgocLinh.HarvestBatchId, 10_000), new(NgocLinh.HarvestBatchId, 10_000))), "inputs[1].batch_id");

        Assert.Equal("batch 'SD-2026-001' is listed twice", violation.Message);
    }

    [Fact]
    public void WhenTheInputsTogetherWeighMoreThanAMillionTonnes_ItIsRefusedOnInputs() =>
        Decision.Invalid(Check(Washing(new(NgocLinh.HarvestBatchId, CaptureRules.MaxMassGrams), new(NgocLinh.SecondHarvestBatchId, 1)), TwoHarvests()), "inputs");

    [Fact]
    public void WhenAStepProducesNothing_ItIsRefusedOnOutputs()
    {
        Decision.Invalid(Check(Drying with { Outputs = [] }), "outputs");
        Decision.Invalid(Check(Drying with { Outputs = null! }), "outputs");
    }

    [Theory]
    [InlineData("")]
    [InlineData("SD/2026/KHO")]
    public void WhenAnOutputBatchIdCannotBeAnIdentifier_ItsIndexIsNamed(string batchId) =>
        Decision.Invalid(Check(Drying with { Outputs = [new("SD-2026-001-A", 5_000, "Loại 1"), new(batchId, 5_000, "Loại 2")] }), "outputs[1].batch_id");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(CaptureRules.MaxMassGrams + 1)]
    public void WhenAnOutputMassIsNotAPlausiblePositiveNumberOfGrams_ItsIndexIsNamed(long grams) =>
        Decision.Invalid(Check(Drying with { Outputs = [new("SD-2026-001-A", 5_000, "Loại 1"), new("SD-2026-001-B", grams, "Loại 2")] }), "outputs[1].mass_g");

    [Fact]
    public void WhenAnOutputDescriptionIsTooLong_ItsIndexIsNamed() =>
        Decision.Invalid(Check(Drying with { Outputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams, new string('x', 201))] }), "outputs[0].description");

    [Fact]
    public void WhenAnOutputDescriptionHasAControlCharacter_ItsIndexIsNamed() =>
        Decision.Invalid(Check(Drying with { Outputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams, "Sâm dây\nsấy khô")] }), "outputs[0].description");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WhenAnOutputHasNoDescription_ItIsStillAccepted(string? description) =>
        Decision.Accepted(Check(Drying with { Outputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams, description!)] }));

    [Fact]
    public void WhenTheSameBatchIsListedTwiceAsOutput_TheSecondListingIsNamed() =>
        Decision.Invalid(Check(Drying with { Outputs = [new(NgocLinh.DriedBatchId, 5_000, "Loại 1"), new(NgocLinh.DriedBatchId, 5_000, "Loại 2")] }), "outputs[1].batch_id");

    [Fact]
    public void WhenAnOutputHasTheIdOfAnInput_ItIsRefusedOnThatOutput()
    {
        var violation = Decision.Invalid(Check(Drying with { Outputs = [new("SD-2026-001-A", 5_000, "Loại 1"), new(NgocLinh.HarvestBatchId, 5_000, "Loại 2")] }), "outputs[1].batch_id");

        Assert.Equal("batch 'SD-2026-001' cannot be both an input and an output", violation.Message);
    }

    [Fact]
    public void WhenTheOutputsTogetherWeighMoreThanAMillionTonnes_ItIsRefusedOnOutputs() =>
        Decision.Invalid(Check(Drying with { Outputs = [new("SD-2026-001-A", CaptureRules.MaxMassGrams, "Loại 1"), new("SD-2026-001-B", 1, "Loại 2")] }), "outputs");

    [Fact]
    public void WhenTheSiteIsNotOneOfTheFacilitysSites_ItIsNotFoundOnSiteId()
    {
        var violation = Decision.NotFound(Check(Drying with { SiteId = "XOP-LOSAY-01" }), "site_id");

        Assert.Equal("facility 'HTX-NGOCLINH' has no site 'XOP-LOSAY-01'", violation.Message);
    }

    [Theory]
    [InlineData(NgocLinh.DryingSiteId)]
    [InlineData(NgocLinh.ProcessingSiteId)]
    public void WhenTheStepHappensAtADryingOrProcessingSite_ItIsAccepted(string siteId) =>
        Decision.Accepted(Check(Drying with { SiteId = siteId }));

    [Theory]
    [InlineData(NgocLinh.StorageSiteId)]
    [InlineData(NgocLinh.ShopSiteId)]
    public void WhenTheStepHappensAtTheStoreOrThePointOfSale_ItIsRefusedOnSiteId(string siteId) =>
        Decision.Precondition(Check(Drying with { SiteId = siteId }), "site_id");

    [Fact]
    public void WhenAnInputBatchDoesNotExistAnywhere_ItIsNotFoundOnThatInput()
    {
        var step = Washing(new(NgocLinh.HarvestBatchId, 10_000), new("SD-2026-999", 10_000));

        var violation = Decision.NotFound(Check(step, context: NgocLinh.Context(batchOwners: new Dictionary<string, string>())), "inputs[1].batch_id");

        Assert.Equal("batch 'SD-2026-999' does not exist", violation.Message);
    }

    [Fact]
    public void WhenAnInputBatchBelongsToAnotherFacility_ItIsRefusedNamingTheOwner()
    {
        var step = Washing(new(NgocLinh.HarvestBatchId, 10_000), new(ForeignBatchId, 10_000));
        var owners = new Dictionary<string, string> { [ForeignBatchId] = NgocLinh.NeighbourFacilityId };

        var violation = Decision.Precondition(Check(step, context: NgocLinh.Context(batchOwners: owners)), "inputs[1].batch_id");

        Assert.Equal("batch 'XOP-2026-017' belongs to facility 'HTX-XOP', not to the processing facility 'HTX-NGOCLINH'", violation.Message);
    }

    [Fact]
    public void WhenTheFacilityHoldsTheInput_WhatOthersSayAboutItsOwnerDoesNotMatter()
    {
        var owners = new Dictionary<string, string> { [NgocLinh.HarvestBatchId] = NgocLinh.NeighbourFacilityId };

        Decision.Accepted(Check(Drying, context: NgocLinh.Context(batchOwners: owners)));
    }

    [Fact]
    public void WhenAStepTakesMoreThanTheBatchHasLeft_ItIsRefusedNamingTheInput()
    {
        var step = Washing(new(NgocLinh.HarvestBatchId, 20_000), new(NgocLinh.SecondHarvestBatchId, 30_001));

        var violation = Decision.Precondition(Check(step, TwoHarvests()), "inputs[1].mass_g");

        Assert.Equal("batch 'SD-2026-002' has 30000 g left; 30001 g cannot be taken from it", violation.Message);
    }

    [Fact]
    public void WhenAStepTakesExactlyWhatTheBatchHasLeft_ItIsAccepted() =>
        Decision.Accepted(Check(Washing(new(NgocLinh.HarvestBatchId, 20_000), new(NgocLinh.SecondHarvestBatchId, 30_000)), TwoHarvests()));

    [Fact]
    public void WhenTwoStepsTogetherTakeMoreThanTheBatchHeld_TheSecondIsRefused()
    {
        var history = FacilityHistory.Harvested();
        var firstSlicing = NgocLinh.Step(StepKind.Slicing, 30_000, 27_000, "THAI-2026-001", "SD-2026-001-T1");
        Decision.Accepted(Check(firstSlicing, history));
        history.Record(firstSlicing);

        var secondSlicing = NgocLinh.Step(StepKind.Slicing, 30_000, 27_000, "THAI-2026-002", "SD-2026-001-T2");
        var violation = Decision.Precondition(Check(secondSlicing, history), "inputs[0].mass_g");

        Assert.Equal("batch 'SD-2026-001' has 20000 g left; 30000 g cannot be taken from it", violation.Message);
    }

    [Fact]
    public void WhenTwoStepsTogetherTakeExactlyWhatTheBatchHeld_BothAreAccepted()
    {
        var history = FacilityHistory.Harvested();
        history.Record(NgocLinh.Step(StepKind.Slicing, 30_000, 27_000, "THAI-2026-001", "SD-2026-001-T1"));

        Decision.Accepted(Check(NgocLinh.Step(StepKind.Slicing, 20_000, 18_000, "THAI-2026-002", "SD-2026-001-T2"), history));
    }

    [Fact]
    public void WhenABatchMadeByAStepIsUsedByTheNextStep_ItsMassIsWhatTheStepProduced()
    {
        var grinding = NgocLinh.Step(StepKind.Grinding, NgocLinh.DriedGrams + 1, 9_500, "XAY-2026-001", "SD-2026-001-BOT") with
        {
            Inputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams + 1)],
            StartedAt = NgocLinh.DryingEndedAt.AddHours(1),
            EndedAt = NgocLinh.DryingEndedAt.AddHours(5),
        };

        Decision.Precondition(Check(grinding, FacilityHistory.Dried()), "inputs[0].mass_g");
        Decision.Accepted(Check(grinding with { Inputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams)] }, FacilityHistory.Dried()));
    }

    [Fact]
    public void WhenAStepStartsBeforeItsInputWasHarvested_ItIsRefusedNamingTheInput()
    {
        var early = Drying with { StartedAt = NgocLinh.HarvestedAt.AddHours(-2) };

        var violation = Decision.Precondition(Check(early), "inputs[0].batch_id");

        Assert.Contains("the step cannot start before", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenAStepStartsWhileItsInputIsStillBeingDried_ItIsRefused()
    {
        var grinding = NgocLinh.Step(StepKind.Grinding, NgocLinh.DriedGrams, 9_500, "XAY-2026-002", "SD-2026-001-BOT2") with
        {
            Inputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams)],
            StartedAt = NgocLinh.DryingEndedAt.AddHours(-1),
            EndedAt = NgocLinh.DryingEndedAt.AddHours(5),
        };

        Decision.Precondition(Check(grinding, FacilityHistory.Dried()), "inputs[0].batch_id");
    }

    [Fact]
    public void WhenTheFacilityIsNotRegistered_TheStepWaitsForTheRegistration() =>
        Decision.Precondition(Check(Drying, FacilityHistory.Empty()), "facility_id");
}
