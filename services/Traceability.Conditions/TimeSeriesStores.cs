namespace Traceability.Conditions;

/// <summary>Creates the time-series store that <see cref="ReadingsStoreOptions"/> select.</summary>
public static class TimeSeriesStores
{
    /// <summary>
    /// The store of <paramref name="options"/>; SQLite files are placed relative to
    /// <paramref name="dataDir"/>. The store is <see cref="IDisposable"/>; the caller disposes it.
    /// Throws <see cref="ArgumentException"/> listing <see cref="ReadingsStoreOptions.Problems"/> when there are any.
    /// </summary>
    public static ITimeSeriesStore Create(ReadingsStoreOptions options, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        return options.Store.Trim().ToLowerInvariant() switch
        {
            ReadingsStoreOptions.InfluxDb => new InfluxTimeSeriesStore(Endpoint(options, timeout)),
            ReadingsStoreOptions.VictoriaMetrics => new VictoriaMetricsTimeSeriesStore(Endpoint(options, timeout)),
            _ => new SqliteTimeSeriesStore(Path.Combine(dataDir, options.SqlitePath ?? SqliteTimeSeriesStore.DefaultFileName)),
        };
    }

    private static InfluxEndpoint Endpoint(ReadingsStoreOptions options, TimeSpan timeout) =>
        new(new Uri(options.Url!, UriKind.Absolute), options.Token, options.Org, options.Bucket) { Timeout = timeout };
}
