namespace Traceability.Telemetry;

/// <summary>
/// A quantity a site sensor measures: its name on the wire, its one unit (UN/CEFACT Rec. 20 code,
/// as EPCIS <c>uom</c>), the EPCIS 2.0 sensor measurement type, and the range a working sensor
/// can report (anything outside is a fault, not a condition).
/// </summary>
public sealed record Quantity(string Name, string Unit, string EpcisType, double Min, double Max);

/// <summary>The quantities the platform accepts.</summary>
public static class Quantities
{
    /// <summary>Air or product temperature, °C.</summary>
    public static readonly Quantity Temperature = new("temperature", "CEL", "gs1:Temperature", -40, 150);

    /// <summary>Relative humidity of the air, %.</summary>
    public static readonly Quantity RelativeHumidity = new("relative_humidity", "P1", "gs1:RelativeHumidity", 0, 100);

    /// <summary>Moisture content of the product (water mass fraction, wet basis), %.</summary>
    public static readonly Quantity Moisture = new("moisture", "P1", "gs1:Dimensionless", 0, 100);

    public static IReadOnlyList<Quantity> All { get; } = [Temperature, RelativeHumidity, Moisture];

    /// <summary>The quantity named <paramref name="name"/>, or null.</summary>
    public static Quantity? Find(string? name) => name switch
    {
        "temperature" => Temperature,
        "relative_humidity" => RelativeHumidity,
        "moisture" => Moisture,
        _ => null,
    };
}
