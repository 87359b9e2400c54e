namespace Traceability.Domain;

/// <summary>The mass, in grams, that a step or a lot takes from one batch.</summary>
[GenerateSerializer, Immutable]
public sealed record BatchPortion(string BatchId, long MassGrams);
