using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Traceability.Web.Qr;

namespace Traceability.Web.Tests;

public sealed class LabelQueryTests
{
    private static QueryCollection Query(params (string Name, string Value)[] pairs) =>
        new(pairs.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(p => p.Value)])));

    private static LabelQuery Parse(params (string Name, string Value)[] pairs)
    {
        Assert.True(LabelQuery.TryParse(Query(pairs), out var query, out var violation), violation?.ToString());
        return query;
    }

    [Fact]
    public void ACountAloneMeansLabelsWithoutSerialsStartingAtOne() =>
        Assert.Equal(new LabelQuery(24, 1, false), Parse(("count", "24")));

    [Fact]
    public void SerialsAreNumberedFromFirstAndPaddedToTheUnitCountsWidthOfAtLeastThreeDigits()
    {
        Assert.Equal(["008", "009", "010"], Parse(("count", "3"), ("first", "8"), ("serials", "true")).SerialsOf(80));
        Assert.Equal(["0999", "1000"], Parse(("count", "2"), ("first", "999"), ("serials", "True")).SerialsOf(1200));
    }

    [Fact]
    public void WithoutSerialsEveryLabelHasNone() =>
        Assert.All(Parse(("count", "4"), ("first", "3"), ("serials", "false")).SerialsOf(80), Assert.Null);

    [Theory]
    [InlineData(80, 80, 1, false, null)]
    [InlineData(81, 80, 1, false, "count: is 81, but the lot has only 80 units")]
    [InlineData(10, 80, 71, true, null)]
    [InlineData(10, 80, 72, true, "first: serials 72 to 81 go beyond the lot's 80 units")]
    [InlineData(10, 80, 72, false, null)]
    public void TheRequestMustFitTheLot(int count, int unitCount, int first, bool serials, string? refusal)
    {
        var violation = new LabelQuery(count, first, serials).CheckAgainst(unitCount);

        if (refusal is null)
        {
            Assert.Null(violation);
        }
        else
        {
            Assert.StartsWith(refusal, violation?.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("count", "0", "count")]
    [InlineData("count", "501", "count")]
    [InlineData("count", "-1", "count")]
    [InlineData("count", "1e3", "count")]
    [InlineData("first", "0", "first")]
    [InlineData("serials", "1", "serials")]
    public void OutOfRangeValuesAreRefusedNamingTheParameter(string name, string value, string field)
    {
        var pairs = name == "count" ? new[] { (name, value) } : [("count", "1"), (name, value)];

        Assert.False(LabelQuery.TryParse(Query(pairs), out _, out var violation));
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public void AParameterGivenTwiceIsRefused()
    {
        Assert.False(LabelQuery.TryParse(Query(("count", "1"), ("count", "2")), out _, out var violation));
        Assert.Equal("count: is given more than once", violation.ToString());
    }
}
