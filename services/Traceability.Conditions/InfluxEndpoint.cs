namespace Traceability.Conditions;

/// <summary>
/// Where readings go over the InfluxDB v2 HTTP API: the server's base URL (InfluxDB 2.x, or
/// VictoriaMetrics, which serves <c>/api/v2/write</c>), the API token (none for an unsecured
/// VictoriaMetrics), the organisation and the bucket. VictoriaMetrics ignores org and bucket, but
/// InfluxDB.Client requires both.
/// </summary>
public sealed record InfluxEndpoint(Uri Url, string? Token, string Org, string Bucket)
{
    /// <summary>How long one HTTP request may take before it fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
