namespace Traceability.Conditions;

/// <summary>
/// The time-series store on InfluxDB 2.x through InfluxDB.Client: writes are line protocol in one
/// acknowledged request per call (measurement = quantity; tags facility, site, device, sensor, unit;
/// field <c>value</c>; millisecond precision — see <see cref="InfluxLineProtocol"/>), reads are the
/// Flux query of <see cref="FluxReadingsQuery"/>. InfluxDB acknowledges a write once it is in its
/// write-ahead log, so a completed <see cref="WriteAsync"/> survives a crash of the server. A point
/// written again with the same measurement, tags and time replaces the field value (InfluxDB's own
/// rule), which makes writes idempotent per identity as long as facility and unit stay the same.
/// Thread-safe.
/// </summary>
public sealed class InfluxTimeSeriesStore : ITimeSeriesStore, IDisposable
{
    private readonly InfluxEndpoint _endpoint;
    private readonly InfluxReadingsWriter _writer;

    /// <summary>A store writing to and reading from <paramref name="endpoint"/>.</summary>
    public InfluxTimeSeriesStore(InfluxEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _writer = new InfluxReadingsWriter(endpoint);
    }

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(readings, cancellationToken);

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

        var flux = FluxReadingsQuery.Build(_endpoint.Bucket, site, sinceMs, untilMs);
        var tables = await _writer.Client.GetQueryApi().QueryAsync(flux, _endpoint.Org, cancellationToken);
        return FluxReadingsQuery.ToReadings(tables);
    }

    /// <summary>Disposes the InfluxDB client.</summary>
    public void Dispose() => _writer.Dispose();
}
