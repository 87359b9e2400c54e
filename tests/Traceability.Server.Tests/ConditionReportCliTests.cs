using System.Globalization;
using AngleSharp.Html.Parser;
using CsvHelper;
using MiniExcelLibs;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>
/// The inspector's report of a demo lot, written by the `trace` command line run against the real
/// server exactly as the README gives it, opened back as CSV, XLSX and HTML.
/// </summary>
public sealed class ConditionReportCliTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private const string Gtin = "08938517000225";
    private const string Lot = "TP-2026-021";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("conditions-report-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task TheCsvReportHasARowPerPeriodSeriesAndExcursion_EachNamingItsProfileVersionAndCheckpoint()
    {
        var file = await WriteAsync("csv");

        using var csv = CsvReader.Create(new StreamReader(file), new CsvReaderOptions { HasHeader = true, Separator = ',', Mode = CsvMode.Rfc4180, AllowLineBreaksInQuotes = true }, leaveOpen: false);
        var header = csv.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => csv.GetString(c.index), StringComparer.Ordinal));
        }

        var excursion = Assert.Single(rows, r => r["row"] == "excursion");
        Assert.Equal((DemoReadings.Overheat.StepId, "drying.bamboo-shoots", "1", "above", "20"), (excursion["period_id"], excursion["profile_id"], excursion["profile_version"], excursion["direction"], excursion["duration_min"]));
        Assert.Equal("2026-07-19T02:05:00Z", excursion["start"]);
        Assert.Contains(rows, r => r["row"] == "period" && r["period_kind"] == "storage");
        Assert.Contains(rows, r => r["row"] == "series" && r["quantity"] == "temperature" && r["period_id"] == DemoReadings.Overheat.StepId);
        Assert.All(rows, r => Assert.StartsWith("HKD-THANHPHAT-DG:", r["checkpoint"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheXlsxReportOpensWithASheetPerTable()
    {
        var file = await WriteAsync("xlsx");

        var sheets = MiniExcel.GetSheetNames(file);
        Assert.Superset(new HashSet<string> { "Summary", "Periods", "Series", "Excursions", "Gaps" }, sheets.ToHashSet());
        var excursions = MiniExcel.Query(file, useHeaderRow: true, sheetName: "Excursions").Cast<IDictionary<string, object?>>().ToList();
        var excursion = Assert.Single(excursions);
        Assert.Equal(68d, Convert.ToDouble(excursion["peak"], CultureInfo.InvariantCulture), 6);
        var periods = MiniExcel.Query(file, useHeaderRow: true, sheetName: "Periods").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(periods, p => (string?)p["period_id"] == DemoReadings.Overheat.StepId);
    }

    [Fact]
    public async Task TheHtmlReportShowsAChartPerSeries_TheVerdict_TheProfileVersionsAndTheCheckpoint()
    {
        var file = await WriteAsync("html");

        var document = await new HtmlParser().ParseDocumentAsync(await File.ReadAllTextAsync(file));
        var charts = document.QuerySelectorAll("svg");
        Assert.NotEmpty(charts);
        Assert.All(charts, svg => Assert.NotEmpty(svg.QuerySelectorAll("polyline")));
        Assert.Contains(charts, svg => svg.QuerySelectorAll("polyline").Sum(p => p.GetAttribute("points")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length) > 100);
        var text = document.Body!.TextContent;
        Assert.Contains("Măng khô Đăk Glei TP", text, StringComparison.Ordinal);
        Assert.Contains("drying.bamboo-shoots", text, StringComparison.Ordinal);
        Assert.Contains("HKD-THANHPHAT-DG", text, StringComparison.Ordinal);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Empty(document.QuerySelectorAll("link[href^='http'], img[src^='http']"));
    }

    private async Task<string> WriteAsync(string format)
    {
        var file = Path.Combine(_folder.FullName, $"report.{format}");
        var (exit, _, stderr) = await Cli.TraceAsync("conditions", "lot", Gtin, Lot, "--format", format, "--output", file, "--server", fixture.Server.Url.ToString());
        Assert.True(exit == 0, stderr);
        return file;
    }
}
