using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>
/// Devices in the mountains resend what they are not sure was received: the same fact is answered
/// with the record it repeats, while the same identifier with other content is ALREADY_EXISTS.
/// </summary>
public sealed class RepeatRulesTests
{
    /// <summary>One of each kind of record, as the cooperative recorded it.</summary>
    public static TheoryData<string> RecordedFacts => new(NgocLinh.OneOfEachType.Keys);

    /// <summary>Each kind of record with its identifier kept and one field changed, and the field the refusal names.</summary>
    public static TheoryData<string, string> ChangedFacts => new()
    {
        { nameof(FacilityRegistered), "facility_id" },
        { nameof(SiteRegistered), "site_id" },
        { nameof(AreaRegistered), "area_code" },
        { nameof(ProductRegistered), "gtin" },
        { nameof(BatchHarvested), "batch_id" },
        { nameof(StepRecorded), "step_id" },
        { nameof(LotPacked), "lot" },
        { nameof(StorageRecorded), "storage_id" },
        { nameof(ExcursionRecorded), "excursion_id" },
    };

    private static readonly Dictionary<string, FacilityEvent> Changed = new()
    {
        [nameof(FacilityRegistered)] = NgocLinh.Facility() with { Name = "HTX Nông nghiệp Ngọc Linh" },
        [nameof(SiteRegistered)] = NgocLinh.DryingSite() with { Kind = SiteKind.Processing },
        [nameof(AreaRegistered)] = NgocLinh.Area() with { Species = [NgocLinh.VineGinseng] },
        [nameof(ProductRegistered)] = NgocLinh.Product() with { OcopStars = 4 },
        [nameof(BatchHarvested)] = NgocLinh.Harvest(grams: NgocLinh.HarvestGrams + 1),
        [nameof(StepRecorded)] = NgocLinh.Drying() with { EndedAt = NgocLinh.DryingEndedAt.AddHours(1) },
        [nameof(LotPacked)] = NgocLinh.Lot() with { UnitCount = 49 },
        [nameof(StorageRecorded)] = NgocLinh.Storage() with { EndedAt = NgocLinh.StoredUntil.AddHours(1) },
        [nameof(ExcursionRecorded)] = NgocLinh.Excursion() with { Peak = 27.5 },
    };

    /// <summary>The cooperative after registering, harvesting, drying and packing its first lot, storing it, seeing its store too warm once, and withdrawing the lot.</summary>
    private static FacilityHistory Packed() => FacilityHistory.Packed().With(NgocLinh.Storage(), NgocLinh.Excursion(), NgocLinh.Withdrawal());

    private static CaptureDecision Check(FacilityHistory history, FacilityEvent candidate) =>
        CaptureRules.Check(history.Records, candidate, NgocLinh.Context(NgocLinh.Area(), NgocLinh.Product()));

    [Theory]
    [MemberData(nameof(RecordedFacts))]
    public void WhenARecordedFactIsSentAgain_TheAnswerIsTheOriginalRecord(string fact)
    {
        var history = Packed();
        var resent = NgocLinh.OneOfEachType[fact] with { };
        // A recall creates no record: its lot and kind are its key.
        var original = resent is LotRecalled recall
            ? history.Records.RecallOf(recall.LotKey, recall.Kind)
            : history.Records.CreatorOf(resent.Creates().First());

        var decision = Check(history, resent);

        Assert.NotNull(original);
        Assert.Same(original, decision.Repeats);
        Assert.Null(decision.Violation);
        Assert.False(decision.Accepted);
    }

    [Theory]
    [MemberData(nameof(ChangedFacts))]
    public void WhenAnIdentifierIsReusedForOtherContent_ItAlreadyExistsNamingTheField(string fact, string field)
    {
        var violation = Decision.Exists(Check(Packed(), Changed[fact]), field);

        Assert.EndsWith("is already recorded with other content", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenAHarvestIsResentWithASingleGramMore_ItIsNotTheSameFact()
    {
        var violation = Decision.Exists(Check(FacilityHistory.Harvested(), NgocLinh.Harvest(grams: NgocLinh.HarvestGrams + 1)), "batch_id");

        Assert.Equal("batch 'SD-2026-001' is already recorded with other content", violation.Message);
    }

    [Fact]
    public void WhenADryingStepIsResentAfterItsOutputWasPacked_ItIsStillAnsweredAsARepeat()
    {
        // The fresh roots are all used up now; a resend must not be judged as a new step taking them again.
        var history = Packed();

        var decision = Check(history, NgocLinh.Drying());

        Assert.NotNull(decision.Repeats);
        Assert.Null(decision.Violation);
    }

    [Fact]
    public void WhenARepeatedFactIsMalformed_TheMalformationIsReported() =>
        Decision.Invalid(Check(Packed(), NgocLinh.Drying() with { Operator = "" }), "operator");

    [Fact]
    public void WhenANewStepNamesAnExistingBatchAsItsOutput_ThatOutputAlreadyExists()
    {
        var slicing = NgocLinh.Step(StepKind.Slicing, 10_000, 9_000, "THAI-2026-001", "SD-2026-001-T1") with
        {
            Outputs = [new("SD-2026-001-T1", 4_500, "Lát to"), new(NgocLinh.DriedBatchId, 4_500, "Lát nhỏ")],
        };

        var violation = Decision.Exists(Check(FacilityHistory.Dried(), slicing), "outputs[1].batch_id");

        Assert.Equal("batch 'SD-2026-001-KHO' is already recorded with other content", violation.Message);
    }

    [Fact]
    public void WhenANewStepNamesTheHarvestedBatchAsItsOutput_ThatOutputAlreadyExists()
    {
        var grading = NgocLinh.Drying() with
        {
            StepId = "SAY-2026-009",
            Inputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams)],
            Outputs = [new(NgocLinh.HarvestBatchId, 1_000, "Tái sử dụng mã")],
        };

        Decision.Exists(Check(FacilityHistory.Dried(), grading), "outputs[0].batch_id");
    }

    [Fact]
    public void WhenAHarvestReusesTheIdOfABatchAStepProduced_ItAlreadyExists() =>
        Decision.Exists(Check(FacilityHistory.Dried(), NgocLinh.Harvest(batchId: NgocLinh.DriedBatchId)), "batch_id");

    [Fact]
    public void WhenTheSameLotCodeIsUsedForAnotherProduct_ItIsADifferentLot()
    {
        // GS1 lot codes are unique per GTIN only: the lot key is GTIN/lot.
        var otherProduct = NgocLinh.Product() with { Gtin = "08934567890120", NameVi = "Mứt sâm dây Ngọc Linh", NameEn = "Candied vine ginseng" };
        var history = FacilityHistory.Dried().With(
            NgocLinh.Lot() with { UnitCount = 24, Inputs = [new(NgocLinh.DriedBatchId, 5_000)] },
            otherProduct);
        var lot = NgocLinh.Lot() with { Gtin = otherProduct.Gtin, Inputs = [new(NgocLinh.DriedBatchId, 400)], UnitCount = 2 };

        Decision.Accepted(CaptureRules.Check(history.Records, lot, NgocLinh.Context(product: otherProduct)));
    }

    [Fact]
    public void WhenTheFacilityIsRegisteredAgainIdentically_TheOriginalRegistrationIsTheAnswer()
    {
        var history = FacilityHistory.Empty();
        var original = history.Record(NgocLinh.Facility());

        Assert.Same(original, Check(history, NgocLinh.Facility()).Repeats);
    }
}
