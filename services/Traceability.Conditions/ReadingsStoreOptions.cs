namespace Traceability.Conditions;

/// <summary>
/// Which time-series store keeps sensor readings (configuration section <c>Readings</c>). Every
/// setting has a working default for the embedded mode: with none set, readings go to SQLite in
/// <c>&lt;data-dir&gt;/readings.db</c>.
/// </summary>
public sealed class ReadingsStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Readings";

    /// <summary>The store values of <see cref="Store"/>.</summary>
    public const string Sqlite = "sqlite", InfluxDb = "influxdb", VictoriaMetrics = "victoriametrics";

    /// <summary><c>sqlite</c> (default), <c>influxdb</c> (InfluxDB 2.x) or <c>victoriametrics</c>; case-insensitive.</summary>
    public string Store { get; set; } = Sqlite;

    /// <summary>SQLite: the database file; default <c>readings.db</c> in the data folder. A relative path is taken from the data folder.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>InfluxDB / VictoriaMetrics: the server's base URL, e.g. <c>http://127.0.0.1:8086</c> or <c>http://127.0.0.1:8428</c>.</summary>
    public string? Url { get; set; }

    /// <summary>InfluxDB: the API token (VictoriaMetrics: only when it sits behind an auth proxy).</summary>
    public string? Token { get; set; }

    /// <summary>InfluxDB: the organisation (VictoriaMetrics ignores it).</summary>
    public string Org { get; set; } = VictoriaMetricsTimeSeriesStore.DefaultOrg;

    /// <summary>InfluxDB: the bucket (VictoriaMetrics ignores it).</summary>
    public string Bucket { get; set; } = VictoriaMetricsTimeSeriesStore.DefaultBucket;

    /// <summary>InfluxDB / VictoriaMetrics: seconds one HTTP request may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// What is wrong with these options, one message per problem naming the key; empty when they
    /// are usable (for <c>ValidateOnStart</c>).
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var store = Store?.Trim().ToLowerInvariant();
        if (store is not (Sqlite or InfluxDb or VictoriaMetrics))
        {
            problems.Add($"{SectionName}:Store is '{Store}'; expected '{Sqlite}', '{InfluxDb}' or '{VictoriaMetrics}'.");
        }

        if (store is InfluxDb or VictoriaMetrics)
        {
            if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problems.Add($"{SectionName}:Url is '{Url}'; {store} needs an absolute http(s) URL.");
            }

            if (TimeoutSeconds <= 0)
            {
                problems.Add($"{SectionName}:TimeoutSeconds is {TimeoutSeconds}; it must be positive.");
            }
        }

        if (store is InfluxDb)
        {
            if (string.IsNullOrWhiteSpace(Org))
            {
                problems.Add($"{SectionName}:Org is empty; InfluxDB needs an organisation.");
            }

            if (string.IsNullOrWhiteSpace(Bucket))
            {
                problems.Add($"{SectionName}:Bucket is empty; InfluxDB needs a bucket.");
            }
        }

        return problems;
    }
}
