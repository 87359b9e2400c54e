using Traceability.Telemetry;

namespace Traceability.Devices.Agent.Buffering;

/// <summary>
/// The messages of one device waiting for the broker's acknowledgement, oldest first. Appending
/// numbers a message (the next sequence number, never reused) and stores it before returning;
/// a message leaves only through <see cref="Remove(long)"/> (acknowledged) or by being dropped
/// as the oldest when the outbox is full (counted in <see cref="Dropped"/>).
/// </summary>
/// <remarks>Implementations are thread-safe: the sampling loop appends while the publisher peeks and removes.</remarks>
public interface IOutbox : IDisposable
{
    /// <summary>The device whose messages these are.</summary>
    string Device { get; }

    /// <summary>Messages held.</summary>
    long Count { get; }

    /// <summary>Messages dropped as the oldest of a full outbox, ever.</summary>
    long Dropped { get; }

    /// <summary>The sequence number the next appended message will get.</summary>
    long NextSequence { get; }

    /// <summary>Pulsed after every append, removal and drop.</summary>
    AsyncPulse Changed { get; }

    /// <summary>Numbers <paramref name="readings"/> as the next message and stores it.</summary>
    AppendResult Append(IReadOnlyList<SensorReading> readings);

    /// <summary>Up to <paramref name="count"/> messages with a sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    IReadOnlyList<OutboxMessage> Peek(int count, long afterSequence = 0);

    /// <summary>Forgets the message <paramref name="sequence"/> (acknowledged by the broker); nothing if it is not held.</summary>
    void Remove(long sequence);

    /// <summary>Forgets several messages at once (one transaction).</summary>
    void Remove(IReadOnlyCollection<long> sequences);
}
