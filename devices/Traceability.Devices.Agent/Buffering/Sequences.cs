namespace Traceability.Devices.Agent.Buffering;

/// <summary>Where a new outbox starts numbering.</summary>
public static class Sequences
{
    /// <summary>
    /// The first sequence number of an outbox created at <paramref name="now"/>: microseconds
    /// since the Unix epoch. The platform keeps (device, seq) forever, so a device whose buffer
    /// file was lost (or a simulator run in a fresh temporary folder) must not start again at 1:
    /// it would reuse numbers for different readings, which the platform would discard as
    /// duplicates. Numbers stay below 2^53, exact in any JSON reader.
    /// </summary>
    public static long First(DateTimeOffset now) => Math.Max(1, (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
}
