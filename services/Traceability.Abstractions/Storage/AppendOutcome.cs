using Traceability.Events;

namespace Traceability.Storage;

/// <summary>
/// The result of an append: the durable event, or the record key that already exists
/// (created by <see cref="ConflictOwner"/>), in which case nothing was written.
/// </summary>
public sealed record AppendOutcome(RecordedEvent? Recorded, RecordKey? Conflict, string? ConflictOwner);
