namespace Traceability.Security.Audit;

/// <summary>The outcome of checking the audit chain: intact, or the first entry found altered or missing, and how.</summary>
public sealed record ChainVerification(bool Intact, long EntriesChecked, long? FirstBadSequence, string? Problem)
{
    public static ChainVerification Ok(long entries) => new(true, entries, null, null);

    public static ChainVerification Broken(long entriesChecked, long sequence, string problem) => new(false, entriesChecked, sequence, problem);
}
