namespace Traceability.Security.Audit;

/// <summary>
/// The latest entry's sequence and hash. Kept elsewhere (printed, signed into a checkpoint), it
/// lets <see cref="AuditLog.VerifyChain"/> notice entries removed from the end, which the chain
/// alone cannot show.
/// </summary>
public sealed record AuditHead(long Sequence, ReadOnlyMemory<byte> Hash)
{
    public override string ToString() => $"{Sequence}:{Convert.ToHexStringLower(Hash.Span)}";
}
