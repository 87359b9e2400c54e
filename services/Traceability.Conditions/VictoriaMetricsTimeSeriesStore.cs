namespace Traceability.Conditions;

/// <summary>
/// The time-series store on VictoriaMetrics: writes are the InfluxDB line protocol of
/// <see cref="InfluxLineProtocol"/>, posted through InfluxDB.Client to VictoriaMetrics'
/// <c>/api/v2/write</c> (the same code as <see cref="InfluxTimeSeriesStore"/>); reads go to
/// <c>/api/v1/export</c> (<see cref="VictoriaMetricsExport"/>), which returns raw samples,
/// untouched by <c>-search.latencyOffset</c>.
/// </summary>
/// <remarks>
/// <para>Durability: VictoriaMetrics answers a write once the samples are in its memory buffers and
/// writes them to disk about every second, so a completed <see cref="WriteAsync"/> survives a crash
/// of this process but not a crash (kill -9, power loss) of VictoriaMetrics within that second.</para>
/// <para>Visibility: after each write the store asks <c>/internal/force_flush</c> (unless
/// <c>flushAfterWrite</c> is off), which makes the data searchable within about a second; without it a
/// series queried before its first flush could stay hidden for several seconds (measured on 1.79).</para>
/// <para>Idempotence: a sample written twice for one series and time (a redelivered message) is read
/// once — the server collapses it with <c>-dedup.minScrapeInterval=1ms</c>, and the reader collapses
/// identities anyway. When the same identity is written again with a different value, one of the
/// values is kept, but VictoriaMetrics does not promise the later one.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class VictoriaMetricsTimeSeriesStore : ITimeSeriesStore, IDisposable
{
    /// <summary>The org and bucket sent with writes when none are configured (VictoriaMetrics ignores both).</summary>
    public const string DefaultOrg = "traceability", DefaultBucket = "readings";

    private readonly InfluxReadingsWriter _writer;
    private readonly HttpClient _http;
    private readonly bool _flushAfterWrite;

    /// <summary>A store on the VictoriaMetrics at <paramref name="endpoint"/>'s URL.</summary>
    public VictoriaMetricsTimeSeriesStore(InfluxEndpoint endpoint, bool flushAfterWrite = true)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _writer = new InfluxReadingsWriter(endpoint);
        _http = new HttpClient { BaseAddress = endpoint.Url, Timeout = endpoint.Timeout };
        if (!string.IsNullOrEmpty(endpoint.Token))
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", endpoint.Token);
        }

        _flushAfterWrite = flushAfterWrite;
    }

    /// <summary>A store on the unsecured VictoriaMetrics at <paramref name="url"/>.</summary>
    public VictoriaMetricsTimeSeriesStore(Uri url, bool flushAfterWrite = true)
        : this(new InfluxEndpoint(url, null, DefaultOrg, DefaultBucket), flushAfterWrite)
    {
    }

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken = default)
    {
        await _writer.WriteAsync(readings, cancellationToken);
        if (_flushAfterWrite && readings.Count > 0)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReading>> ReadAsync(string site, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ReadingIdentity.ValidateSite(site);
        var sinceMs = ReadingTime.BoundToUnixMilliseconds(since);
        var untilMs = ReadingTime.BoundToUnixMilliseconds(until);
        if (sinceMs >= untilMs)
        {
            return [];
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/export?" + VictoriaMetricsExport.Query(site, sinceMs, untilMs), UriKind.Relative));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, "export", cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        return await VictoriaMetricsExport.ParseAsync(reader, site, sinceMs, untilMs, cancellationToken);
    }

    /// <summary>
    /// Asks VictoriaMetrics to make buffered samples searchable (<c>/internal/force_flush</c>). In
    /// 1.79 a shard buffer flushed within the last second waits for its next tick, so data becomes
    /// searchable within about a second of this call, not at once.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri("internal/force_flush", UriKind.Relative), cancellationToken);
        await EnsureSuccessAsync(response, "force_flush", cancellationToken);
    }

    /// <summary>Disposes the HTTP clients.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _http.Dispose();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"VictoriaMetrics {what} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}", null, response.StatusCode);
        }
    }
}
