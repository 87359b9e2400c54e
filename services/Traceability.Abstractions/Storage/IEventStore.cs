using Traceability.Events;

namespace Traceability.Storage;

/// <summary>
/// The append-only store of every accepted event, in one global order. Appends are durable
/// before they complete. Every record key an event creates exists once: an append that would
/// create an existing key writes nothing and reports the conflict. Implementations are
/// thread-safe.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Makes <paramref name="pending"/> durable and assigns its sequence. Cancelling only stops
    /// the wait: an append already queued may still become durable, so a caller that gives up
    /// must treat the outcome as unknown (a retry of the same fact is answered idempotently).
    /// </summary>
    ValueTask<AppendOutcome> AppendAsync(PendingEvent pending, CancellationToken cancellationToken = default);

    /// <summary>The events of one record's stream after <paramref name="afterSequence"/>, in order.</summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(RecordKey stream, long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>The events of one record's stream as stored (EPCIS text, hash ID, leaf in its log), in order.</summary>
    IAsyncEnumerable<StoredEvent> ReadStoredStreamAsync(RecordKey stream, CancellationToken cancellationToken = default);

    /// <summary>Every event after <paramref name="afterSequence"/>, in order.</summary>
    IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>The event that created <paramref name="key"/>, or null when it does not exist.</summary>
    Task<StoredEvent?> ReadCreatorAsync(RecordKey key, CancellationToken cancellationToken = default);

    /// <summary>Keys of the records of one kind, in key order, after <paramref name="afterKey"/>.</summary>
    Task<IReadOnlyList<RecordKey>> ListAsync(RecordKind kind, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>The facility that created <paramref name="key"/>, or null when it does not exist.</summary>
    Task<string?> OwnerOfAsync(RecordKey key, CancellationToken cancellationToken = default);
}
