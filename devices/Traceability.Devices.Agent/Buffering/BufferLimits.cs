namespace Traceability.Devices.Agent.Buffering;

/// <summary>
/// How much an outbox may hold before it drops its oldest messages. Both limits apply; the
/// newest message is always kept, even when it alone is larger than <see cref="MaxBytes"/>.
/// </summary>
public sealed record BufferLimits
{
    /// <summary>Most payload bytes held (the SQLite file is this plus indexes and free pages, a few percent more). Default 64 MiB.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most messages held. Default: no limit other than <see cref="MaxBytes"/>.</summary>
    public long MaxMessages { get; init; } = long.MaxValue;

    public static BufferLimits Default { get; } = new();

    /// <summary>Limits of <paramref name="megabytes"/> MiB of payload.</summary>
    public static BufferLimits OfMegabytes(double megabytes) => new() { MaxBytes = (long)(megabytes * 1024 * 1024) };
}
