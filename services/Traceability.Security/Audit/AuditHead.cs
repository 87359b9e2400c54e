namespace Traceability.Security.Audit;

/// <summary>
/// The latest entry's sequence and hash. Kept elsewhere (printed, signed into a checkpoint), it
/// lets <see cref="AuditLog.VerifyChain"/> notice entries removed from the end, which the chain
/// alone cannot show.
/// </summary>
public sealed record AuditHead(long Sequence, ReadOnlyMemory<byte> Hash)
{
    public bool Equals(AuditHead? other) => other is not null && Sequence == other.Sequence && Hash.Span.SequenceEqual(other.Hash.Span);

    public override int GetHashCode() => HashCode.Combine(Sequence, Convert.ToHexString(Hash.Span));

    public override string ToString() => $"{Sequence}:{Convert.ToHexStringLower(Hash.Span)}";
}
