using Traceability.Domain;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>Plausible yields per step kind: built-in defaults, each replaceable from configuration.</summary>
public sealed class YieldPolicyTests
{
    public static TheoryData<StepKind> StepKinds => new(Enum.GetValues<StepKind>().Where(k => k != StepKind.Unspecified));

    private static YieldPolicy With(StepKind kind, double min, double max) =>
        new(new Dictionary<StepKind, YieldRange> { [kind] = new(min, max) });

    [Theory]
    [MemberData(nameof(StepKinds))]
    public void EveryStepKindHasAPlausibleYieldByDefault(StepKind kind)
    {
        var range = YieldPolicy.Default.For(kind);

        Assert.InRange(range.Min, double.Epsilon, range.Max);
    }

    [Theory]
    [InlineData(StepKind.Washing, 0.80, 1.05)]
    [InlineData(StepKind.Slicing, 0.80, 1.00)]
    [InlineData(StepKind.Drying, 0.05, 0.70)] // fresh vine-ginseng roots dry at about 4-6 : 1, bamboo shoots at 10-15 : 1
    [InlineData(StepKind.Grinding, 0.85, 1.00)]
    [InlineData(StepKind.Extraction, 0.02, 0.50)]
    [InlineData(StepKind.Infusion, 1.00, 60.0)] // the rice wine is part of the output
    [InlineData(StepKind.Cooking, 0.50, 2.50)] // candied jam gains sugar
    [InlineData(StepKind.Roasting, 0.70, 0.92)] // coffee loses 15-20 % when roasted
    [InlineData(StepKind.Packing, 0.90, 1.00)]
    [InlineData(StepKind.Boiling, 0.80, 1.10)]
    [InlineData(StepKind.Hulling, 0.40, 0.85)]
    [InlineData(StepKind.Concentrating, 0.05, 0.80)]
    [InlineData(StepKind.Sorting, 0.50, 1.00)]
    [InlineData(StepKind.Fermenting, 0.80, 1.05)]
    public void TheDefaultsComeFromTheDistrictsProducts(StepKind kind, double min, double max) =>
        Assert.Equal(new YieldRange(min, max), YieldPolicy.Default.For(kind));

    [Fact]
    public void DryingOnlyEverLosesWater_ItsDefaultMaximumIsBelowOne() =>
        Assert.True(YieldPolicy.Default.For(StepKind.Drying).Max < 1);

    [Theory]
    [InlineData(StepKind.Unspecified)]
    [InlineData((StepKind)15)]
    public void WhenAskedForAKindItDoesNotKnow_ThePolicyThrows(StepKind unknown) =>
        Assert.Throws<ArgumentOutOfRangeException>("kind", () => YieldPolicy.Default.For(unknown));

    [Fact]
    public void WhenNoOverridesAreGiven_ThePolicyIsTheDefaults()
    {
        var policy = new YieldPolicy(null);

        Assert.All(Enum.GetValues<StepKind>().Skip(1), kind => Assert.Equal(YieldPolicy.Default.For(kind), policy.For(kind)));
    }

    [Fact]
    public void WhenOneKindIsOverridden_OnlyThatKindChanges()
    {
        var policy = With(StepKind.Drying, 0.15, 0.25);

        Assert.Equal(new YieldRange(0.15, 0.25), policy.For(StepKind.Drying));
        Assert.All(
            Enum.GetValues<StepKind>().Where(k => k is not (StepKind.Unspecified or StepKind.Drying)),
            kind => Assert.Equal(YieldPolicy.Default.For(kind), policy.For(kind)));
    }

    [Fact]
    public void WhenAPolicyIsOverridden_TheDefaultPolicyIsUntouched()
    {
        _ = With(StepKind.Drying, 0.15, 0.25);

        Assert.Equal(new YieldRange(0.05, 0.70), YieldPolicy.Default.For(StepKind.Drying));
    }

    [Theory]
    [InlineData(StepKind.Roasting, 0.80, 0.80)]
    [InlineData(StepKind.Infusion, 2.0, 100.0)]
    [InlineData(StepKind.Drying, 0.10, 0.999)]
    public void WhenAnOverrideKeepsZeroBelowMinAtMostMax_ItIsAccepted(StepKind kind, double min, double max) =>
        Assert.Equal(new YieldRange(min, max), With(kind, min, max).For(kind));

    [Theory]
    [InlineData(StepKind.Slicing, 0, 1.0)]
    [InlineData(StepKind.Slicing, -0.1, 1.0)]
    [InlineData(StepKind.Slicing, 0.9, 0.8)]
    [InlineData(StepKind.Infusion, 60, 1)]
    public void WhenAnOverrideIsNotARange_ThePolicyRefusesToBeBuilt(StepKind kind, double min, double max)
    {
        var error = Assert.Throws<ArgumentException>("overrides", () => With(kind, min, max));

        Assert.Contains($"Yield range for {kind}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.05, 1.0)]
    [InlineData(0.05, 1.5)]
    [InlineData(1.0, 1.0)]
    public void WhenADryingOverrideWouldLetDryingGainMass_ThePolicyRefusesToBeBuilt(double min, double max)
    {
        var error = Assert.Throws<ArgumentException>("overrides", () => With(StepKind.Drying, min, max));

        Assert.Contains("Drying loses water", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StepKind.Slicing, double.NaN, 1.0)]
    [InlineData(StepKind.Slicing, 0.8, double.NaN)]
    [InlineData(StepKind.Drying, 0.05, double.NaN)]
    public void WhenAnOverrideBoundIsNotANumber_ThePolicyRefusesToBeBuilt(StepKind kind, double min, double max) =>
        Assert.Throws<ArgumentException>("overrides", () => With(kind, min, max));

    [Theory]
    [InlineData(0.05, true)]
    [InlineData(0.70, true)]
    [InlineData(0.2, true)]
    [InlineData(0.049_999_999, false)]
    [InlineData(0.700_000_001, false)]
    [InlineData(double.NaN, false)]
    public void ARangeIncludesItsBounds(double ratio, bool plausible) =>
        Assert.Equal(plausible, new YieldRange(0.05, 0.70).Contains(ratio));
}
