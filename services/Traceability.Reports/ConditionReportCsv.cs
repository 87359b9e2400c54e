using System.Collections.Frozen;
using System.Text;
using Traceability.Contracts.V1;

namespace Traceability.Reports;

/// <summary>
/// A <see cref="ConditionReport"/> as one flat RFC 4180 table (comma-separated, CRLF line ends,
/// fields quoted when they hold a comma, quote or line break). The <c>row</c> column says what a
/// row is: <c>period</c>, <c>series</c>, <c>excursion</c>, <c>gap</c> or <c>clock</c>; every row
/// repeats the report's subject, its period's kind, id, site and window, the profile id and
/// version and the ledger checkpoint it was judged against, so that a row cut out of the file
/// still says what it is about. Times are ISO 8601 UTC, numbers use the invariant culture,
/// durations are minutes. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// A text cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return is written with a leading apostrophe: a spreadsheet would otherwise run it as a formula
/// (device and site names come from the field). Number and time cells are never changed.
/// </remarks>
public static class ConditionReportCsv
{
    /// <summary>The media type of the file, with its character set.</summary>
    public const string MediaType = "text/csv; charset=utf-8";

    /// <summary>The header row, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "row", "subject", "period_kind", "period_id", "step_kind", "facility_id", "site_id", "site_name",
        "period_from", "period_to", "profile_id", "profile_version", "checkpoint",
        "verdict", "reasons", "period_subjects",
        "device", "sensor", "quantity", "unit", "count", "first", "last", "min", "max", "mean",
        "mean_kinetic_temperature", "limit_min", "limit_max", "covered_min", "in_range_min", "excursions",
        "direction", "limit", "start", "end", "duration_min", "peak", "area", "readings", "open",
        "clock_kind", "detail",
    ];

    private static readonly FrozenDictionary<string, int> ColumnIndex =
        Columns.Select((name, index) => (name, index)).ToFrozenDictionary(pair => pair.name, pair => pair.index, StringComparer.Ordinal);

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>
    /// Writes the table to <paramref name="stream"/> as UTF-8 with a byte order mark, which Excel
    /// needs to read Vietnamese text as UTF-8 rather than the machine's code page. The stream is left open.
    /// </summary>
    public static void Write(ConditionReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportText.WriteTo(stream, Utf8WithBom, writer => Write(report, writer));
    }

    /// <summary>Writes the table to <paramref name="writer"/>, whose encoding (and byte order mark) is its own.</summary>
    public static void Write(ConditionReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, [.. Columns]);
        foreach (var row in Rows(report))
        {
            WriteLine(writer, row.Cells);
        }
        writer.Flush();
    }

    private static IEnumerable<Row> Rows(ConditionReport report)
    {
        foreach (var period in report.Periods)
        {
            var row = PeriodRow(report, period, "period");
            row.Text("verdict", ReportText.Verdict(period.Verdict));
            row.Text("reasons", ReportText.Reasons(period.Reasons));
            row.Text("period_subjects", string.Join(' ', period.Subjects));
            row.Raw("excursions", ReportText.Number(period.Series.Sum(series => series.Excursions.Count)));
            yield return row;

            foreach (var gap in period.Gaps)
            {
                yield return GapRow(PeriodRow(report, period, "gap"), gap);
            }

            foreach (var series in period.Series)
            {
                row = SeriesRow(report, period, series, "series");
                row.Raw("count", ReportText.Number(series.Count));
                row.Raw("first", ReportText.Time(series.First));
                row.Raw("last", ReportText.Time(series.Last));
                row.Raw("min", ReportText.Number(series.HasMin ? series.Min : null));
                row.Raw("max", ReportText.Number(series.HasMax ? series.Max : null));
                row.Raw("mean", ReportText.Number(series.HasMean ? series.Mean : null));
                row.Raw("mean_kinetic_temperature", ReportText.Number(series.HasMeanKineticTemperature ? series.MeanKineticTemperature : null));
                row.Raw("limit_min", ReportText.Number(series.HasLimitMin ? series.LimitMin : null));
                row.Raw("limit_max", ReportText.Number(series.HasLimitMax ? series.LimitMax : null));
                row.Raw("covered_min", ReportText.Number(ReportText.Minutes(series.Covered)));
                row.Raw("in_range_min", ReportText.Number(ReportText.Minutes(series.InRange)));
                row.Raw("excursions", ReportText.Number(series.Excursions.Count));
                yield return row;

                foreach (var excursion in series.Excursions)
                {
                    row = SeriesRow(report, period, series, "excursion");
                    row.Text("direction", excursion.Direction);
                    row.Raw("limit", ReportText.Number(excursion.Limit));
                    row.Raw("start", ReportText.Time(excursion.Start));
                    row.Raw("end", ReportText.Time(excursion.End));
                    row.Raw("duration_min", ReportText.Number(ReportText.Minutes(excursion.Duration)));
                    row.Raw("peak", ReportText.Number(excursion.Peak));
                    row.Raw("area", ReportText.Number(excursion.Area));
                    row.Raw("readings", ReportText.Number(excursion.Readings));
                    row.Raw("open", excursion.Open ? "true" : "false");
                    yield return row;
                }

                foreach (var gap in series.Gaps)
                {
                    yield return GapRow(SeriesRow(report, period, series, "gap"), gap);
                }

                foreach (var problem in series.ClockProblems)
                {
                    row = SeriesRow(report, period, series, "clock");
                    row.Raw("start", ReportText.Time(problem.At));
                    row.Text("clock_kind", problem.Kind);
                    row.Text("detail", problem.Detail);
                    yield return row;
                }
            }
        }
    }

    private static Row PeriodRow(ConditionReport report, PeriodConditions period, string kind)
    {
        var row = new Row();
        row.Raw("row", kind);
        row.Text("subject", report.Subject);
        row.Raw("period_kind", ReportText.Kind(period.Kind));
        row.Text("period_id", period.PeriodId);
        row.Raw("step_kind", ReportText.Kind(period.StepKind));
        row.Text("facility_id", period.FacilityId);
        row.Text("site_id", period.SiteId);
        row.Text("site_name", period.SiteName);
        row.Raw("period_from", ReportText.Time(period.From));
        row.Raw("period_to", ReportText.Time(period.To));
        row.Text("profile_id", period.Profile?.ProfileId ?? "");
        row.Raw("profile_version", period.Profile is null ? "" : ReportText.Number(period.Profile.Version));
        row.Text("checkpoint", ReportText.CheckpointLabel(report, period));
        return row;
    }

    private static Row SeriesRow(ConditionReport report, PeriodConditions period, SeriesConditions series, string kind)
    {
        var row = PeriodRow(report, period, kind);
        row.Text("device", series.Device);
        row.Text("sensor", series.Sensor);
        row.Text("quantity", series.Quantity);
        row.Text("unit", series.Unit);
        return row;
    }

    private static Row GapRow(Row row, DataGap gap)
    {
        row.Raw("start", ReportText.Time(gap.From));
        row.Raw("end", ReportText.Time(gap.To));
        row.Raw("duration_min", ReportText.Number(ReportText.Minutes(gap.Duration)));
        return row;
    }

    private static void WriteLine(TextWriter writer, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            WriteField(writer, cells[i]);
        }
        // RFC 4180: records end with CRLF, whatever the platform.
        writer.Write("\r\n");
    }

    private static void WriteField(TextWriter writer, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(field);
            return;
        }
        writer.Write('"');
        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    /// <summary>One record, its cells in <see cref="Columns"/> order, empty where the row has no such value.</summary>
    private sealed class Row
    {
        public string[] Cells { get; } = [.. Enumerable.Repeat("", Columns.Count)];

        /// <summary>A value the report made (a number, a time, a word): written as it is.</summary>
        public void Raw(string column, string value) => Cells[ColumnIndex[column]] = value;

        /// <summary>Text from the records or the field, which a spreadsheet must not take for a formula.</summary>
        public void Text(string column, string value) => Cells[ColumnIndex[column]] = Inert(value);

        private static string Inert(string text) =>
            text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }
}
