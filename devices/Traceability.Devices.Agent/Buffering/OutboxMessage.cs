namespace Traceability.Devices.Agent.Buffering;

/// <summary>A buffered readings message: its sequence number, how many readings it holds and its wire form (a serialized <c>ReadingBatch</c>).</summary>
public sealed record OutboxMessage(long Sequence, int Readings, ReadOnlyMemory<byte> Payload);
