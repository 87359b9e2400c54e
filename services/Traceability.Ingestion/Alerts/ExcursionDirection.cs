namespace Traceability.Ingestion.Alerts;

/// <summary>Which limit an excursion crossed.</summary>
public enum ExcursionDirection
{
    /// <summary>Over the maximum.</summary>
    Above,

    /// <summary>Under the minimum.</summary>
    Below,
}
