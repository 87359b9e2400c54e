using Traceability.Domain;
using Traceability.Profiles;

namespace Traceability.Abstractions.Tests.Profiles;

/// <summary>Every rule a condition profile must keep, each broken alone, and the defaults keeping them all.</summary>
public sealed class ProfileRulesTests
{
    private static readonly ConditionProfile Valid = new(
        "drying.test", 1, "Test drying", ProfileScope.Step, StepKind.Drying, null,
        [new QuantityLimit("temperature", 55, 65)], TimeSpan.FromHours(8), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10), null,
        DefaultProfiles.Dated, "test", "note");

    private static readonly ConditionProfile ValidStorage = new(
        "storage.test", 1, "Test storage", ProfileScope.Storage, null, null,
        [new QuantityLimit("temperature", 15, 30), new QuantityLimit("relative_humidity", null, 65)], null, TimeSpan.FromHours(2), TimeSpan.FromMinutes(30), 25,
        DefaultProfiles.Dated, "test", string.Empty);

    public static TheoryData<string, ConditionProfile> Broken => new()
    {
        { "profile_id", Valid with { ProfileId = "bad id" } },
        { "profile_id", Valid with { ProfileId = string.Empty } },
        { "name", Valid with { Name = " " } },
        { "name", Valid with { Name = new string('n', 201) } },
        { "note", Valid with { Note = new string('n', 2001) } },
        { "scope", Valid with { Scope = ProfileScope.Unspecified } },
        { "step_kind", Valid with { StepKind = null } },
        { "step_kind", Valid with { StepKind = StepKind.Unspecified } },
        { "step_kind", Valid with { StepKind = (StepKind)99 } },
        { "step_kind", ValidStorage with { StepKind = StepKind.Drying } },
        { "product_gtin", Valid with { ProductGtin = "08938517000226" } },
        { "species[1]", Valid with { Species = ["Coffea", ""] } },
        { "limits", Valid with { Limits = [] } },
        { "limits[0].quantity", Valid with { Limits = [new QuantityLimit("pressure", 1, 2)] } },
        { "limits[1].quantity", Valid with { Limits = [new QuantityLimit("temperature", 1, 2), new QuantityLimit("temperature", 3, 4)] } },
        { "limits[0]", Valid with { Limits = [new QuantityLimit("temperature", null, null)] } },
        { "limits[0].min", Valid with { Limits = [new QuantityLimit("temperature", -41, 10)] } },
        { "limits[0].max", Valid with { Limits = [new QuantityLimit("relative_humidity", 10, 101)] } },
        { "limits[0].max", Valid with { Limits = [new QuantityLimit("temperature", 10, double.PositiveInfinity)] } },
        { "limits[0].max", Valid with { Limits = [new QuantityLimit("temperature", 60, 60)] } },
        { "limits[0].max", Valid with { Limits = [new QuantityLimit("temperature", 65, 55)] } },
        { "max_excursion", Valid with { MaxExcursion = TimeSpan.Zero } },
        { "max_excursion", Valid with { MaxExcursion = TimeSpan.FromDays(31) } },
        { "max_gap", Valid with { MaxGap = TimeSpan.FromMinutes(-1) } },
        { "max_gap", Valid with { MaxGap = TimeSpan.FromDays(8) } },
        { "minimum_in_range", Valid with { MinimumInRange = TimeSpan.Zero } },
        { "minimum_in_range", ValidStorage with { MinimumInRange = TimeSpan.FromHours(1) } },
        { "max_mean_kinetic_temperature", Valid with { MaxMeanKineticTemperature = 25 } },
        { "max_mean_kinetic_temperature", ValidStorage with { MaxMeanKineticTemperature = 151 } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void ABrokenProfileIsRefusedNamingTheField(string field, ConditionProfile profile)
    {
        var violation = ProfileRules.Check(profile);

        Assert.NotNull(violation);
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public void ANaNBoundIsRefused() =>
        Assert.Equal("limits[0].min", ProfileRules.Check(Valid with { Limits = [new QuantityLimit("temperature", double.NaN, 10)] })?.Field);

    [Fact]
    public void ValidProfilesAndEveryDefaultPass()
    {
        Assert.Null(ProfileRules.Check(Valid));
        Assert.Null(ProfileRules.Check(ValidStorage));
        Assert.All(DefaultProfiles.All, p => Assert.Null(ProfileRules.Check(p)));
    }

    [Fact]
    public void TheDefaultsHaveUniqueIds_AFirstVersion_AndCoverDryingAndStorage()
    {
        Assert.Equal(DefaultProfiles.All.Count, DefaultProfiles.All.Select(p => p.ProfileId).Distinct().Count());
        Assert.All(DefaultProfiles.All, p => Assert.Equal((1, "platform"), (p.Version, p.ChangedBy)));
        Assert.Contains(DefaultProfiles.All, p => p.Scope == ProfileScope.Storage && p.LimitFor("relative_humidity")?.Max == 65 && p.LimitFor("temperature") is { Min: 15, Max: 30 });
        Assert.Contains(DefaultProfiles.All, p => p.StepKind == StepKind.Drying && p.LimitFor("temperature") is { Min: 55, Max: 65 } && p.Species.Contains("Dendrocalamus"));
    }

    [Theory]
    [InlineData(55, true)]
    [InlineData(65, true)]
    [InlineData(54.999, false)]
    [InlineData(65.001, false)]
    public void ALimitAllowsItsBounds(double value, bool allowed) =>
        Assert.Equal(allowed, new QuantityLimit("temperature", 55, 65).Allows(value));

    [Fact]
    public void AOneSidedLimitAllowsEverythingOnTheOtherSide() =>
        Assert.True(new QuantityLimit("relative_humidity", null, 65).Allows(0) && !new QuantityLimit("relative_humidity", null, 65).Allows(65.5));
}
