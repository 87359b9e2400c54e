using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;

namespace Traceability.Conditions;

/// <summary>
/// Writes readings as line protocol (<see cref="InfluxLineProtocol"/>) in one request per call to
/// <c>POST /api/v2/write?org=…&amp;bucket=…&amp;precision=ms</c> through InfluxDB.Client's
/// <see cref="WriteApiAsync"/>, which awaits the HTTP response: the task completes when the server
/// has acknowledged the write and throws when it refused it (an <c>InfluxException</c> subtype for an
/// error status, <see cref="HttpRequestException"/> or a timeout when unreachable). Not the batching
/// background <c>WriteApi</c>, which acknowledges before anything was sent. Shared by the InfluxDB
/// and the VictoriaMetrics store. Thread-safe.
/// </summary>
internal sealed class InfluxReadingsWriter : IDisposable
{
    private readonly InfluxEndpoint _endpoint;
    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _writeApi;

    public InfluxReadingsWriter(InfluxEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        var options = new InfluxDBClientOptions(endpoint.Url.ToString())
        {
            Org = endpoint.Org,
            Bucket = endpoint.Bucket,
            Timeout = endpoint.Timeout,
        };
        if (!string.IsNullOrEmpty(endpoint.Token))
        {
            options.Token = endpoint.Token;
        }

        _client = new InfluxDBClient(options);
        _writeApi = _client.GetWriteApiAsync();
    }

    /// <summary>The client, for the InfluxDB store's queries.</summary>
    public InfluxDBClient Client => _client;

    public Task WriteAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var reading in readings)
        {
            ReadingIdentity.Validate(reading);
        }

        return readings.Count == 0
            ? Task.CompletedTask
            : _writeApi.WriteRecordAsync(InfluxLineProtocol.Format(readings), WritePrecision.Ms, _endpoint.Bucket, _endpoint.Org, cancellationToken);
    }

    public void Dispose() => _client.Dispose();
}
