using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>Mass in and mass out of a step balance within the plausible yield of its kind, bounds included.</summary>
public sealed class StepYieldRulesTests
{
    /// <summary>Every step kind the field knows: each has its own plausible yield.</summary>
    public static TheoryData<StepKind> StepKinds => new(Enum.GetValues<StepKind>().Where(k => k != StepKind.Unspecified));

    private static CaptureDecision Check(StepRecorded step, YieldPolicy? yields = null) =>
        CaptureRules.Check(FacilityHistory.Harvested().Records, step, NgocLinh.Context(yields: yields));

    private static long Grams(double ratio) => (long)Math.Round(ratio * NgocLinh.HarvestGrams);

    [Theory]
    [MemberData(nameof(StepKinds))]
    public void WhenAStepYieldsExactlyItsKindsMinimum_ItIsAccepted(StepKind kind) =>
        Decision.Accepted(Check(NgocLinh.Step(kind, NgocLinh.HarvestGrams, Grams(YieldPolicy.Default.For(kind).Min))));

    [Theory]
    [MemberData(nameof(StepKinds))]
    public void WhenAStepYieldsExactlyItsKindsMaximum_ItIsAccepted(StepKind kind) =>
        Decision.Accepted(Check(NgocLinh.Step(kind, NgocLinh.HarvestGrams, Grams(YieldPolicy.Default.For(kind).Max))));

    [Theory]
    [MemberData(nameof(StepKinds))]
    public void WhenAStepYieldsOneGramLessThanItsKindsMinimum_ItIsRefusedOnOutputs(StepKind kind)
    {
        var violation = Decision.Precondition(Check(NgocLinh.Step(kind, NgocLinh.HarvestGrams, Grams(YieldPolicy.Default.For(kind).Min) - 1)), "outputs");

        Assert.Contains($"a plausible {kind} yield is", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StepKinds))]
    public void WhenAStepYieldsOneGramMoreThanItsKindsMaximum_ItIsRefusedOnOutputs(StepKind kind) =>
        Decision.Precondition(Check(NgocLinh.Step(kind, NgocLinh.HarvestGrams, Grams(YieldPolicy.Default.For(kind).Max) + 1)), "outputs");

    [Theory]
    [InlineData(NgocLinh.HarvestGrams)]
    [InlineData(NgocLinh.HarvestGrams + 1)]
    [InlineData(60_000)]
    public void WhenADryingStepProducesAsMuchAsItTookOrMore_ItIsRefused(long produced)
    {
        var drying = NgocLinh.Drying() with { Outputs = [new(NgocLinh.DriedBatchId, produced, "Sâm dây sấy khô")] };

        Decision.Precondition(Check(drying), "outputs");
    }

    [Fact]
    public void WhenEvenTheMostLenientDryingPolicyIsInForce_DryingCannotProduceWhatItTook()
    {
        var lenient = new YieldPolicy(new Dictionary<StepKind, YieldRange> { [StepKind.Drying] = new(0.01, 0.999_999) });
        var drying = NgocLinh.Drying() with { Outputs = [new(NgocLinh.DriedBatchId, NgocLinh.HarvestGrams, "Sâm dây sấy khô")] };

        Decision.Precondition(Check(drying, lenient), "outputs");
    }

    [Fact]
    public void WhenARefusedYieldIsReported_TheMessageStatesTheMassesAndTheRange()
    {
        var drying = NgocLinh.Drying() with { Outputs = [new(NgocLinh.DriedBatchId, NgocLinh.HarvestGrams, "Sâm dây sấy khô")] };

        var violation = Decision.Precondition(Check(drying), "outputs");

        Assert.Equal("Drying turns 50000 g into 50000 g (yield 1); a plausible Drying yield is 0.05 to 0.7", violation.Message);
    }

    [Fact]
    public void WhenTheFacilityConfiguresAStricterDryingYield_TheRulesApplyIt()
    {
        var stricter = new YieldPolicy(new Dictionary<StepKind, YieldRange> { [StepKind.Drying] = new(0.15, 0.18) });

        Decision.Accepted(Check(NgocLinh.Drying()));
        Decision.Precondition(Check(NgocLinh.Drying(), stricter), "outputs");
    }

    [Fact]
    public void WhenAStepHasSeveralInputsAndOutputs_TheYieldIsTheirTotals()
    {
        // 50 kg washed into 30 kg + 17 kg (0.94 in total): neither output alone is a plausible washing yield.
        var washing = NgocLinh.Step(StepKind.Washing, NgocLinh.HarvestGrams, 0) with
        {
            Outputs = [new("SD-2026-001-R1", 30_000, "Rễ to"), new("SD-2026-001-R2", 17_000, "Rễ nhỏ")],
        };

        Decision.Accepted(Check(washing));
    }

    [Fact]
    public void WhenRootsAreInfusedInRiceWine_TheOutputMayFarExceedTheInput()
    {
        // 1 kg of dried roots steeped in 39 kg of rice wine: 40 kg of rượu sâm dây.
        var infusion = NgocLinh.Step(StepKind.Infusion, 1_000, 40_000);

        Decision.Accepted(Check(infusion));
    }
}
