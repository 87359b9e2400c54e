namespace Traceability.Ledger;

/// <summary>A checkpoint as stored: the log, its size and root, the signed note, and when it was cut.</summary>
public sealed record StoredCheckpoint(string Log, long Size, byte[] Root, string Note, DateTimeOffset CutAt);
