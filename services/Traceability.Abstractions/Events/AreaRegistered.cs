using System.Text.Json.Serialization;
using Traceability.Disclosure;
using Traceability.Domain;

namespace Traceability.Events;

/// <summary>A raw-material area (vùng nguyên liệu) is registered by the facility that sources from it.</summary>
[GenerateSerializer, Immutable]
public sealed record AreaRegistered(
    string FacilityId,
    string AreaCode,
    string Name,
    string Commune,
    string District,
    string Province,
    GeoPoint[] Boundary,
    string[] Species,
    Certification[] Certifications,
    string Owner) : FacilityEvent
{
    /// <summary>Whether the exact polygon is published or withheld, the public then seeing a generalised outline (null: recorded before the choice existed, shown exactly).</summary>
    [Id(10)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FieldDisclosure? OutlineDisclosure { get; init; }

    /// <summary>Whether the owner is published or withheld (null: recorded before the choice existed, shown in clear).</summary>
    [Id(11)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FieldDisclosure? OwnerDisclosure { get; init; }

    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Area, AreaCode)];

    public override IEnumerable<RecordKey> Touches() => [new(RecordKind.Facility, FacilityId), .. Creates()];
}
