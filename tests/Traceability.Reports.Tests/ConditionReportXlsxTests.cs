using MiniExcelLibs;
using Traceability.Contracts.V1;

namespace Traceability.Reports.Tests;

/// <summary>The workbook read back with MiniExcel, sheet by sheet, cell types included.</summary>
public sealed class ConditionReportXlsxTests
{
    private static MemoryStream Workbook(ConditionReport report)
    {
        var stream = new MemoryStream();
        ConditionReportXlsx.Write(report, stream);
        stream.Position = 0;
        return stream;
    }

    private static List<IDictionary<string, object?>> Sheet(MemoryStream workbook, string name) =>
        [.. MiniExcel.Query(workbook, useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>()];

    /// <summary>The header row of a sheet, read as data.</summary>
    private static List<object?> Header(MemoryStream workbook, string name) =>
        [.. MiniExcel.Query(workbook, useHeaderRow: false, sheetName: name).Cast<IDictionary<string, object?>>().First().Values];

    [Fact]
    public void TheWorkbookHasTheDocumentedSheetsInOrder()
    {
        using var workbook = Workbook(Reports.Lot());

        Assert.Equal(["Summary", "Periods", "Series", "Excursions", "Gaps", "Clock"], MiniExcel.GetSheetNames(workbook));
        Assert.Equal(ConditionReportXlsx.Sheets, MiniExcel.GetSheetNames(workbook));
    }

    [Fact]
    public void TheSummaryNamesSubjectProductVerdictTimeCheckpointAndEachPeriodsProfileVersion()
    {
        using var workbook = Workbook(Reports.Lot());

        var summary = Sheet(workbook, "Summary");
        var value = summary.ToDictionary(row => (string)row["field"]!, row => row["value"]);
        var detail = summary.ToDictionary(row => (string)row["field"]!, row => row["detail"]);
        var time = summary.ToDictionary(row => (string)row["field"]!, row => row["time_utc"]);

        Assert.Equal(Reports.Subject, value["subject"]);
        Assert.Equal(Reports.ProductVi, value["product_name_vi"]);
        Assert.Equal("fail", value["verdict"]);
        Assert.Equal("fail", value["reason"]);
        Assert.Equal("excursion: drying ST-DRY-01: temperature above 70 °C for 25 min", detail["reason"]);
        Assert.Equal(new DateTime(2024, 11, 2, 8, 15, 30), time["computed_at"]);
        Assert.Equal(42d, value["checkpoint HTX-XOP size"]);
        Assert.Equal(Reports.Root, value["checkpoint HTX-XOP root"]);
        Assert.Equal(new DateTime(2024, 11, 2, 8, 0, 0), time["checkpoint HTX-XOP cut_at"]);
        Assert.Equal(Reports.DryingStart, time["from"]);
        Assert.Equal("fail", value["period step ST-DRY-01 (drying) verdict"]);
        Assert.Equal("drying-default", value["period step ST-DRY-01 (drying) profile"]);
        Assert.Equal(3d, value["period step ST-DRY-01 (drying) profile_version"]);
        Assert.Equal(1d, value["period storage STO-01 profile_version"]);
        Assert.Equal("pass", value["period storage STO-01 verdict"]);
        Assert.Equal("no profile", detail["period step ST-PACK-01 (packing) profile"]);
        Assert.DoesNotContain("period step ST-PACK-01 (packing) profile_version", value.Keys);
    }

    [Fact]
    public void PeriodsAreOneRowEachWithTypedTimesAndVersions()
    {
        using var workbook = Workbook(Reports.Lot());

        var periods = Sheet(workbook, "Periods");

        Assert.Equal(["ST-DRY-01", "STO-01", "ST-PACK-01"], periods.Select(row => row["period_id"]));
        var drying = periods[0];
        Assert.Equal(("step", "drying", Reports.DryerName, "fail"), (drying["period_kind"], drying["step_kind"], drying["site_name"], drying["verdict"]));
        Assert.Equal(Reports.DryingStart, drying["from_utc"]);
        Assert.Equal(Reports.DryingStart.AddHours(8), drying["to_utc"]);
        Assert.Equal((3d, 2d, 1d, 1d), (drying["profile_version"], drying["series"], drying["excursions"], drying["gaps"]));
        Assert.Equal("HTX-XOP:42:3f9a0c6b1e2d4f5a", drying["checkpoint"]);
        Assert.Null(periods[2]["profile_version"]);
        Assert.Equal("", periods[2]["profile_id"] ?? "");
    }

    [Fact]
    public void SeriesCarryTheirStatisticsAsNumbers()
    {
        using var workbook = Workbook(Reports.Lot());

        var series = Sheet(workbook, "Series");

        Assert.Equal(4, series.Count);
        var drying = series[0];
        Assert.Equal((480d, 55.5, 74.5, 63.25, 64.1, 50d, 70d, 440d, 415d, 15d),
            (drying["count"], drying["min"], drying["max"], drying["mean"], drying["mean_kinetic_temperature"],
                drying["limit_min"], drying["limit_max"], drying["covered_min"], drying["in_range_min"], drying["chart_points"]));
        Assert.Equal(Reports.DryingStart, drying["first_utc"]);
        var storage = series[2];
        Assert.Equal(("STO-01", 24.375, 30d), (storage["period_id"], storage["mean_kinetic_temperature"], storage["limit_max"]));
        Assert.Null(storage["limit_min"]);
    }

    [Fact]
    public void TheExcursionHasItsTimesAsDatesAndItsSizeAsNumbers()
    {
        using var workbook = Workbook(Reports.Lot());

        var excursion = Assert.Single(Sheet(workbook, "Excursions"));

        Assert.Equal(("ST-DRY-01", "t0", "above", 70d), (excursion["period_id"], excursion["sensor"], excursion["direction"], excursion["limit"]));
        Assert.Equal(Reports.ExcursionStart, excursion["start_utc"]);
        Assert.Equal(Reports.ExcursionStart.AddMinutes(25), excursion["end_utc"]);
        Assert.Equal((25d, 74.5, 62.5, 25d, false), (excursion["duration_min"], excursion["peak"], excursion["area"], excursion["readings"], excursion["open"]));
    }

    [Fact]
    public void GapsAndClockProblemsHaveTheirSheets()
    {
        using var workbook = Workbook(Reports.Lot());

        var gap = Assert.Single(Sheet(workbook, "Gaps"));
        Assert.Equal(("dryer-1", "t0", 40d), (gap["device"], gap["sensor"], gap["duration_min"]));
        Assert.Equal(Reports.GapStart, gap["from_utc"]);
        var clock = Assert.Single(Sheet(workbook, "Clock"));
        Assert.Equal(("rh0", "irregular"), (clock["sensor"], clock["kind"]));
    }

    [Fact]
    public void EmptySheetsStillHaveTheirHeaderRow()
    {
        var report = Reports.Lot();
        report.Periods.RemoveAt(0);
        using var workbook = Workbook(report);

        Assert.Empty(Sheet(workbook, "Excursions"));
        Assert.Equal(["period_id", "site_id", "device", "sensor", "from_utc", "to_utc", "duration_min"], Header(workbook, "Gaps"));
        Assert.Contains("start_utc", Header(workbook, "Excursions"));
    }
}
