using System.Data;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Traceability.Contracts.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Traceability.Reports;

/// <summary>
/// A <see cref="ConditionReport"/> as an Office Open XML workbook, written with MiniExcel: sheets
/// <c>Summary</c> (field, value, time_utc, detail: subject, product, verdict and reasons,
/// computed_at, each ledger checkpoint, each period's verdict and profile version), <c>Periods</c>, <c>Series</c>, <c>Excursions</c>,
/// <c>Gaps</c> and <c>Clock</c>, one row per item, the same column names as the CSV. Cells are
/// typed: numbers are numbers, times are dates (UTC, <c>yyyy-mm-dd hh:mm:ss</c>; the column
/// names end in <c>_utc</c>), durations are minutes. Every sheet has its header row, even when
/// empty. Stateless and thread-safe.
/// </summary>
public static class ConditionReportXlsx
{
    /// <summary>The media type of the file.</summary>
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The sheets, in workbook order.</summary>
    public static IReadOnlyList<string> Sheets { get; } = ["Summary", "Periods", "Series", "Excursions", "Gaps", "Clock"];

    private const string TimeFormat = "yyyy-mm-dd hh:mm:ss";
    private const double TimeWidth = 20;

    /// <summary>Writes the workbook to <paramref name="stream"/>; the stream is left open.</summary>
    public static void Write(ConditionReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        using var periods = Periods(report);
        using var series = Series(report);
        using var excursions = Excursions(report);
        using var gaps = Gaps(report);
        using var clock = Clock(report);
        DataTable[] tables = [periods, series, excursions, gaps, clock];
        var sheets = new Dictionary<string, object> { [Sheets[0]] = Summary(report) };
        for (var i = 0; i < tables.Length; i++)
        {
            sheets[Sheets[i + 1]] = tables[i];
        }

        var times = tables.SelectMany(table => table.Columns.Cast<DataColumn>())
            .Where(column => column.DataType == typeof(DateTime))
            .Select(column => column.ColumnName)
            .Append(SummaryTime)
            .Distinct(StringComparer.Ordinal);
        var configuration = new OpenXmlConfiguration
        {
            Culture = ReportText.Invariant,
            FreezeRowCount = 1,
            AutoFilter = true,
            // A format applies to a column by its name, in every sheet that has it.
            DynamicColumns =
            [
                new DynamicExcelColumn(SummaryValue) { Width = 40 },
                .. times.Select(name => new DynamicExcelColumn(name) { Format = TimeFormat, Width = TimeWidth }),
            ],
        };
        stream.SaveAs(sheets, excelType: ExcelType.XLSX, configuration: configuration);
    }

    private const string SummaryValue = "value";
    private const string SummaryTime = "time_utc";

