using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Traceability.Contracts.V1;

namespace Traceability.Reports.Tests;

/// <summary>The printable page parsed with AngleSharp as a browser would, and each chart as XML.</summary>
public sealed partial class ConditionReportHtmlTests
{
    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static IDocument Page(ConditionReport report) => Parse(ConditionReportHtml.Render(report));

    [Fact]
    public void ThePageIsUtf8AndNeedsNothingFromOutside()
    {
        var html = ConditionReportHtml.Render(Reports.Lot());
        var page = Parse(html);

        Assert.Equal("utf-8", page.QuerySelector("meta[charset]")?.GetAttribute("charset"));
        Assert.Empty(page.QuerySelectorAll("script, link, img, iframe, object, embed"));
        Assert.DoesNotContain(page.All, element => element.HasAttribute("src"));
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHeaderNamesSubjectProductVerdictAndComputedAt()
    {
        var page = Page(Reports.Lot());

        var header = page.QuerySelector("header.report")!;
        Assert.Equal(Reports.Subject, header.QuerySelector("h1")!.TextContent);
        Assert.Equal(Reports.ProductVi, header.QuerySelector(".product [lang=vi]")!.TextContent);
        Assert.Contains("Dried Ngoc Linh ginseng vine", header.QuerySelector(".product")!.TextContent, StringComparison.Ordinal);
        var badge = header.QuerySelector(".overall .badge")!;
        Assert.Equal("FAIL", badge.TextContent);
        Assert.Contains("verdict-fail", badge.ClassList);
        Assert.Contains("2024-11-02T08:15:30Z", header.TextContent, StringComparison.Ordinal);
        Assert.Equal("Conditions: " + Reports.Subject, page.Title);
    }

    [Fact]
    public void TheHeaderListsEachPeriodsProfileVersionAndTheCheckpointsTheReportWasComputedAgainst()
    {
        var page = Page(Reports.Lot());

        var profiles = page.QuerySelectorAll("table.profiles tbody tr")
            .Select(row => row.QuerySelectorAll("td").Select(cell => cell.TextContent).ToArray())
            .ToList();
        Assert.Equal(3, profiles.Count);
        Assert.Equal(["step ST-DRY-01 (drying)", "drying-default (Sấy sâm dây 50–70 °C)", "3", "FAIL"], [profiles[0][0], profiles[0][3], profiles[0][4], profiles[0][5]]);
        Assert.Equal(["storage-dry (Kho khô, dưới 30 °C)", "1", "PASS"], profiles[1][3..]);
        Assert.Equal(["no profile", "", "WARNING"], profiles[2][3..]);

        var checkpoint = Assert.Single(page.QuerySelectorAll("table.checkpoints tbody tr"));
        Assert.Equal(["HTX-XOP", "traceability.vn/HTX-XOP", "42", Reports.Root, "2024-11-02T08:00:00Z"],
            checkpoint.QuerySelectorAll("td").Select(cell => cell.TextContent));
    }

    [Fact]
    public void EachPeriodIsASectionPrintedFromANewPageWithItsReasonsAndSeriesTable()
    {
        var html = ConditionReportHtml.Render(Reports.Lot());
        var page = Parse(html);

        var sections = page.QuerySelectorAll("section.period");
        Assert.Equal(3, sections.Length);
        Assert.Matches(@"@media print \{[^@]*section\.period \{ break-before: page;", html);

        var drying = sections[0];
        Assert.StartsWith("step ST-DRY-01 (drying)", drying.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        var reasons = drying.QuerySelectorAll("table.reasons tbody tr").Select(row => row.QuerySelectorAll("td").Select(cell => cell.TextContent).ToArray()).ToList();
        Assert.Equal([["FAIL", "excursion", "temperature above 70 °C for 25 min (max 15 min)"], ["WARNING", "gap", "no reading from dryer-1/t0 for 40 min"]], reasons);
        var series = drying.QuerySelectorAll("table.series tbody tr").Select(row => row.QuerySelectorAll("td").Select(cell => cell.TextContent).ToArray()).ToList();
        Assert.Equal(2, series.Count);
        Assert.Equal(["dryer-1 / t0", "temperature (°C)", "480", "55.5", "63.25", "74.5", "64.1", "50 – 70 °C", "440", "415", "1", "1"], series[0]);
        Assert.Equal("not judged", series[1][7]);
        Assert.Contains(Reports.DryerName, drying.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("HTX-XOP:42:3f9a0c6b1e2d4f5a", drying.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ThereIsOneChartPerSeriesEachWellFormedSvg()
    {
        var report = Reports.Lot();
        var html = ConditionReportHtml.Render(report);

        Assert.Equal(Reports.AllSeries(report).Count(), Parse(html).QuerySelectorAll("svg").Length);
        var fragments = SvgFragment().Matches(html).Select(match => match.Value).ToList();
        Assert.Equal(4, fragments.Count);
        Assert.All(fragments, fragment =>
        {
            var svg = XDocument.Parse(fragment).Root!;
            Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Name);
        });
    }

    [Fact]
    public void TheChartsPolylinesHoldEveryChartPointBrokenAtTheSensorsGap()
    {
        var report = Reports.Lot();
        var charts = Page(report).QuerySelectorAll("svg");

        foreach (var (chart, series) in charts.Zip(Reports.AllSeries(report)))
        {
            var points = chart.QuerySelectorAll("polyline.series").Select(line => line.GetAttribute("points")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Equal(series.Points.Count, points.Sum());
        }
        var drying = charts[0].QuerySelectorAll("polyline.series").Select(line => line.GetAttribute("points")!.Split(' ').Length);
        Assert.Equal([12, 3], drying);
    }

    [Fact]
    public void TheLimitBandIsShadedOnlyWhereAProfileJudgesTheQuantity()
    {
        var charts = Page(Reports.Lot()).QuerySelectorAll("svg");

        Assert.Equal([true, false, true, false], charts.Select(chart => chart.QuerySelector("rect.limit-band") is not null));
        var band = charts[0].QuerySelector("rect.limit-band")!;
        Assert.True(double.Parse(band.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void ExcursionsAreShadedAndGapsMarkedWhereTheyHappened()
    {
        var charts = Page(Reports.Lot()).QuerySelectorAll("svg");

        var excursion = Assert.Single(charts[0].QuerySelectorAll("rect.excursion"));
        Assert.Contains("above 70 °C 2024-10-05T03:30:00Z → 2024-10-05T03:55:00Z, peak 74.5 °C", excursion.TextContent, StringComparison.Ordinal);
        var gap = Assert.Single(charts[0].QuerySelectorAll("rect.gap"));
        // Drawn between the excursion and the end: the window runs 8 hours from the left edge.
        Assert.True(X(gap) > X(excursion));
        Assert.Empty(charts[2].QuerySelectorAll("rect.excursion, rect.gap"));
        Assert.Single(charts[1].QuerySelectorAll("line.clock-problem"));
    }

    [Fact]
    public void TheTimeAxisHasAFewUtcTickLabels()
    {
        var chart = Page(Reports.Lot()).QuerySelectorAll("svg")[2];

        // The storage period: 14 days from 2024-10-06, ticks every other day.
        var ticks = chart.QuerySelectorAll("text.tick[text-anchor=middle]").Select(text => text.TextContent).ToList();
        Assert.InRange(ticks.Count, 3, 8);
        Assert.Equal("2024-10-06", ticks[0]);
        Assert.Contains("UTC", chart.QuerySelector("text.axis-title")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TextFromTheRecordsIsEncodedNotMarkup()
    {
        var report = Reports.Lot();
        report.Subject = "lot <script>alert(1)</script> & \"co\"";
        report.Periods[0].Reasons[0].Message = "<b>74.5</b> > 70";
        report.Periods[0].Series[0].Device = "dryer-1\"><svg onload=alert(1)>";

        var html = ConditionReportHtml.Render(report);
        var page = Parse(html);

        Assert.Empty(page.QuerySelectorAll("script, b"));
        Assert.Equal(report.Subject, page.QuerySelector("h1")!.TextContent);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Equal("<b>74.5</b> > 70", page.QuerySelectorAll("section.period")[0].QuerySelector("table.reasons tbody td:last-child")!.TextContent);
        Assert.Equal(4, page.QuerySelectorAll("svg").Length);
        Assert.DoesNotContain(page.All, element => element.Attributes.Any(attribute => attribute.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.All(SvgFragment().Matches(html), match => XDocument.Parse(match.Value));
    }

    [Fact]
    public void VietnameseTextIsWrittenAsItIs()
    {
        var html = ConditionReportHtml.Render(Reports.Lot());

        Assert.Contains(Reports.ProductVi, html, StringComparison.Ordinal);
        Assert.Contains("Lò sấy", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WrittenToAStreamThePageIsUtf8WithoutAByteOrderMark()
    {
        using var stream = new MemoryStream();

        ConditionReportHtml.Write(Reports.Lot(), stream);

        var bytes = stream.ToArray();
        Assert.Equal((byte)'<', bytes[0]);
        Assert.Equal(ConditionReportHtml.Render(Reports.Lot()), Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void ASeriesWithoutPointsSaysSoInItsChart()
    {
        var report = Reports.Lot();
        report.Periods[2].Series[0].Points.Clear();

        var chart = Page(report).QuerySelectorAll("svg")[3];

        Assert.Empty(chart.QuerySelectorAll("polyline"));
        Assert.Equal("no readings", chart.QuerySelector("text.empty")!.TextContent);
    }

    private static double X(IElement rect) => double.Parse(rect.GetAttribute("x")!, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgFragment();
}
