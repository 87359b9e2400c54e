using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Traceability.Contracts.V1;

namespace Traceability.Reports;

/// <summary>
/// A <see cref="ConditionReport"/> as one printable HTML page that needs nothing else: no script,
/// no external style sheet, font or image. The header names the subject and product, the overall
/// verdict as a badge, when the report was computed, the profile version each period was judged
/// against and the ledger checkpoints the records were read at; then one section per period
/// (each printed from a new page) with its reasons, a table of its series' statistics, and per
/// series an inline SVG chart (limit band, excursions, gaps, readings) with its excursions and
/// gaps listed. Every text from the report is HTML-encoded; the page is UTF-8 and declares it, so
/// Vietnamese names print as they are. Stateless and thread-safe.
/// </summary>
public static class ConditionReportHtml
{
    /// <summary>The media type of the page, with its character set.</summary>
    public const string MediaType = "text/html; charset=utf-8";

    // Letters of every script stay as they are (the page is UTF-8); markup characters are escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The page as a string.</summary>
    public static string Render(ConditionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var writer = new StringWriter(ReportText.Invariant);
        Write(report, writer);
        return writer.ToString();
    }

    /// <summary>Writes the page to <paramref name="stream"/> as UTF-8; the stream is left open.</summary>
    public static void Write(ConditionReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportText.WriteTo(stream, Utf8, writer => Write(report, writer));
    }

    /// <summary>Writes the page to <paramref name="writer"/>.</summary>
    public static void Write(ConditionReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var page = new Page(writer);
        page.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
        page.Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        page.Element("title", $"Conditions: {report.Subject}");
        page.Raw("\n<style>").Raw(Style).Raw("</style>\n</head>\n<body>\n");
        Header(page, report);
        var number = 0;
        foreach (var period in report.Periods)
        {
            Period(page, report, period, ++number);
        }
        page.Raw("</body>\n</html>\n");
        writer.Flush();
    }

    private static void Header(Page page, ConditionReport report)
    {
        page.Raw("<header class=\"report\">\n<p class=\"kicker\">Storage and processing conditions</p>\n");
        page.Element("h1", report.Subject, "subject");
        if (report.ProductNameVi.Length > 0 || report.ProductNameEn.Length > 0)
        {
            page.Raw("<p class=\"product\">");
            if (report.ProductNameVi.Length > 0)
            {
                page.Element("span", report.ProductNameVi, "name-vi", lang: "vi");
            }
            if (report.ProductNameVi.Length > 0 && report.ProductNameEn.Length > 0)
            {
                page.Raw(" · ");
            }
            if (report.ProductNameEn.Length > 0)
            {
                page.Element("span", report.ProductNameEn, "name-en");
            }
            page.Raw("</p>\n");
        }
        page.Raw("<p class=\"overall\">");
        Badge(page, report.Verdict);
        page.Raw("</p>\n<dl class=\"facts\">\n");
        page.Fact("computed at", ReportText.Time(report.ComputedAt));
        if (report.From is not null || report.To is not null)
        {
            page.Fact("window", $"{ReportText.Time(report.From)} → {ReportText.Time(report.To)}");
        }
        page.Fact("GTIN", report.Gtin);
        page.Fact("lot", report.Lot);
        page.Fact("site", report.SiteId);
        page.Raw("</dl>\n");
        Reasons(page, report.Reasons, "Why");

        page.Raw("<h2>Periods and profiles</h2>\n<table class=\"profiles\">\n<thead><tr><th>period</th><th>site</th><th>window (UTC)</th><th>profile</th><th>version</th><th>verdict</th></tr></thead>\n<tbody>\n");
        foreach (var period in report.Periods)
        {
            page.Raw("<tr>");
            page.Cell(ReportText.PeriodTitle(period));
            page.Cell(period.SiteName.Length > 0 ? $"{period.SiteId} ({period.SiteName})" : period.SiteId);
            page.Cell($"{ReportText.Time(period.From)} → {ReportText.Time(period.To)}");
            page.Cell(period.Profile is null ? "no profile" : period.Profile.Name.Length > 0 ? $"{period.Profile.ProfileId} ({period.Profile.Name})" : period.Profile.ProfileId);
            page.Cell(period.Profile is null ? "" : ReportText.Number(period.Profile.Version), "number");
            page.Raw("<td>");
            Badge(page, period.Verdict);
            page.Raw("</td></tr>\n");
        }
        page.Raw("</tbody>\n</table>\n");

        page.Raw("<h2>Ledger checkpoints</h2>\n");
        if (report.Checkpoints.Count == 0)
        {
            page.Element("p", "The report names no ledger checkpoint.", "none");
        }
        else
        {
            page.Raw("<table class=\"checkpoints\">\n<thead><tr><th>facility log</th><th>origin</th><th>size</th><th>root (hex)</th><th>cut at (UTC)</th></tr></thead>\n<tbody>\n");
            foreach (var checkpoint in report.Checkpoints)
            {
                page.Raw("<tr>");
                page.Cell(checkpoint.FacilityId);
                page.Cell(checkpoint.Origin);
                page.Cell(ReportText.Number(checkpoint.Size), "number");
                page.Cell(checkpoint.Root, "hash");
                page.Cell(ReportText.Time(checkpoint.CutAt));
                page.Raw("</tr>\n");
            }
            page.Raw("</tbody>\n</table>\n");
        }
        page.Raw("</header>\n");
    }

