namespace Traceability.Ingestion.Alerts;

/// <summary>One quantity's allowed range in a <see cref="ConfiguredAlertProfile"/>, in the quantity's unit.</summary>
public sealed class ConfiguredLimit
{
    /// <summary>The quantity (e.g. <c>temperature</c>).</summary>
    public string Quantity { get; set; } = "";

    /// <summary>The lowest allowed value, or null.</summary>
    public double? Min { get; set; }

    /// <summary>The highest allowed value, or null.</summary>
    public double? Max { get; set; }
}
