using System.ComponentModel.DataAnnotations;

namespace Traceability.Ingestion.Pipeline;

/// <summary>Settings of the ingestion pipeline (section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Most messages written to the time-series store in one flush (one durable write).</summary>
    [Range(1, 100_000)]
    public int MaxFlushMessages { get; set; } = 2000;

    /// <summary>Messages waiting for a flush before publishers are slowed down (back-pressure).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>How long a device's readings window stays open before it is sealed into the ledger, seconds.</summary>
    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>A window holding this many readings is sealed at once.</summary>
    [Range(1, 10_000_000)]
    public long MaxWindowReadings { get; set; } = 100_000;

    /// <summary>How far a device clock may run ahead of the platform's, minutes.</summary>
    [Range(0, 1440)]
    public int MaxClockAheadMinutes { get; set; } = 5;
}