    private static void Period(Page page, ConditionReport report, PeriodConditions period, int number)
    {
        page.Raw($"<section class=\"period\" id=\"period-{number.ToString(ReportText.Invariant)}\">\n<h2>");
        page.Text(ReportText.PeriodTitle(period));
        page.Raw(" ");
        Badge(page, period.Verdict);
        page.Raw("</h2>\n<dl class=\"facts\">\n");
        page.Fact("site", period.SiteName.Length > 0 ? $"{period.SiteId} ({period.SiteName})" : period.SiteId);
        page.Fact("facility", period.FacilityId);
        page.Fact("window", $"{ReportText.Time(period.From)} → {ReportText.Time(period.To)}");
        page.Fact("concerns", string.Join(", ", period.Subjects));
        page.Fact("profile", period.Profile is null
            ? "no profile applies"
            : $"{ReportText.Profile(period.Profile)}{(period.Profile.Name.Length > 0 ? $" ({period.Profile.Name})" : "")}");
        page.Fact("checkpoint", ReportText.CheckpointLabel(report, period));
        page.Raw("</dl>\n");
        Reasons(page, period.Reasons, "Reasons");

        if (period.Gaps.Count > 0)
        {
            page.Raw("<h3>Site silent (no sensor reported)</h3>\n");
            Gaps(page, period.Gaps);
        }

        if (period.Series.Count == 0)
        {
            page.Element("p", "No sensor series in this period.", "none");
            page.Raw("</section>\n");
            return;
        }

        page.Raw("<h3>Series</h3>\n<table class=\"series\">\n<thead><tr><th>device / sensor</th><th>quantity</th><th>readings</th><th>min</th><th>mean</th><th>max</th><th>MKT</th><th>limits</th><th>covered (min)</th><th>in range (min)</th><th>excursions</th><th>gaps</th></tr></thead>\n<tbody>\n");
        foreach (var series in period.Series)
        {
            var unit = ReportText.Unit(series.Unit);
            page.Raw("<tr>");
            page.Cell($"{series.Device} / {series.Sensor}");
            page.Cell($"{series.Quantity} ({unit})");
            page.Cell(ReportText.Number(series.Count), "number");
            page.Cell(ReportText.Number(series.HasMin ? series.Min : null), "number");
            page.Cell(ReportText.Number(series.HasMean ? Math.Round(series.Mean, 2) : null), "number");
            page.Cell(ReportText.Number(series.HasMax ? series.Max : null), "number");
            page.Cell(ReportText.Number(series.HasMeanKineticTemperature ? Math.Round(series.MeanKineticTemperature, 2) : null), "number");
            page.Cell(Limits(series));
            page.Cell(ReportText.Number(ReportText.Minutes(series.Covered)), "number");
            page.Cell(ReportText.Number(ReportText.Minutes(series.InRange)), "number");
            page.Cell(ReportText.Number(series.Excursions.Count), "number");
            page.Cell(ReportText.Number(series.Gaps.Count), "number");
            page.Raw("</tr>\n");
        }
        page.Raw("</tbody>\n</table>\n");

        foreach (var series in period.Series)
        {
            page.Raw("<figure class=\"series-chart\">\n");
            page.Raw(SeriesChart.Svg(period, series, Encoder));
            page.Raw("\n<figcaption>");
            page.Text($"{series.Device} / {series.Sensor}: {series.Quantity} ({ReportText.Unit(series.Unit)}), {series.Points.Count} chart points of {series.Count} readings");
            page.Raw("</figcaption>\n");
            if (series.Excursions.Count > 0)
            {
                page.Raw("<table class=\"excursions\">\n<thead><tr><th>direction</th><th>limit</th><th>start (UTC)</th><th>end (UTC)</th><th>minutes</th><th>peak</th><th>area</th><th>readings</th></tr></thead>\n<tbody>\n");
                foreach (var excursion in series.Excursions)
                {
                    page.Raw("<tr>");
                    page.Cell(excursion.Direction);
                    page.Cell(ReportText.Number(excursion.Limit), "number");
                    page.Cell(ReportText.Time(excursion.Start));
                    page.Cell(excursion.Open ? "still open" : ReportText.Time(excursion.End));
                    page.Cell(ReportText.Number(ReportText.Minutes(excursion.Duration)), "number");
                    page.Cell(ReportText.Number(excursion.Peak), "number");
                    page.Cell(ReportText.Number(Math.Round(excursion.Area, 2)), "number");
                    page.Cell(ReportText.Number(excursion.Readings), "number");
                    page.Raw("</tr>\n");
                }
                page.Raw("</tbody>\n</table>\n");
            }
            if (series.Gaps.Count > 0)
            {
                Gaps(page, series.Gaps);
            }
            if (series.ClockProblems.Count > 0)
            {
                page.Raw("<ul class=\"clock-problems\">\n");
                foreach (var problem in series.ClockProblems)
                {
                    page.Element("li", $"clock {problem.Kind} at {ReportText.Time(problem.At)}: {problem.Detail}");
                }
                page.Raw("</ul>\n");
            }
            page.Raw("</figure>\n");
        }
        page.Raw("</section>\n");
    }

