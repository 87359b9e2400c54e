using Traceability.Conditions;

namespace Traceability.Conditions.Tests;

/// <summary>The pure parts the stores share: time truncation and bounds, escaping, order and collapse, export parsing, options.</summary>
public sealed class StorageCoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TimesAreTruncatedTowardThePastAndBoundsRoundedUp_BeforeTheEpochToo()
    {
        Assert.Equal(1_772_323_200_001, ReadingTime.ToUnixMilliseconds(T0.AddTicks(19_999)));
        Assert.Equal(1_772_323_200_002, ReadingTime.BoundToUnixMilliseconds(T0.AddTicks(10_001)));
        Assert.Equal(1_772_323_200_001, ReadingTime.BoundToUnixMilliseconds(T0.AddTicks(10_000)));
        Assert.Equal(-1, ReadingTime.ToUnixMilliseconds(DateTimeOffset.UnixEpoch.AddTicks(-1)));
        Assert.Equal(0, ReadingTime.BoundToUnixMilliseconds(DateTimeOffset.UnixEpoch.AddTicks(-1)));
        Assert.Equal(TimeSpan.Zero, ReadingTime.Truncate(T0.ToOffset(TimeSpan.FromHours(7))).Offset);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("hall.1-b_C9", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a,b", false)]
    [InlineData("a\"b", false)]
    [InlineData("é", false)]
    public void IdsAreOneToSixtyFourCharactersOfLettersDigitsDotDashUnderscore(string id, bool valid)
    {
        Assert.Equal(valid, ReadingIdentity.IsValidId(id));
        Assert.True(ReadingIdentity.IsValidId(new string('x', 64)));
        Assert.False(ReadingIdentity.IsValidId(new string('x', 65)));
    }

    [Fact]
    public void FluxStringLiteralsEscapeBackslashQuoteDollarAndControls() =>
        Assert.Equal("\"a\\\\b\\\"c\\${d}\\n\"", FluxReadingsQuery.StringLiteral("a\\b\"c${d}\n"));

    [Fact]
    public void LineProtocolEscapesCommasSpacesAndEqualsAndWritesValuesRoundTrip()
    {
        var line = InfluxLineProtocol.Format([new StoredReading("f", "s,1", "d 1", "x=y", "temp erature", "CEL", 0.1 + 0.2, T0)]);

        Assert.Equal(@"temp\ erature,device=d\ 1,facility=f,sensor=x\=y,site=s\,1,unit=CEL value=0.30000000000000004 1772323200000", line);
    }

    [Fact]
    public void MetricsQlSelectorQuotesTheSiteAndExportRangeEndsOneMillisecondBeforeUntil()
    {
        Assert.Equal("{__name__=~\".+_value\",site=\"a\\\"b\"}", VictoriaMetricsExport.Selector("a\"b"));
        Assert.Equal(
            "match[]=" + Uri.EscapeDataString("{__name__=~\".+_value\",site=\"hall.1\"}") + "&start=1772323200.000&end=1772323200.999",
            VictoriaMetricsExport.Query("hall.1", 1_772_323_200_000, 1_772_323_201_000));
    }

    [Fact]
    public async Task ExportLinesBecomeReadingsInRangeOrderedWithDuplicateSamplesOnce()
    {
        const string export = """
            {"metric":{"__name__":"temperature_value","device":"d2","facility":"f","sensor":"t","site":"s","unit":"CEL"},"values":[40,41,41,42],"timestamps":[1000,2000,2000,3000]}
            {"metric":{"__name__":"moisture_value","device":"d1","facility":"f","sensor":"m","site":"s","unit":"P1"},"values":[12.5],"timestamps":[2000]}
            {"metric":{"__name__":"temperature_other","device":"d1","facility":"f","sensor":"t","site":"s","unit":"CEL"},"values":[1],"timestamps":[2000]}

            """;

        var readings = await VictoriaMetricsExport.ParseAsync(new StringReader(export), "s", 1000, 3000);

        Assert.Equal(
            [
                new StoredReading("f", "s", "d2", "t", "temperature", "CEL", 40, DateTimeOffset.FromUnixTimeMilliseconds(1000)),
                new StoredReading("f", "s", "d1", "m", "moisture", "P1", 12.5, DateTimeOffset.FromUnixTimeMilliseconds(2000)),
                new StoredReading("f", "s", "d2", "t", "temperature", "CEL", 41, DateTimeOffset.FromUnixTimeMilliseconds(2000)),
            ],
            readings);
    }

    [Fact]
    public void CollapseKeepsTheLastOfOneIdentityWhateverItsFacilityOrUnit()
    {
        var first = new StoredReading("f1", "s", "d", "t", "temperature", "CEL", 1, T0);
        var later = first with { Facility = "f2", Value = 2 };
        var other = first with { Device = "c" };

        Assert.Equal([other, later], ReadingOrder.SortAndCollapse([first, later, other]));
    }

    [Theory]
    [InlineData("sqlite", null, 0)]
    [InlineData("SQLite", null, 0)]
    [InlineData("influxdb", null, 1)]
    [InlineData("victoriametrics", "http://127.0.0.1:8428", 0)]
    [InlineData("victoriametrics", "ftp://x", 1)]
    [InlineData("postgres", null, 1)]
    public void OptionsNameEachProblemByItsKey(string store, string? url, int problems)
    {
        var found = new ReadingsStoreOptions { Store = store, Url = url }.Problems();

        Assert.Equal(problems, found.Count);
        Assert.All(found, p => Assert.StartsWith("Readings:", p, StringComparison.Ordinal));
    }
}
