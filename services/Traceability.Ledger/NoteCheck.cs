namespace Traceability.Ledger;

/// <summary>The outcome of opening a signed note: its verified text, or why it was refused, in plain words.</summary>
public sealed record NoteCheck(bool Ok, string? Text, string? Failure)
{
    internal static NoteCheck Valid(string text) => new(true, text, null);

    internal static NoteCheck Invalid(string failure) => new(false, null, failure);
}