    private static void Reasons(Page page, Google.Protobuf.Collections.RepeatedField<VerdictReason> reasons, string title)
    {
        if (reasons.Count == 0)
        {
            return;
        }
        page.Raw("<table class=\"reasons\">\n<caption>");
        page.Text(title);
        page.Raw("</caption>\n<thead><tr><th>severity</th><th>code</th><th>message</th></tr></thead>\n<tbody>\n");
        foreach (var reason in reasons)
        {
            page.Raw("<tr>");
            page.Raw("<td>");
            Badge(page, reason.Severity);
            page.Raw("</td>");
            page.Cell(reason.Code);
            page.Cell(reason.Message);
            page.Raw("</tr>\n");
        }
        page.Raw("</tbody>\n</table>\n");
    }

    private static void Gaps(Page page, IEnumerable<DataGap> gaps)
    {
        page.Raw("<table class=\"gaps\">\n<thead><tr><th>no reading from (UTC)</th><th>to (UTC)</th><th>minutes</th></tr></thead>\n<tbody>\n");
        foreach (var gap in gaps)
        {
            page.Raw("<tr>");
            page.Cell(ReportText.Time(gap.From));
            page.Cell(ReportText.Time(gap.To));
            page.Cell(ReportText.Number(ReportText.Minutes(gap.Duration)), "number");
            page.Raw("</tr>\n");
        }
        page.Raw("</tbody>\n</table>\n");
    }

    private static void Badge(Page page, Verdict verdict)
    {
        var word = ReportText.Verdict(verdict);
        var kind = word.Length == 0 ? "none" : word;
        page.Raw($"<span class=\"badge verdict-{kind}\">");
        page.Text(word.Length == 0 ? "NO VERDICT" : word.ToUpperInvariant());
        page.Raw("</span>");
    }

