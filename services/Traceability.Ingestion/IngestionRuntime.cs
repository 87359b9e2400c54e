namespace Traceability.Ingestion;

/// <summary>How this server ingests readings: which broker and which time-series store (for status pages).</summary>
/// <param name="Broker"><c>embedded</c> (the server's own broker) or <c>external</c>.</param>
/// <param name="Store"><c>sqlite</c>, <c>influxdb</c> or <c>victoriametrics</c>.</param>
public sealed record IngestionRuntime(string Broker, string Store);
