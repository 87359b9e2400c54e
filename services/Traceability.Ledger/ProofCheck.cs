namespace Traceability.Ledger;

/// <summary>The outcome of checking a proof: it holds, or it does not and <see cref="Failure"/> says why.</summary>
/// <param name="Ok">Whether the proof holds.</param>
/// <param name="Failure">Why it does not hold, in plain words; <see langword="null"/> when it holds.</param>
public readonly record struct ProofCheck(bool Ok, string? Failure)
{
    /// <summary>The proof holds.</summary>
    public static ProofCheck Valid => new(true, null);

    /// <summary>The proof does not hold, for the given reason.</summary>
    public static ProofCheck Invalid(string failure) => new(false, failure);
}
