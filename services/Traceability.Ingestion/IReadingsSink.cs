using Traceability.Telemetry;

namespace Traceability.Ingestion;

/// <summary>What became of one readings message.</summary>
public enum IngestOutcome
{
    /// <summary>Stored durably (or already stored: a redelivery of a sequence already kept).</summary>
    Stored,

    /// <summary>Kept in the dead-letter store with the reason; never stored as readings.</summary>
    DeadLettered,
}

/// <summary>
/// The ingestion pipeline as the brokers see it. The task completes only when the message is
/// durable (as readings or as a dead letter): only then may the broker acknowledge it (PUBACK to
/// the device from the embedded broker; the manual acknowledgement of the subscriber to an
/// external broker).
/// </summary>
public interface IReadingsSink
{
    ValueTask<IngestOutcome> IngestAsync(string topic, ReadOnlyMemory<byte> payload, string? clientId, CancellationToken cancellationToken = default);
}

/// <summary>A message that was not stored, and why.</summary>
public sealed record DeadLetter(
    DateTimeOffset ReceivedAt,
    string Topic,
    string? ClientId,
    RejectionReason Reason,
    string Detail,
    ReadOnlyMemory<byte> Payload);

/// <summary>A dead letter as kept: its id in the store.</summary>
public sealed record StoredDeadLetter(long Id, DeadLetter Letter);

/// <summary>
/// Where rejected messages are kept, with their reason, for an operator to look at (and replay).
/// Adding is durable when the task completes. Thread-safe.
/// </summary>
public interface IDeadLetterStore
{
    ValueTask AddAsync(DeadLetter letter, CancellationToken cancellationToken = default);

    /// <summary>Dead letters after <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<StoredDeadLetter>> ListAsync(long afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many dead letters are kept, per reason.</summary>
    Task<IReadOnlyDictionary<RejectionReason, long>> CountAsync(CancellationToken cancellationToken = default);
}
