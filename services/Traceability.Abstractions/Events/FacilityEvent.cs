using System.Text.Json.Serialization;

namespace Traceability.Events;

/// <summary>
/// A fact a facility records. Each one is kept, in order, in the event store and rendered as a
/// GS1 EPCIS 2.0 event; the state of every grain is derived from these events.
/// </summary>
[GenerateSerializer, Immutable]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(FacilityRegistered), nameof(FacilityRegistered))]
[JsonDerivedType(typeof(SiteRegistered), nameof(SiteRegistered))]
[JsonDerivedType(typeof(AreaRegistered), nameof(AreaRegistered))]
[JsonDerivedType(typeof(ProductRegistered), nameof(ProductRegistered))]
[JsonDerivedType(typeof(BatchHarvested), nameof(BatchHarvested))]
[JsonDerivedType(typeof(StepRecorded), nameof(StepRecorded))]
[JsonDerivedType(typeof(LotPacked), nameof(LotPacked))]
[JsonDerivedType(typeof(ReadingsRecorded), nameof(ReadingsRecorded))]
[JsonDerivedType(typeof(StorageRecorded), nameof(StorageRecorded))]
[JsonDerivedType(typeof(ExcursionRecorded), nameof(ExcursionRecorded))]
[JsonDerivedType(typeof(LotRecalled), nameof(LotRecalled))]
public abstract record FacilityEvent
{
    /// <summary>The facility that recorded the fact and answers for it.</summary>
    public abstract string FacilityId { get; init; }

    /// <summary>The records this event creates (kind and key); each exists once platform-wide.</summary>
    public abstract IEnumerable<RecordKey> Creates();

    /// <summary>The streams this event belongs to: every record it creates or changes.</summary>
    public abstract IEnumerable<RecordKey> Touches();

    /// <summary>
    /// The record the event is about, which names it in proofs and audits: the first record it
    /// creates, or, for an event that creates none (a recall), the record it changes.
    /// </summary>
    public virtual RecordKey Subject() => Creates().First();
}
