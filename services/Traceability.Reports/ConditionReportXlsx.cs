using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Traceability.Contracts.V1;

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
        var sheets = new Dictionary<string, object>
        {
            [Sheets[0]] = Summary(report),
            [Sheets[1]] = report.Periods.Select(period => PeriodRow.Of(report, period)).ToList(),
            [Sheets[2]] = (from period in report.Periods from series in period.Series select SeriesRow.Of(period, series)).ToList(),
            [Sheets[3]] = (from period in report.Periods
                           from series in period.Series
                           from excursion in series.Excursions
                           select ExcursionRow.Of(period, series, excursion)).ToList(),
            [Sheets[4]] = report.Periods.SelectMany(period =>
                period.Gaps.Select(gap => GapRow.Of(period, null, gap))
                    .Concat(period.Series.SelectMany(series => series.Gaps.Select(gap => GapRow.Of(period, series, gap))))).ToList(),
            [Sheets[5]] = (from period in report.Periods
                           from series in period.Series
                           from problem in series.ClockProblems
                           select ClockRow.Of(period, series, problem)).ToList(),
        };
        var configuration = new OpenXmlConfiguration
        {
            Culture = ReportText.Invariant,
            FreezeRowCount = 1,
            AutoFilter = true,
            // A format applies to a whole column: the summary's times have one of their own.
            DynamicColumns =
            [
                new DynamicExcelColumn(SummaryValue) { Width = 40 },
                new DynamicExcelColumn(SummaryTime) { Format = TimeFormat, Width = TimeWidth },
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

    // The row classes below are read by MiniExcel through reflection: one property is one column.
    private sealed class PeriodRow
    {
        [ExcelColumnName("period_kind")] public string PeriodKind { get; init; } = "";
        [ExcelColumnName("period_id")] public string PeriodId { get; init; } = "";
        [ExcelColumnName("step_kind")] public string StepKind { get; init; } = "";
        [ExcelColumnName("facility_id")] public string FacilityId { get; init; } = "";
        [ExcelColumnName("site_id")] public string SiteId { get; init; } = "";
        [ExcelColumnName("site_name")] public string SiteName { get; init; } = "";
        [ExcelColumnName("from_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? From { get; init; }
        [ExcelColumnName("to_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? To { get; init; }
        [ExcelColumnName("subjects")] public string Subjects { get; init; } = "";
        [ExcelColumnName("profile_id")] public string ProfileId { get; init; } = "";
        [ExcelColumnName("profile_version")] public int? ProfileVersion { get; init; }
        [ExcelColumnName("profile_name")] public string ProfileName { get; init; } = "";
        [ExcelColumnName("verdict")] public string Verdict { get; init; } = "";
        [ExcelColumnName("reasons")] public string Reasons { get; init; } = "";
        [ExcelColumnName("series")] public int Series { get; init; }
        [ExcelColumnName("excursions")] public int Excursions { get; init; }
        [ExcelColumnName("gaps")] public int Gaps { get; init; }
        [ExcelColumnName("checkpoint")] public string Checkpoint { get; init; } = "";

        public static PeriodRow Of(ConditionReport report, PeriodConditions period) => new()
        {
            PeriodKind = ReportText.Kind(period.Kind),
            PeriodId = period.PeriodId,
            StepKind = ReportText.Kind(period.StepKind),
            FacilityId = period.FacilityId,
            SiteId = period.SiteId,
            SiteName = period.SiteName,
            From = ReportText.UtcDateTime(period.From),
            To = ReportText.UtcDateTime(period.To),
            Subjects = string.Join(' ', period.Subjects),
            ProfileId = period.Profile?.ProfileId ?? "",
            ProfileVersion = period.Profile?.Version,
            ProfileName = period.Profile?.Name ?? "",
            Verdict = ReportText.Verdict(period.Verdict),
            Reasons = ReportText.Reasons(period.Reasons),
            Series = period.Series.Count,
            Excursions = period.Series.Sum(series => series.Excursions.Count),
            Gaps = period.Gaps.Count + period.Series.Sum(series => series.Gaps.Count),
            Checkpoint = ReportText.CheckpointLabel(report, period),
        };
    }

    private sealed class SeriesRow
    {
        [ExcelColumnName("period_id")] public string PeriodId { get; init; } = "";
        [ExcelColumnName("site_id")] public string SiteId { get; init; } = "";
        [ExcelColumnName("device")] public string Device { get; init; } = "";
        [ExcelColumnName("sensor")] public string Sensor { get; init; } = "";
        [ExcelColumnName("quantity")] public string Quantity { get; init; } = "";
        [ExcelColumnName("unit")] public string Unit { get; init; } = "";
        [ExcelColumnName("count")] public int Count { get; init; }
        [ExcelColumnName("first_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? First { get; init; }
        [ExcelColumnName("last_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? Last { get; init; }
        [ExcelColumnName("min")] public double? Min { get; init; }
        [ExcelColumnName("max")] public double? Max { get; init; }
        [ExcelColumnName("mean")] public double? Mean { get; init; }
        [ExcelColumnName("mean_kinetic_temperature")] public double? MeanKineticTemperature { get; init; }
        [ExcelColumnName("limit_min")] public double? LimitMin { get; init; }
        [ExcelColumnName("limit_max")] public double? LimitMax { get; init; }
        [ExcelColumnName("covered_min")] public double? CoveredMinutes { get; init; }
        [ExcelColumnName("in_range_min")] public double? InRangeMinutes { get; init; }
        [ExcelColumnName("excursions")] public int Excursions { get; init; }
        [ExcelColumnName("gaps")] public int Gaps { get; init; }
        [ExcelColumnName("clock_problems")] public int ClockProblems { get; init; }
        [ExcelColumnName("chart_points")] public int ChartPoints { get; init; }

        public static SeriesRow Of(PeriodConditions period, SeriesConditions series) => new()
        {
            PeriodId = period.PeriodId,
            SiteId = period.SiteId,
            Device = series.Device,
            Sensor = series.Sensor,
            Quantity = series.Quantity,
            Unit = series.Unit,
            Count = series.Count,
            First = ReportText.UtcDateTime(series.First),
            Last = ReportText.UtcDateTime(series.Last),
            Min = series.HasMin ? series.Min : null,
            Max = series.HasMax ? series.Max : null,
            Mean = series.HasMean ? series.Mean : null,
            MeanKineticTemperature = series.HasMeanKineticTemperature ? series.MeanKineticTemperature : null,
            LimitMin = series.HasLimitMin ? series.LimitMin : null,
            LimitMax = series.HasLimitMax ? series.LimitMax : null,
            CoveredMinutes = ReportText.Minutes(series.Covered),
            InRangeMinutes = ReportText.Minutes(series.InRange),
            Excursions = series.Excursions.Count,
            Gaps = series.Gaps.Count,
            ClockProblems = series.ClockProblems.Count,
            ChartPoints = series.Points.Count,
        };
    }

    private sealed class ExcursionRow
    {
        [ExcelColumnName("period_id")] public string PeriodId { get; init; } = "";
        [ExcelColumnName("site_id")] public string SiteId { get; init; } = "";
        [ExcelColumnName("device")] public string Device { get; init; } = "";
        [ExcelColumnName("sensor")] public string Sensor { get; init; } = "";
        [ExcelColumnName("quantity")] public string Quantity { get; init; } = "";
        [ExcelColumnName("unit")] public string Unit { get; init; } = "";
        [ExcelColumnName("direction")] public string Direction { get; init; } = "";
        [ExcelColumnName("limit")] public double Limit { get; init; }
        [ExcelColumnName("start_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? Start { get; init; }
        [ExcelColumnName("end_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? End { get; init; }
        [ExcelColumnName("duration_min")] public double? DurationMinutes { get; init; }
        [ExcelColumnName("peak")] public double Peak { get; init; }
        [ExcelColumnName("area")] public double Area { get; init; }
        [ExcelColumnName("readings")] public int Readings { get; init; }
        [ExcelColumnName("open")] public bool Open { get; init; }

        public static ExcursionRow Of(PeriodConditions period, SeriesConditions series, Excursion excursion) => new()
        {
            PeriodId = period.PeriodId,
            SiteId = period.SiteId,
            Device = series.Device,
            Sensor = series.Sensor,
            Quantity = series.Quantity,
            Unit = series.Unit,
            Direction = excursion.Direction,
            Limit = excursion.Limit,
            Start = ReportText.UtcDateTime(excursion.Start),
            End = ReportText.UtcDateTime(excursion.End),
            DurationMinutes = ReportText.Minutes(excursion.Duration),
            Peak = excursion.Peak,
            Area = excursion.Area,
            Readings = excursion.Readings,
            Open = excursion.Open,
        };
    }

    private sealed class GapRow
    {
        [ExcelColumnName("period_id")] public string PeriodId { get; init; } = "";
        [ExcelColumnName("site_id")] public string SiteId { get; init; } = "";
        [ExcelColumnName("device")] public string Device { get; init; } = "";
        [ExcelColumnName("sensor")] public string Sensor { get; init; } = "";
        [ExcelColumnName("from_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? From { get; init; }
        [ExcelColumnName("to_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? To { get; init; }
        [ExcelColumnName("duration_min")] public double? DurationMinutes { get; init; }

        /// <summary>A gap of one series, or with no <paramref name="series"/> one where the whole site was silent.</summary>
        public static GapRow Of(PeriodConditions period, SeriesConditions? series, DataGap gap) => new()
        {
            PeriodId = period.PeriodId,
            SiteId = period.SiteId,
            Device = series?.Device ?? "",
            Sensor = series?.Sensor ?? "",
            From = ReportText.UtcDateTime(gap.From),
            To = ReportText.UtcDateTime(gap.To),
            DurationMinutes = ReportText.Minutes(gap.Duration),
        };
    }

    private sealed class ClockRow
    {
        [ExcelColumnName("period_id")] public string PeriodId { get; init; } = "";
        [ExcelColumnName("site_id")] public string SiteId { get; init; } = "";
        [ExcelColumnName("device")] public string Device { get; init; } = "";
        [ExcelColumnName("sensor")] public string Sensor { get; init; } = "";
        [ExcelColumnName("kind")] public string Kind { get; init; } = "";
        [ExcelColumnName("at_utc"), ExcelFormat(TimeFormat), ExcelColumnWidth(TimeWidth)] public DateTime? At { get; init; }
        [ExcelColumnName("detail")] public string Detail { get; init; } = "";

        public static ClockRow Of(PeriodConditions period, SeriesConditions series, ClockProblem problem) => new()
        {
            PeriodId = period.PeriodId,
            SiteId = period.SiteId,
            Device = series.Device,
            Sensor = series.Sensor,
            Kind = problem.Kind,
            At = ReportText.UtcDateTime(problem.At),
            Detail = problem.Detail,
        };
    }
}
