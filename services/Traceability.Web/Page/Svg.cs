using System.Globalization;
using System.Text;
using Traceability.Contracts.V1;
using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Views;

namespace Traceability.Web.Page;

/// <summary>The page's drawings as inline SVG: the map of the raw-material areas and the small condition charts.</summary>
internal static class Svg
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Width of the map's drawing, in SVG units (it scales to the page).</summary>
    private const double MapWidth = 320;

    /// <summary>
    /// Where the areas lie relative to each other: a marker at each area's centre, labelled with
    /// its code, over an equirectangular projection around their mean latitude (exact enough over
    /// a district), with a scale bar. Each area's own outline is drawn by <see cref="Shape"/>.
    /// </summary>
    public static void Overview(StringBuilder html, IReadOnlyList<RecordView<AreaRegistered>> areas, PageText text)
    {
        var centres = areas.Select(a => (a.Record.AreaCode, a.Record.Name, Boundary: Disclosures.PublicBoundary(a.Record)))
            .Where(a => a.Boundary.Length > 0)
            .Select(a => (a.AreaCode, a.Name, Centre: Centre(a.Boundary))).ToList();
        if (centres.Count < 2)
        {
            return;
        }

        const double height = 160, pad = 28;
        var projection = Projection.Fit(centres.Select(c => c.Centre).ToList(), MapWidth, height, pad);
        html.Append(Invariant, $"<svg class=\"map\" viewBox=\"0 0 {MapWidth:0} {height:0}\" role=\"img\" aria-labelledby=\"map-title\"><title id=\"map-title\">");
        html.Append(Html.Encode(text["map"])).Append("</title><rect width=\"100%\" height=\"100%\" class=\"land\"/>");
        foreach (var (code, name, centre) in centres)
        {
            var (x, y) = projection.Project(centre);
            html.Append("<g class=\"area\" data-area=\"").Append(Html.Encode(code)).Append(Invariant, $"\"><circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"6\"><title>");
            html.Append(Html.Encode(name)).Append(Invariant, $"</title></circle><text x=\"{x:0.#}\" y=\"{y - 10:0.#}\">{Html.Encode(code)}</text></g>");
        }

        ScaleBar(html, projection, height);
        html.Append("</svg>");
    }

    /// <summary>One area's outline as the public may see it (the generalised one when the exact polygon is withheld), with a scale bar.</summary>
    public static void Shape(StringBuilder html, AreaRegistered area, PageText text)
    {
        var boundary = Disclosures.PublicBoundary(area);
        if (boundary.Length < 3)
        {
            return;
        }

        const double size = 120, pad = 8;
        var projection = Projection.Fit(boundary, size, size - 14, pad);
        html.Append(Invariant, $"<svg class=\"shape\" viewBox=\"0 0 {size:0} {size:0}\" role=\"img\" aria-label=\"{Html.Encode(text["map"])}: {Html.Encode(area.Name)}\"><rect width=\"100%\" height=\"100%\" class=\"land\"/><polygon points=\"");
        foreach (var point in boundary)
        {
            var (x, y) = projection.Project(point);
            html.Append(Invariant, $"{x:0.#},{y:0.#} ");
        }

        html.Length--;
        html.Append("\"/>");
        ScaleBar(html, projection, size);
        html.Append("</svg>");
    }

    private static void ScaleBar(StringBuilder html, Projection projection, double height)
    {
        // A round length near a quarter of the drawing's width.
        var kmPerUnit = 111.32 / projection.Scale;
        var barKm = RoundLength(projection.Width / 4 * kmPerUnit);
        var barUnits = barKm / kmPerUnit;
        var label = barKm >= 1 ? $"{barKm.ToString("0.#", Invariant)} km" : $"{(barKm * 1000).ToString("0", Invariant)} m";
        html.Append(Invariant, $"<g class=\"scale\"><line x1=\"6\" y1=\"{height - 5:0}\" x2=\"{6 + barUnits:0.#}\" y2=\"{height - 5:0}\"/><text x=\"6\" y=\"{height - 8:0}\">{label}</text></g>");
    }

    private static Domain.GeoPoint Centre(Domain.GeoPoint[] points) =>
        new(points.Average(p => p.Latitude), points.Average(p => p.Longitude));

    /// <summary>Longitude and latitude to drawing units: equirectangular around the points' mean latitude, fitted and centred.</summary>
    private sealed record Projection(double MinLon, double MaxLat, double CosLat, double Scale, double OffsetX, double OffsetY, double Width)
    {
        public static Projection Fit(IReadOnlyList<Domain.GeoPoint> points, double width, double height, double pad)
        {
            var minLat = points.Min(p => p.Latitude);
            var maxLat = points.Max(p => p.Latitude);
            var minLon = points.Min(p => p.Longitude);
            var maxLon = points.Max(p => p.Longitude);
            var cosLat = Math.Cos((minLat + maxLat) / 2 * Math.PI / 180);
            var spanX = Math.Max((maxLon - minLon) * cosLat, 1e-5);
            var spanY = Math.Max(maxLat - minLat, 1e-5);
            var scale = Math.Min((width - (2 * pad)) / spanX, (height - (2 * pad)) / spanY);
            return new Projection(minLon, maxLat, cosLat, scale, (width - (spanX * scale)) / 2, (height - (spanY * scale)) / 2, width);
        }

        public (double X, double Y) Project(Domain.GeoPoint p) =>
            (OffsetX + ((p.Longitude - MinLon) * CosLat * Scale), OffsetY + ((MaxLat - p.Latitude) * Scale));
    }

    private static double RoundLength(double km)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(km)));
        var leading = km / magnitude;
        return (leading >= 5 ? 5 : leading >= 2 ? 2 : 1) * magnitude;
    }

    /// <summary>Most points of a small chart: the server's chart points are thinned again to buckets' extremes.</summary>
    private const int Buckets = 30;

    /// <summary>
    /// A small line chart of one series over a period (the first temperature series, else the
    /// first), with the profile's allowed band shaded; nothing when the period has no reading.
    /// </summary>
    public static void Chart(StringBuilder html, PeriodConditions period, PageText text)
    {
        var series = period.Series.FirstOrDefault(s => s.Quantity == "temperature" && s.Points.Count > 1)
            ?? period.Series.FirstOrDefault(s => s.Points.Count > 1);
        if (series is null)
        {
            return;
        }

        var points = Thin(series.Points);
        var from = points[0].At.ToDateTimeOffset();
        var to = points[^1].At.ToDateTimeOffset();
        var low = points.Min(p => p.Value);
        var high = points.Max(p => p.Value);
        if (series.HasLimitMin)
        {
            low = Math.Min(low, series.LimitMin);
            high = Math.Max(high, series.LimitMin);
        }

        if (series.HasLimitMax)
        {
            low = Math.Min(low, series.LimitMax);
            high = Math.Max(high, series.LimitMax);
        }

        var margin = Math.Max((high - low) * 0.1, 0.5);
        low -= margin;
        high += margin;
        const double w = 240, h = 56;
        var seconds = Math.Max((to - from).TotalSeconds, 1);
        double X(DateTimeOffset t) => (t - from).TotalSeconds / seconds * w;
        double Y(double v) => h - ((v - low) / (high - low) * h);

        var unit = series.Unit == "CEL" ? "°C" : series.Unit == "P1" ? "%" : series.Unit;
        html.Append(Invariant, $"<svg class=\"chart\" viewBox=\"0 0 {w:0} {h:0}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"");
        var summary = Html.Encode(Summary(series, unit, text));
        html.Append(summary).Append("\">");
        if (series.HasLimitMin || series.HasLimitMax)
        {
            var top = series.HasLimitMax ? Y(series.LimitMax) : 0;
            var bottom = series.HasLimitMin ? Y(series.LimitMin) : h;
            html.Append(Invariant, $"<rect class=\"band\" x=\"0\" y=\"{top:0.#}\" width=\"{w:0}\" height=\"{Math.Max(bottom - top, 0.5):0.#}\"/>");
        }

        html.Append("<polyline points=\"");
        foreach (var point in points)
        {
            html.Append(Invariant, $"{X(point.At.ToDateTimeOffset()):0.#},{Y(point.Value):0.#} ");
        }

        html.Length--;
        html.Append("\"/></svg>");
        html.Append("<p class=\"chart-note\">").Append(summary).Append("</p>");
    }

    private static string Summary(SeriesConditions series, string unit, PageText text)
    {
        var quantity = series.Quantity switch
        {
            "temperature" => text.Language == "vi" ? "Nhiệt độ" : "Temperature",
            "humidity" => text.Language == "vi" ? "Độ ẩm" : "Humidity",
            "moisture" => text.Language == "vi" ? "Độ ẩm sản phẩm" : "Product moisture",
            var other => other,
        };
        var range = series.HasMin && series.HasMax
            ? string.Create(text.Culture, $"{series.Min:0.#}–{series.Max:0.#} {unit}")
            : string.Empty;
        var limits = (series.HasLimitMin, series.HasLimitMax) switch
        {
            (true, true) => string.Create(text.Culture, $"; {text["limits"]} {series.LimitMin:0.#}–{series.LimitMax:0.#} {unit}"),
            (true, false) => string.Create(text.Culture, $"; {text["limits"]} ≥ {series.LimitMin:0.#} {unit}"),
            (false, true) => string.Create(text.Culture, $"; {text["limits"]} ≤ {series.LimitMax:0.#} {unit}"),
            _ => string.Empty,
        };
        return $"{quantity}: {range}{limits}";
    }

    /// <summary>At most two points per bucket of time: the lowest and the highest, in time order.</summary>
    private static List<ChartPoint> Thin(Google.Protobuf.Collections.RepeatedField<ChartPoint> points)
    {
        if (points.Count <= Buckets * 2)
        {
            return [.. points];
        }

        var thinned = new List<ChartPoint>(Buckets * 2);
        var size = (double)points.Count / Buckets;
        for (var b = 0; b < Buckets; b++)
        {
            var start = (int)(b * size);
            var end = Math.Min((int)((b + 1) * size), points.Count);
            if (start >= end)
            {
                continue;
            }

            var low = start;
            var high = start;
            for (var i = start + 1; i < end; i++)
            {
                if (points[i].Value < points[low].Value)
                {
                    low = i;
                }

                if (points[i].Value > points[high].Value)
                {
                    high = i;
                }
            }

            thinned.Add(points[Math.Min(low, high)]);
            if (low != high)
            {
                thinned.Add(points[Math.Max(low, high)]);
            }
        }

        return thinned;
    }
}
