using Traceability.Events;

namespace Traceability.Views;

/// <summary>A quantity taken from a batch by a step (<see cref="RecordKind.Step"/>) or a lot (<see cref="RecordKind.Lot"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record BatchUse(RecordKind Kind, string Key, long MassGrams, DateTimeOffset RecordedAt);
