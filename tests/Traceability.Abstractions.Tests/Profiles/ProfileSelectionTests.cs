using Traceability.Domain;
using Traceability.Profiles;

namespace Traceability.Abstractions.Tests.Profiles;

/// <summary>Which profile judges a period: the most specific for the product, then the species, then any.</summary>
public sealed class ProfileSelectionTests
{
    private const string Bamboo = "08938517000225";

    private static readonly ConditionProfile ForBambooProduct = Drying("drying.product") with { ProductGtin = Bamboo };

    private static ConditionProfile Drying(string id) => DefaultProfiles.All.Single(p => p.ProfileId == "drying") with { ProfileId = id };

    [Theory]
    [InlineData(new[] { "Dendrocalamus asper" }, "drying.bamboo-shoots")]
    [InlineData(new[] { "Bambusa procera", "Dendrocalamus giganteus" }, "drying.bamboo-shoots")]
    [InlineData(new[] { "Codonopsis javanica" }, "drying.codonopsis")]
    [InlineData(new[] { "Codonopsis pilosula", "Panax vietnamensis" }, "drying.codonopsis")]
    [InlineData(new[] { "coffea ARABICA" }, "drying.coffee")]
    [InlineData(new[] { "Coffea arabica", "Dendrocalamus asper" }, "drying")]
    [InlineData(new[] { "Camellia sinensis" }, "drying")]
    [InlineData(new string[0], "drying")]
    public void ADryingStepGetsItsSpeciesProfile_ElseTheGenericOne(string[] species, string expected) =>
        Assert.Equal(expected, ProfileSelection.For(DefaultProfiles.All, StepKind.Drying, null, species)?.ProfileId);

    [Fact]
    public void AProductProfileWinsOverSpeciesAndGeneric() =>
        Assert.Equal("drying.product", ProfileSelection.For([.. DefaultProfiles.All, ForBambooProduct], StepKind.Drying, Bamboo, ["Dendrocalamus asper"])?.ProfileId);

    [Fact]
    public void AnotherProductsProfileNeverApplies() =>
        Assert.Equal("drying.bamboo-shoots", ProfileSelection.For([.. DefaultProfiles.All, ForBambooProduct], StepKind.Drying, "08936204000114", ["Dendrocalamus asper"])?.ProfileId);

    [Fact]
    public void StorageGetsTheStorageProfile_AndAStepKindWithoutProfileGetsNone()
    {
        Assert.Equal("storage", ProfileSelection.For(DefaultProfiles.All, null, Bamboo, ["Dendrocalamus asper"])?.ProfileId);
        Assert.Null(ProfileSelection.For(DefaultProfiles.All, StepKind.Washing, Bamboo, []));
    }

    [Fact]
    public void AmongEquallySpecificProfiles_TheLowestIdWins_WhateverTheOrder()
    {
        ConditionProfile[] profiles = [Drying("drying.b"), Drying("drying.a")];

        Assert.Equal("drying.a", ProfileSelection.For(profiles, StepKind.Drying, null, [])?.ProfileId);
        Assert.Equal("drying.a", ProfileSelection.For([.. profiles.Reverse()], StepKind.Drying, null, [])?.ProfileId);
    }

    [Theory]
    [InlineData("Dendrocalamus", "Dendrocalamus asper", true)]
    [InlineData("Dendrocalamus", "Dendrocalamusasper", false)]
    [InlineData("Coffea arabica", "Coffea arabica", true)]
    [InlineData("Coffea arabica", "Coffea canephora", false)]
    [InlineData("Coffea", " Coffea canephora ", true)]
    public void ASpeciesPatternIsAFullNameOrAGenus(string pattern, string species, bool matches) =>
        Assert.Equal(matches, ProfileSelection.Matches([pattern], species));
}
