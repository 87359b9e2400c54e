using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Traceability.Conditions;

/// <summary>
/// Reading readings back from VictoriaMetrics' <c>/api/v1/export</c>. VictoriaMetrics stores an
/// InfluxDB line <c>{measurement},{tags} {field}={v} {t}</c> as the series
/// <c>{measurement}_{field}{tags}</c>, so a reading is the sample of
/// <c>{quantity}_value{device,facility,sensor,site,unit}</c>. Export answers one JSON object per line
/// and series: <c>{"metric":{"__name__":…,labels…},"values":[…],"timestamps":[unix ms…]}</c>, with
/// start and end both inclusive. Pure and thread-safe.
/// </summary>
public static class VictoriaMetricsExport
{
    /// <summary>The suffix VictoriaMetrics gives the metric of the <c>value</c> field.</summary>
    public const string MetricSuffix = "_" + InfluxLineProtocol.ValueField;

    /// <summary>The series selector of the readings of <paramref name="site"/>: <c>{__name__=~".+_value",site="…"}</c>.</summary>
    public static string Selector(string site) =>
        "{__name__=~\".+" + MetricSuffix + "\",site=" + StringLiteral(site) + "}";

    /// <summary>
    /// The export query string (without <c>?</c>) for <paramref name="site"/> in
    /// [<paramref name="sinceMs"/>, <paramref name="untilMs"/>): the end is <paramref name="untilMs"/> − 1 ms,
    /// since export's end is inclusive; times as Unix seconds with three decimals.
    /// </summary>
    public static string Query(string site, long sinceMs, long untilMs) =>
        "match[]=" + Uri.EscapeDataString(Selector(site))
        + "&start=" + Seconds(sinceMs)
        + "&end=" + Seconds(untilMs - 1);

    /// <summary><paramref name="text"/> as a double-quoted MetricsQL string literal.</summary>
    public static string StringLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '\\' or '"')
            {
                literal.Append('\\');
            }

            literal.Append(c);
        }

        return literal.Append('"').ToString();
    }

    /// <summary>
    /// The readings of <paramref name="site"/> with <paramref name="sinceMs"/> ≤ time &lt; <paramref name="untilMs"/>
    /// in the export lines of <paramref name="export"/>, ordered and with each identity once (a
    /// duplicate sample of one series and time, as a redelivered message writes, comes back once
    /// even from a server without deduplication).
    /// </summary>
    public static async Task<List<StoredReading>> ParseAsync(TextReader export, string site, long sinceMs, long untilMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        var readings = new List<StoredReading>();
        while (await export.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                AddSeries(line, site, sinceMs, untilMs, readings);
            }
        }

        return ReadingOrder.SortAndCollapse(readings);
    }

    private static void AddSeries(string line, string site, long sinceMs, long untilMs, List<StoredReading> readings)
    {
        using var series = JsonDocument.Parse(line);
        var root = series.RootElement;
        var metric = root.GetProperty("metric");
        var name = Label(metric, "__name__");
        if (!name.EndsWith(MetricSuffix, StringComparison.Ordinal) || Label(metric, "site") != site)
        {
            return;
        }

        var quantity = name[..^MetricSuffix.Length];
        var facility = Label(metric, "facility");
        var device = Label(metric, "device");
        var sensor = Label(metric, "sensor");
        var unit = Label(metric, "unit");
        var values = root.GetProperty("values");
        var timestamps = root.GetProperty("timestamps");
        if (values.GetArrayLength() != timestamps.GetArrayLength())
        {
            throw new FormatException($"Export of {name} has {values.GetArrayLength()} values but {timestamps.GetArrayLength()} timestamps.");
        }

        using var v = values.EnumerateArray();
        foreach (var t in timestamps.EnumerateArray())
        {
            v.MoveNext();
            var ms = t.GetInt64();
            if (ms >= sinceMs && ms < untilMs)
            {
                readings.Add(new StoredReading(facility, site, device, sensor, quantity, unit, Value(v.Current), ReadingTime.FromUnixMilliseconds(ms)));
            }
        }
    }

    private static string Label(JsonElement metric, string name) =>
        metric.TryGetProperty(name, out var value) && value.GetString() is { } text
            ? text
            : throw new FormatException($"Exported series without the label '{name}': {metric.GetRawText()}");

    // VictoriaMetrics writes NaN and infinities as strings; readings never hold them, but say so clearly.
    private static double Value(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDouble()
        : double.Parse(value.GetString() ?? "", CultureInfo.InvariantCulture);

    private static string Seconds(long unixMs) =>
        (unixMs / 1000m).ToString("0.000", CultureInfo.InvariantCulture);
}