    private static string Limits(SeriesConditions series)
    {
        var unit = ReportText.Unit(series.Unit);
        return (series.HasLimitMin, series.HasLimitMax) switch
        {
            (true, true) => $"{ReportText.Number(series.LimitMin)} – {ReportText.Number(series.LimitMax)} {unit}",
            (true, false) => $"≥ {ReportText.Number(series.LimitMin)} {unit}",
            (false, true) => $"≤ {ReportText.Number(series.LimitMax)} {unit}",
            _ => "not judged",
        };
    }

    /// <summary>The page being written: markup as it is, text always encoded.</summary>
    private sealed class Page(TextWriter writer)
    {
        public Page Raw(string markup)
        {
            writer.Write(markup);
            return this;
        }

        public void Text(string text) => Encoder.Encode(writer, text);

        public void Element(string name, string text, string? cssClass = null, string? lang = null)
        {
            writer.Write('<');
            writer.Write(name);
            if (cssClass is not null)
            {
                writer.Write($" class=\"{cssClass}\"");
            }
            if (lang is not null)
            {
                writer.Write($" lang=\"{lang}\"");
            }
            writer.Write('>');
            Text(text);
            writer.Write($"</{name}>");
        }

        public void Cell(string text, string? cssClass = null) => Element("td", text, cssClass);

        /// <summary>A term and its value in the facts list; nothing when the value is empty.</summary>
        public void Fact(string term, string value)
        {
            if (value.Length == 0)
            {
                return;
            }
            Element("dt", term);
            Element("dd", value);
            writer.Write('\n');
        }
    }

    private const string Style = """

        :root { --pass: #1b7f3b; --warning: #b26a00; --fail: #b3261e; --none: #5f6368; --ink: #1f1f1f; --rule: #d0d4d9; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans", "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 24px; font-size: 14px; line-height: 1.4; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 24px 0 8px; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        .kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--none); margin: 0; font-size: 12px; }
        .product { font-size: 16px; margin: 0 0 8px; }
        .badge { display: inline-block; padding: 2px 10px; border-radius: 4px; color: #fff; font-weight: 700; font-size: 12px; letter-spacing: .05em; vertical-align: middle; }
        .overall .badge { font-size: 16px; padding: 4px 14px; }
        .verdict-pass { background: var(--pass); }
        .verdict-warning { background: var(--warning); }
        .verdict-fail { background: var(--fail); }
        .verdict-none { background: var(--none); }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 8px 0; }
        dl.facts dt { color: var(--none); }
        dl.facts dd { margin: 0; }
        table { border-collapse: collapse; margin: 6px 0 12px; }
        caption { text-align: left; font-weight: 700; padding: 4px 0; }
        th, td { border: 1px solid var(--rule); padding: 3px 6px; text-align: left; vertical-align: top; }
        th { background: #f1f3f4; font-weight: 600; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        td.hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; word-break: break-all; }
        figure.series-chart { margin: 12px 0 20px; break-inside: avoid; page-break-inside: avoid; }
        figcaption { font-size: 12px; color: var(--none); margin: 2px 0 6px; }
        svg.chart { max-width: 100%; height: auto; font-size: 11px; }
        svg.chart .plot { fill: #fff; stroke: var(--rule); }
        svg.chart .limit-band { fill: #1b7f3b; fill-opacity: .12; }
        svg.chart .limit { stroke: var(--pass); stroke-dasharray: 4 3; }
        svg.chart .excursion { fill: var(--fail); fill-opacity: .25; }
        svg.chart .gap { fill: #9aa0a6; fill-opacity: .35; }
        svg.chart .site-gap { fill: #5f6368; fill-opacity: .35; }
        svg.chart .clock-problem { stroke: var(--warning); stroke-dasharray: 2 2; }
        svg.chart .grid { stroke: #eceff1; }
        svg.chart .axis { stroke: #80868b; }
        svg.chart .tick, svg.chart .axis-title { fill: #5f6368; }
        svg.chart .series { fill: none; stroke: #1a73e8; stroke-width: 1.5; }
        svg.chart .series-point { fill: #1a73e8; }
        .none { color: var(--none); font-style: italic; }
        @page { size: A4; margin: 14mm; }
        @media print {
          body { margin: 0; font-size: 11px; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          section.period { break-before: page; page-break-before: always; }
          table { break-inside: auto; }
          tr { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
        }

        """;
}
