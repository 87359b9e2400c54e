namespace Traceability.Domain;

/// <summary>A WGS 84 position in decimal degrees.</summary>
[GenerateSerializer, Immutable]
public sealed record GeoPoint(double Latitude, double Longitude);
