using System.Globalization;
using System.Text;
using CsvHelper;
using Traceability.Contracts.V1;

namespace Traceability.Reports.Tests;

/// <summary>The CSV an inspector opens in Excel, read back with CsvHelper row by row.</summary>
public sealed class ConditionReportCsvTests
{
    private static byte[] Bytes(ConditionReport report)
    {
        using var stream = new MemoryStream();
        ConditionReportCsv.Write(report, stream);
        return stream.ToArray();
    }

    /// <summary>The file parsed as RFC 4180: each row as column → value.</summary>
    private static (string[] Header, List<Dictionary<string, string>> Rows) Parse(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true, Separator = ',', Mode = CsvMode.Rfc4180, AllowLineBreaksInQuotes = true }, leaveOpen: false);
        var header = csv.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            Assert.Equal(header.Length, csv.FieldCount);
            rows.Add(header.Select((name, index) => (name, index)).ToDictionary(column => column.name, column => csv.GetString(column.index), StringComparer.Ordinal));
        }
        return (header, rows);
    }

    private static List<Dictionary<string, string>> Rows(ConditionReport report) => Parse(Bytes(report)).Rows;

    [Fact]
    public void TheFileIsUtf8WithAByteOrderMarkAndCrlfLineEnds()
    {
        var bytes = Bytes(Reports.Lot());

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("row,subject,period_kind,period_id,", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        // Every line break is a CRLF: a quoted field holds none here.
        Assert.Equal(text.Split("\r\n").Length, text.Split('\n').Length);
        Assert.Contains("Xưởng đóng gói", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHeaderIsTheDocumentedColumns()
    {
        var (header, _) = Parse(Bytes(Reports.Lot()));

        Assert.Equal(ConditionReportCsv.Columns, header);
    }

    [Fact]
    public void RowsComePeriodByPeriodWithEachSeriesFollowedByItsExcursionsGapsAndClockProblems()
    {
        var rows = Rows(Reports.Lot());

        Assert.Equal(
            [
                ("period", "ST-DRY-01", ""), ("series", "ST-DRY-01", "t0"), ("excursion", "ST-DRY-01", "t0"), ("gap", "ST-DRY-01", "t0"),
                ("series", "ST-DRY-01", "rh0"), ("clock", "ST-DRY-01", "rh0"),
                ("period", "STO-01", ""), ("series", "STO-01", "t0"),
                ("period", "ST-PACK-01", ""), ("series", "ST-PACK-01", "t0"),
            ],
            rows.Select(row => (row["row"], row["period_id"], row["sensor"])));
    }

    [Fact]
    public void EveryRowSaysWhichSubjectPeriodSiteWindowProfileAndCheckpointItBelongsTo()
    {
        var rows = Rows(Reports.Lot());

        Assert.All(rows, row =>
        {
            Assert.Equal(Reports.Subject, row["subject"]);
            Assert.Equal("HTX-XOP:42:3f9a0c6b1e2d4f5a", row["checkpoint"]);
            Assert.NotEmpty(row["period_kind"]);
            Assert.NotEmpty(row["site_id"]);
            Assert.NotEmpty(row["period_from"]);
            Assert.NotEmpty(row["period_to"]);
        });
        var excursion = rows.Single(row => row["row"] == "excursion");
        Assert.Equal(("step", "drying", "SITE-DRY-1", "2024-10-05T00:30:00Z", "2024-10-05T08:30:00Z", "drying-default", "3"),
            (excursion["period_kind"], excursion["step_kind"], excursion["site_id"], excursion["period_from"], excursion["period_to"],
                excursion["profile_id"], excursion["profile_version"]));
    }

    [Fact]
    public void APeriodThatNoProfileJudgesHasNoProfileIdOrVersion()
    {
        var packing = Rows(Reports.Lot()).Where(row => row["period_id"] == "ST-PACK-01").ToList();

        Assert.Equal(2, packing.Count);
        Assert.All(packing, row => Assert.Equal(("", ""), (row["profile_id"], row["profile_version"])));
        Assert.Equal(("warning", "warning no_profile: no profile judges packing steps"), (packing[0]["verdict"], packing[0]["reasons"]));
    }

    [Fact]
    public void ASiteNameWithACommaAndQuotesIsQuotedAndReadsBackWhole()
    {
        var bytes = Bytes(Reports.Lot());

        Assert.Contains("\"Lò sấy \"\"Đăk Glei\"\", khu A\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.All(Rows(Reports.Lot()).Where(row => row["period_id"] == "ST-DRY-01"), row => Assert.Equal(Reports.DryerName, row["site_name"]));
    }

    [Fact]
    public void ThePeriodRowCarriesItsVerdictReasonsSubjectsAndExcursionCount()
    {
        var drying = Rows(Reports.Lot()).First();

        Assert.Equal("period", drying["row"]);
        Assert.Equal("fail", drying["verdict"]);
        Assert.Equal("fail excursion: temperature above 70 °C for 25 min (max 15 min); warning gap: no reading from dryer-1/t0 for 40 min", drying["reasons"]);
        Assert.Equal("B-DRY-01 08930000000015/SD-01", drying["period_subjects"]);
        Assert.Equal("1", drying["excursions"]);
        Assert.Equal("", drying["device"]);
    }

    [Fact]
    public void SeriesRowsCarryTheirStatisticsInTheInvariantCultureWhateverTheMachinesCulture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("vi-VN");
        List<Dictionary<string, string>> rows;
        try
        {
            rows = Rows(Reports.Lot());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        var drying = rows.First(row => row["row"] == "series");
        Assert.Equal(
            ("dryer-1", "temperature", "CEL", "480", "55.5", "74.5", "63.25", "64.1", "50", "70", "440", "415", "1", "2024-10-05T00:30:00Z", "2024-10-05T08:30:00Z"),
            (drying["device"], drying["quantity"], drying["unit"], drying["count"], drying["min"], drying["max"], drying["mean"],
                drying["mean_kinetic_temperature"], drying["limit_min"], drying["limit_max"], drying["covered_min"], drying["in_range_min"],
                drying["excursions"], drying["first"], drying["last"]));
        var storage = rows.Single(row => row["row"] == "series" && row["period_id"] == "STO-01");
        Assert.Equal(("24.375", "", "30", "20160"), (storage["mean_kinetic_temperature"], storage["limit_min"], storage["limit_max"], storage["in_range_min"]));
    }

    [Fact]
    public void TheExcursionRowSaysWhenHowLongAndHowFarBeyondTheLimit()
    {
        var excursion = Rows(Reports.Lot()).Single(row => row["row"] == "excursion");

        Assert.Equal(
            ("above", "70", "2024-10-05T03:30:00Z", "2024-10-05T03:55:00Z", "25", "74.5", "62.5", "25", "false"),
            (excursion["direction"], excursion["limit"], excursion["start"], excursion["end"], excursion["duration_min"],
                excursion["peak"], excursion["area"], excursion["readings"], excursion["open"]));
    }

    [Fact]
    public void GapAndClockRowsSayWhenTheSensorWasSilentOrItsClockWrong()
    {
        var rows = Rows(Reports.Lot());

        var gap = rows.Single(row => row["row"] == "gap");
        Assert.Equal(("t0", "2024-10-05T06:30:00Z", "2024-10-05T07:10:00Z", "40"), (gap["sensor"], gap["start"], gap["end"], gap["duration_min"]));
        var clock = rows.Single(row => row["row"] == "clock");
        Assert.Equal(("rh0", "irregular", "2024-10-05T02:30:00Z", "reading 90 s before the previous one"),
            (clock["sensor"], clock["clock_kind"], clock["start"], clock["detail"]));
    }

    [Fact]
    public void ASiteWideGapIsAGapRowWithoutADevice()
    {
        var report = Reports.Lot();
        report.Periods[1].Gaps.Add(new DataGap
        {
            From = Reports.At(new DateTime(2024, 10, 8, 0, 0, 0, DateTimeKind.Utc)),
            To = Reports.At(new DateTime(2024, 10, 8, 2, 0, 0, DateTimeKind.Utc)),
            Duration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromHours(2)),
        });

        var gap = Rows(report).Single(row => row["row"] == "gap" && row["period_id"] == "STO-01");

        Assert.Equal(("", "2024-10-08T00:00:00Z", "120"), (gap["device"], gap["start"], gap["duration_min"]));
    }

    [Fact]
    public void TextThatASpreadsheetWouldRunAsAFormulaIsDefused()
    {
        var report = Reports.Lot();
        report.Periods[2].Series[0].Device = "=HYPERLINK(\"http://example.com\",\"pack-1\")";
        report.Periods[2].Series[0].LimitMin = -18;

        var packing = Rows(report).Single(row => row["row"] == "series" && row["period_id"] == "ST-PACK-01");

        Assert.Equal("'=HYPERLINK(\"http://example.com\",\"pack-1\")", packing["device"]);
        Assert.Equal("-18", packing["limit_min"]);
    }

    [Fact]
    public void AReportWithoutPeriodsIsTheHeaderAlone()
    {
        var (header, rows) = Parse(Bytes(new ConditionReport { Subject = "site SITE-DRY-1" }));

        Assert.Equal(ConditionReportCsv.Columns.Count, header.Length);
        Assert.Empty(rows);
    }

    [Fact]
    public void WrittenToATextWriterTheTableHasNoByteOrderMark()
    {
        using var writer = new StringWriter();

        ConditionReportCsv.Write(Reports.Lot(), writer);

        Assert.StartsWith("row,", writer.ToString(), StringComparison.Ordinal);
    }
}
