using System.Text.Json.Serialization;

namespace Traceability.Ingestion.Alerts;

/// <summary>The JSON of alerts: camelCase, compact.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(ExcursionAlert))]
public sealed partial class AlertJson : JsonSerializerContext;
