namespace Traceability.Devices.Agent.Buffering;

/// <summary>What appending a message did: the sequence number it was given, and how many older messages it pushed out of a full buffer.</summary>
public readonly record struct AppendResult(long Sequence, int DroppedOldest);
