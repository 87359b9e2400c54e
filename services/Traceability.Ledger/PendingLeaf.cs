namespace Traceability.Ledger;

/// <summary>A leaf to append: its data (for the event store, the 32-byte event hash) and the caller's reference (the event's sequence number).</summary>
public readonly record struct PendingLeaf(ReadOnlyMemory<byte> Data, long Reference);
