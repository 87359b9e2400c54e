namespace Traceability.Ledger;

/// <summary>The outcome of verifying a signed checkpoint: the checkpoint, or why it was refused, in plain words.</summary>
public sealed record CheckpointCheck(bool Ok, Checkpoint? Checkpoint, string? Failure)
{
    internal static CheckpointCheck Invalid(string failure) => new(false, null, failure);
}
