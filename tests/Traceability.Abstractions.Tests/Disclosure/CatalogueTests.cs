using Traceability.Disclosure;
using Traceability.Domain;

namespace Traceability.Abstractions.Tests.Disclosure;

/// <summary>The field-level public marking: which values are private by default, and that docs/public-fields.md says so.</summary>
public sealed class CatalogueTests
{
    public static TheoryData<FacilityKind> Kinds() => [.. Enum.GetValues<FacilityKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void HarvestersOperatorsAndOwnersArePrivateByDefaultWhateverTheFacility(FacilityKind kind)
    {
        Assert.True(PublicFields.PrivateByDefault(PrivateField.Harvester, kind));
        Assert.True(PublicFields.PrivateByDefault(PrivateField.Operator, kind));
        Assert.True(PublicFields.PrivateByDefault(PrivateField.AreaOwner, kind));
    }

    [Theory]
    [InlineData(FacilityKind.Household, true)]
    [InlineData(FacilityKind.Cooperative, false)]
    [InlineData(FacilityKind.Enterprise, false)]
    public void OnlyAHouseholdsExactAreaOutlineIsPrivateByDefault(FacilityKind kind, bool isPrivate) =>
        Assert.Equal(isPrivate, PublicFields.PrivateByDefault(PrivateField.ExactOutline, kind));

    [Fact]
    public void WhenTheFacilityIsUnknown_TheOutlineIsWithheld() =>
        Assert.True(PublicFields.PrivateByDefault(PrivateField.ExactOutline, null));

    [Fact]
    public void EveryPrivateFieldHasOneEntryWithItsOwnKeysAndOption()
    {
        Assert.Equal(Enum.GetValues<PrivateField>().Order(), PublicFields.Private.Select(r => r.Field).Order());
        Assert.Equal(PublicFields.Private.Count, PublicFields.Private.Select(r => r.DigestKey).Distinct().Count());
        Assert.Equal(PublicFields.Private.Count, PublicFields.Private.Select(r => r.RequestOption).Distinct().Count());
        Assert.All(PublicFields.Private, r => Assert.NotEqual(r.ClearKey, r.DigestKey));
    }

    [Fact]
    public void TheDocumentNamesEveryPrivateFieldItsOptionAndItsEpcisKeys()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "public-fields.md"));

        Assert.All(PublicFields.Private, rule =>
        {
            Assert.Contains($"`{rule.RequestOption}: true`", document, StringComparison.Ordinal);
            Assert.Contains($"`{rule.ClearKey}`", document, StringComparison.Ordinal);
            Assert.Contains($"`{rule.DigestKey}`", document, StringComparison.Ordinal);
            Assert.Contains($"`{rule.Event}.", document, StringComparison.Ordinal);
        });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Traceability.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Traceability.sln not found above " + AppContext.BaseDirectory);
    }
}
