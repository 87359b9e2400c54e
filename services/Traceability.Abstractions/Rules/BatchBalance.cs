namespace Traceability.Rules;

/// <summary>What a facility still holds of one of its batches.</summary>
public sealed record BatchBalance(long RemainingGrams, string[] Species);
