namespace Traceability.Domain;

/// <summary>A new batch a processing step produces, with its mass in grams.</summary>
[GenerateSerializer, Immutable]
public sealed record BatchOutput(string BatchId, long MassGrams, string Description);
