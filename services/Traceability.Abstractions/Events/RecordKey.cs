namespace Traceability.Events;

/// <summary>Identifies one record of the platform: its kind and its key.</summary>
[GenerateSerializer, Immutable]
public readonly record struct RecordKey(RecordKind Kind, string Key)
{
    /// <summary>The event-store stream name of this record, e.g. <c>batch:SD-2024-001</c>.</summary>
    public string Stream => $"{Kind.ToString().ToLowerInvariant()}:{Key}";

    public override string ToString() => Stream;
}
