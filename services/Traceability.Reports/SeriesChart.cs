using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Reports;

/// <summary>
/// A series' chart as hand-written inline SVG, for the HTML report: the time axis with a few UTC
/// tick labels, the value axis, the profile's limit band shaded, each excursion shaded red, each
/// gap (the sensor's, and the site's when it was all silent) shaded grey, clock problems marked,
/// and the thinned points as polylines, broken at the sensor's gaps so that a silence is not
/// drawn as a straight line. The SVG is well-formed XML; its parts carry classes (<c>limit-band</c>,
/// <c>excursion</c>, <c>gap</c>, <c>site-gap</c>, <c>clock-problem</c>, <c>series</c>) that the
/// page's CSS colours.
/// </summary>
internal static class SeriesChart
{
    public const double Width = 760;
    public const double Height = 240;
    private const double Left = 60;
    // Room for half of the last time label, centred on the right edge.
    private const double Right = 36;
    private const double Top = 12;
    private const double Bottom = 40;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;
    private const int TargetTicks = 5;

    // Tick spacings on the time axis, smallest first: a whole number of minutes, hours or days.
    private static readonly TimeSpan[] TimeSteps =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
        TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(28),
        TimeSpan.FromDays(91), TimeSpan.FromDays(182), TimeSpan.FromDays(364),
    ];

    /// <summary>The SVG of <paramref name="series"/> over its period's window (or its own first and last reading).</summary>
    public static string Svg(PeriodConditions period, SeriesConditions series, HtmlEncoder encoder)
    {
        var (from, to) = Window(period, series);
        var (low, high) = ValueRange(series);
        var x = new Func<DateTime, double>(time => Clamp(Left + (time - from).TotalMilliseconds / (to - from).TotalMilliseconds * PlotWidth, Left, Left + PlotWidth));
        var y = new Func<double, double>(value => Clamp(Top + (high - value) / (high - low) * PlotHeight, Top, Top + PlotHeight));
        var unit = ReportText.Unit(series.Unit);
        var label = $"{series.Quantity} ({unit}) of {series.Device}/{series.Sensor}";

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{encoder.Encode(label)}\">"));
        svg.Append("<title>").Append(encoder.Encode(label)).Append("</title>");
        svg.Append(Invariant($"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\"/>"));

        if (series.HasLimitMin || series.HasLimitMax)
        {
            var bandTop = y(series.HasLimitMax ? series.LimitMax : high);
            var bandBottom = y(series.HasLimitMin ? series.LimitMin : low);
            svg.Append(Invariant($"<rect class=\"limit-band\" x=\"{Left}\" y=\"{F(bandTop)}\" width=\"{PlotWidth}\" height=\"{F(Math.Max(0, bandBottom - bandTop))}\">"))
                .Append("<title>").Append(encoder.Encode(LimitText(series, unit))).Append("</title></rect>");
        }

        foreach (var gap in period.Gaps)
        {
            Span(svg, "site-gap", x, gap.From, gap.To, to, encoder, $"no reading from any sensor of the site {Span(gap.From, gap.To)}");
        }
        foreach (var gap in series.Gaps)
        {
            Span(svg, "gap", x, gap.From, gap.To, to, encoder, $"no reading {Span(gap.From, gap.To)}");
        }
        foreach (var excursion in series.Excursions)
        {
            var what = $"{excursion.Direction} {ReportText.Number(excursion.Limit)} {unit} {Span(excursion.Start, excursion.End)}, peak {ReportText.Number(excursion.Peak)} {unit}{(excursion.Open ? ", still open" : "")}";
            Span(svg, "excursion", x, excursion.Start, excursion.End, to, encoder, what);
        }

        ValueAxis(svg, y, low, high);
        TimeAxis(svg, x, from, to);

        foreach (var limit in new[] { series.HasLimitMin ? series.LimitMin : (double?)null, series.HasLimitMax ? series.LimitMax : null })
        {
            if (limit is { } value && value >= low && value <= high)
            {
                svg.Append(Invariant($"<line class=\"limit\" x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{F(y(value))}\" y2=\"{F(y(value))}\"/>"));
            }
        }

        foreach (var problem in series.ClockProblems.Where(problem => problem.At is not null))
        {
            var at = x(problem.At.ToDateTime());
            svg.Append(Invariant($"<line class=\"clock-problem\" x1=\"{F(at)}\" x2=\"{F(at)}\" y1=\"{Top}\" y2=\"{Top + PlotHeight}\">"))
                .Append("<title>").Append(encoder.Encode($"clock {problem.Kind} at {ReportText.Time(problem.At)}: {problem.Detail}")).Append("</title></line>");
        }

        foreach (var run in Runs(series))
        {
            svg.Append("<polyline class=\"series\" points=\"");
            for (var i = 0; i < run.Count; i++)
            {
                if (i > 0)
                {
                    svg.Append(' ');
                }
                svg.Append(F(x(run[i].At.ToDateTime()))).Append(',').Append(F(y(run[i].Value)));
            }
            svg.Append("\"/>");
            if (run.Count == 1)
            {
                // A lone point between two gaps draws no line: a dot shows it.
                svg.Append(Invariant($"<circle class=\"series-point\" cx=\"{F(x(run[0].At.ToDateTime()))}\" cy=\"{F(y(run[0].Value))}\" r=\"2\"/>"));
            }
        }
        if (series.Points.Count == 0)
        {
            svg.Append(Invariant($"<text class=\"empty\" x=\"{Left + PlotWidth / 2}\" y=\"{Top + PlotHeight / 2}\" text-anchor=\"middle\">no readings</text>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// The points in runs that no gap of the sensor falls between. Every point is in exactly one
    /// run, in order, so the runs together hold the chart's points.
    /// </summary>
    internal static List<List<ChartPoint>> Runs(SeriesConditions series)
    {
        var runs = new List<List<ChartPoint>>();
        var gaps = series.Gaps.Where(gap => gap.From is not null && gap.To is not null).Select(gap => (From: gap.From.ToDateTime(), To: gap.To.ToDateTime())).ToList();
        List<ChartPoint>? current = null;
        DateTime? previous = null;
        foreach (var point in series.Points.Where(point => point.At is not null))
        {
            var at = point.At.ToDateTime();
            if (current is null || (previous is { } before && gaps.Exists(gap => before <= gap.From && at >= gap.To)))
            {
                current = [];
                runs.Add(current);
            }
            current.Add(point);
            previous = at;
        }
        return runs;
    }

    private static (DateTime From, DateTime To) Window(PeriodConditions period, SeriesConditions series)
    {
        var times = series.Points.Where(point => point.At is not null).Select(point => point.At.ToDateTime()).ToList();
        var from = period.From?.ToDateTime() ?? series.First?.ToDateTime() ?? (times.Count > 0 ? times.Min() : DateTime.UnixEpoch);
        var to = period.To?.ToDateTime() ?? series.Last?.ToDateTime() ?? (times.Count > 0 ? times.Max() : from.AddHours(1));
        return to > from ? (from, to) : (from, from.AddHours(1));
    }

    /// <summary>The value axis: the points and the limits, widened to whole ticks.</summary>
    private static (double Low, double High) ValueRange(SeriesConditions series)
    {
        var values = series.Points.Select(point => point.Value)
            .Concat(series.HasLimitMin ? [series.LimitMin] : [])
            .Concat(series.HasLimitMax ? [series.LimitMax] : [])
            .Where(double.IsFinite)
            .ToList();
        var (low, high) = values.Count == 0 ? (0, 1) : (values.Min(), values.Max());
        if (high - low < 1e-9)
        {
            (low, high) = (low - 1, high + 1);
        }
        var step = NiceStep(high - low);
        return (Math.Floor(low / step) * step, Math.Ceiling(high / step) * step);
    }

    private static double NiceStep(double range)
    {
        var raw = range / TargetTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normal = raw / magnitude;
        return (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 5 ? 5 : 10) * magnitude;
    }

    private static void ValueAxis(StringBuilder svg, Func<double, double> y, double low, double high)
    {
        var step = NiceStep(high - low);
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + PlotHeight}\"/>"));
        for (var i = 0; ; i++)
        {
            var value = low + i * step;
            if (value > high + step / 1000)
            {
                break;
            }
            var at = F(y(value));
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{at}\" y2=\"{at}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{Left - 6}\" y=\"{at}\" text-anchor=\"end\" dominant-baseline=\"middle\">{ReportText.Number(Math.Round(value, 10))}</text>"));
        }
    }

    private static void TimeAxis(StringBuilder svg, Func<DateTime, double> x, DateTime from, DateTime to)
    {
        var span = to - from;
        // At most seven intervals: a fortnight in storage is ticked every other day.
        var step = TimeSteps.FirstOrDefault(candidate => span / candidate <= TargetTicks + 2, TimeSteps[^1]);
        var format = step >= TimeSpan.FromDays(1) ? "yyyy-MM-dd" : span > TimeSpan.FromDays(1) ? "MM-dd HH:mm" : "HH:mm";
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{Top + PlotHeight}\" y2=\"{Top + PlotHeight}\"/>"));
        var first = new DateTime((from.Ticks + step.Ticks - 1) / step.Ticks * step.Ticks, DateTimeKind.Utc);
        for (var tick = first; tick <= to; tick += step)
        {
            var at = F(x(tick));
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{at}\" x2=\"{at}\" y1=\"{Top}\" y2=\"{Top + PlotHeight + 4}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{at}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\">{tick.ToString(format, CultureInfo.InvariantCulture)}</text>"));
        }
        // In the corner under the value labels, a line below the time labels (a first label at the left edge overlaps the line itself).
        svg.Append(Invariant($"<text class=\"axis-title\" x=\"{Left - 6}\" y=\"{Top + PlotHeight + 30}\" text-anchor=\"end\">UTC</text>"));
    }

    /// <summary>A shaded stretch of the time axis; one still open at the end runs to the window's end.</summary>
    private static void Span(StringBuilder svg, string kind, Func<DateTime, double> x, Timestamp? start, Timestamp? end, DateTime windowEnd, HtmlEncoder encoder, string title)
    {
        if (start is null)
        {
            return;
        }
        var left = x(start.ToDateTime());
        var right = x(end?.ToDateTime() ?? windowEnd);
        // At least a pixel wide, so that a short excursion on a long window is still seen.
        var width = Math.Max(1, right - left);
        svg.Append(Invariant($"<rect class=\"{kind}\" x=\"{F(left)}\" y=\"{Top}\" width=\"{F(width)}\" height=\"{PlotHeight}\">"))
            .Append("<title>").Append(encoder.Encode(title)).Append("</title></rect>");
    }

    private static string Span(Timestamp? from, Timestamp? to) => $"{ReportText.Time(from)} → {ReportText.Time(to)}";

    private static string LimitText(SeriesConditions series, string unit) =>
        (series.HasLimitMin, series.HasLimitMax) switch
        {
            (true, true) => $"limits {ReportText.Number(series.LimitMin)}–{ReportText.Number(series.LimitMax)} {unit}",
            (true, false) => $"at least {ReportText.Number(series.LimitMin)} {unit}",
            _ => $"at most {ReportText.Number(series.LimitMax)} {unit}",
        };

    private static double Clamp(double value, double low, double high) => Math.Min(high, Math.Max(low, value));

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