    /// <summary>
    /// Field, value (text or number), time, detail: one row per fact. Rows of dictionaries, not of
    /// a class, so that each value cell takes the type of its value (MiniExcel types a class's
    /// cells by property type); times have a column of their own, formatted to the second.
    /// </summary>
    private static List<Dictionary<string, object?>> Summary(ConditionReport report)
    {
        var rows = new List<Dictionary<string, object?>>();
        void Add(string field, object? value, string detail = "") =>
            rows.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["field"] = field,
                [SummaryValue] = value is DateTime ? null : value,
                [SummaryTime] = value as DateTime?,
                ["detail"] = detail,
            });

        Add("subject", report.Subject);
        Add("gtin", report.Gtin);
        Add("lot", report.Lot);
        Add("site_id", report.SiteId);
        Add("product_name_vi", report.ProductNameVi);
        Add("product_name_en", report.ProductNameEn);
        Add("from", ReportText.UtcDateTime(report.From));
        Add("to", ReportText.UtcDateTime(report.To));
        Add("verdict", ReportText.Verdict(report.Verdict));
        foreach (var reason in report.Reasons)
        {
            Add("reason", ReportText.Verdict(reason.Severity), $"{reason.Code}: {reason.Message}");
        }
        Add("computed_at", ReportText.UtcDateTime(report.ComputedAt));
        foreach (var checkpoint in report.Checkpoints)
        {
            var name = $"checkpoint {checkpoint.FacilityId}";
            Add($"{name} size", checkpoint.Size, checkpoint.Origin);
            Add($"{name} root", checkpoint.Root);
            Add($"{name} cut_at", ReportText.UtcDateTime(checkpoint.CutAt));
        }
        foreach (var period in report.Periods)
        {
            var name = $"period {ReportText.PeriodTitle(period)}";
            Add($"{name} verdict", ReportText.Verdict(period.Verdict), ReportText.Reasons(period.Reasons));
            if (period.Profile is { } profile)
            {
                Add($"{name} profile", profile.ProfileId, profile.Name);
                Add($"{name} profile_version", profile.Version);
            }
            else
            {
                Add($"{name} profile", "", "no profile");
            }
        }
        return rows;
    }

    private static DataTable Periods(ConditionReport report) =>
        new Sheet<PeriodConditions>(report.Periods)
            .Text("period_kind", period => ReportText.Kind(period.Kind))
            .Text("period_id", period => period.PeriodId)
            .Text("step_kind", period => ReportText.Kind(period.StepKind))
            .Text("facility_id", period => period.FacilityId)
            .Text("site_id", period => period.SiteId)
            .Text("site_name", period => period.SiteName)
            .Time("from_utc", period => period.From)
            .Time("to_utc", period => period.To)
            .Text("subjects", period => string.Join(' ', period.Subjects))
            .Text("profile_id", period => period.Profile?.ProfileId ?? "")
            .Count("profile_version", period => period.Profile?.Version)
            .Text("profile_name", period => period.Profile?.Name ?? "")
            .Text("verdict", period => ReportText.Verdict(period.Verdict))
            .Text("reasons", period => ReportText.Reasons(period.Reasons))
            .Count("series", period => period.Series.Count)
            .Count("excursions", period => period.Series.Sum(series => series.Excursions.Count))
            .Count("gaps", period => period.Gaps.Count + period.Series.Sum(series => series.Gaps.Count))
            .Text("checkpoint", period => ReportText.CheckpointLabel(report, period))
            .Table();

    private static DataTable Series(ConditionReport report) =>
        Measured(from period in report.Periods from series in period.Series select new Item<SeriesConditions>(period, series, series))
            .Count("count", row => row.Detail.Count)
            .Time("first_utc", row => row.Detail.First)
            .Time("last_utc", row => row.Detail.Last)
            .Number("min", row => row.Detail.HasMin ? row.Detail.Min : null)
            .Number("max", row => row.Detail.HasMax ? row.Detail.Max : null)
            .Number("mean", row => row.Detail.HasMean ? row.Detail.Mean : null)
            .Number("mean_kinetic_temperature", row => row.Detail.HasMeanKineticTemperature ? row.Detail.MeanKineticTemperature : null)
            .Number("limit_min", row => row.Detail.HasLimitMin ? row.Detail.LimitMin : null)
            .Number("limit_max", row => row.Detail.HasLimitMax ? row.Detail.LimitMax : null)
            .Number("covered_min", row => ReportText.Minutes(row.Detail.Covered))
            .Number("in_range_min", row => ReportText.Minutes(row.Detail.InRange))
            .Count("excursions", row => row.Detail.Excursions.Count)
            .Count("gaps", row => row.Detail.Gaps.Count)
            .Count("clock_problems", row => row.Detail.ClockProblems.Count)
            .Count("chart_points", row => row.Detail.Points.Count)
            .Table();

    private static DataTable Excursions(ConditionReport report) =>
        Measured(from period in report.Periods
                 from series in period.Series
                 from excursion in series.Excursions
                 select new Item<Excursion>(period, series, excursion))
            .Text("direction", row => row.Detail.Direction)
            .Number("limit", row => row.Detail.Limit)
            .Time("start_utc", row => row.Detail.Start)
            .Time("end_utc", row => row.Detail.End)
            .Number("duration_min", row => ReportText.Minutes(row.Detail.Duration))
            .Number("peak", row => row.Detail.Peak)
            .Number("area", row => row.Detail.Area)
            .Count("readings", row => row.Detail.Readings)
            .Flag("open", row => row.Detail.Open)
            .Table();

    /// <summary>Gaps of one series, and (no device, no sensor) those where the whole site was silent.</summary>
    private static DataTable Gaps(ConditionReport report) =>
        Located(report.Periods.SelectMany(period =>
                period.Gaps.Select(gap => new Item<DataGap>(period, null, gap))
                    .Concat(period.Series.SelectMany(series => series.Gaps.Select(gap => new Item<DataGap>(period, series, gap))))))
            .Time("from_utc", row => row.Detail.From)
            .Time("to_utc", row => row.Detail.To)
            .Number("duration_min", row => ReportText.Minutes(row.Detail.Duration))
            .Table();

    private static DataTable Clock(ConditionReport report) =>
        Located(from period in report.Periods
                from series in period.Series
                from problem in series.ClockProblems
                select new Item<ClockProblem>(period, series, problem))
            .Text("kind", row => row.Detail.Kind)
            .Time("at_utc", row => row.Detail.At)
            .Text("detail", row => row.Detail.Detail)
            .Table();

    /// <summary>The columns that say where a row's item was found: period, site, device and sensor (empty for the whole site).</summary>
    private static Sheet<Item<T>> Located<T>(IEnumerable<Item<T>> items) =>
        new Sheet<Item<T>>(items)
            .Text("period_id", row => row.Period.PeriodId)
            .Text("site_id", row => row.Period.SiteId)
            .Text("device", row => row.Series?.Device ?? "")
            .Text("sensor", row => row.Series?.Sensor ?? "");

    /// <summary><see cref="Located"/>, then what the series measures: quantity and unit.</summary>
    private static Sheet<Item<T>> Measured<T>(IEnumerable<Item<T>> items) =>
        Located(items)
            .Text("quantity", row => row.Series!.Quantity)
            .Text("unit", row => row.Series!.Unit);

    /// <summary>One row's item, with the period and (unless it is about the whole site) the series it belongs to.</summary>
    private sealed record Item<T>(PeriodConditions Period, SeriesConditions? Series, T Detail);

    /// <summary>
    /// A sheet of one row per item, its columns named, typed and valued in one place. A table, not
    /// rows of a class, so that an empty sheet still has its header row and a null is an empty cell.
    /// </summary>
    private sealed class Sheet<T>(IEnumerable<T> items)
    {
        private readonly List<(string Name, Type Type, Func<T, object?> Cell)> _columns = [];

        public Sheet<T> Text(string name, Func<T, string> cell) => Add(name, typeof(string), item => cell(item));

        public Sheet<T> Number(string name, Func<T, double?> cell) => Add(name, typeof(double), item => cell(item));

        public Sheet<T> Count(string name, Func<T, int?> cell) => Add(name, typeof(int), item => cell(item));

        /// <summary>A time as a date cell (UTC; the name ends in <c>_utc</c>).</summary>
        public Sheet<T> Time(string name, Func<T, Timestamp?> cell) => Add(name, typeof(DateTime), item => ReportText.UtcDateTime(cell(item)));

        public Sheet<T> Flag(string name, Func<T, bool> cell) => Add(name, typeof(bool), item => cell(item));

        public DataTable Table()
        {
            var table = new DataTable { Locale = ReportText.Invariant };
            foreach (var (name, type, _) in _columns)
            {
                table.Columns.Add(name, type);
            }

            foreach (var item in items)
            {
                table.Rows.Add([.. _columns.Select(column => column.Cell(item) ?? DBNull.Value)]);
            }

            return table;
        }

        private Sheet<T> Add(string name, Type type, Func<T, object?> cell)
        {
            _columns.Add((name, type, cell));
            return this;
        }
    }
}
