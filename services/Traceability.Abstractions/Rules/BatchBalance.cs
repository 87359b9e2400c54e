namespace Traceability.Rules;

/// <summary>What a facility still holds of one of its batches, and since when the batch exists.</summary>
/// <param name="RemainingGrams">Mass not yet taken by a step or a lot.</param>
/// <param name="Species">The species the batch is made of.</param>
/// <param name="AvailableFrom">When the batch came to exist: its harvest time, or the end of the step that produced it.</param>
public sealed record BatchBalance(long RemainingGrams, string[] Species, DateTimeOffset AvailableFrom);
