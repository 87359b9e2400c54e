namespace Traceability.Security.Audit;

/// <summary>
/// One line of the audit log: when, who (<c>role:subject</c>, or <c>anonymous</c>), from where
/// (the remote address), the operation, its target, the outcome and its reason; with the hash of
/// the entry before it and its own <see cref="Hash"/> = SHA-256(previous hash ‖ canonical bytes).
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string Who,
    string? From,
    string Operation,
    string? Target,
    bool Allowed,
    string Reason,
    ReadOnlyMemory<byte> PreviousHash,
    ReadOnlyMemory<byte> Hash)
{
    public const string Anonymous = "anonymous";

    // Value equality over the hashes' bytes, not the memory they sit in.
    public bool Equals(AuditEntry? other) =>
        other is not null
        && Sequence == other.Sequence && At == other.At && Who == other.Who && From == other.From
        && Operation == other.Operation && Target == other.Target && Allowed == other.Allowed && Reason == other.Reason
        && PreviousHash.Span.SequenceEqual(other.PreviousHash.Span) && Hash.Span.SequenceEqual(other.Hash.Span);

    public override int GetHashCode() => HashCode.Combine(Sequence, Who, Operation, Convert.ToHexString(Hash.Span));
}
