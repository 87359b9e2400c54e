using Traceability.Events;

namespace Traceability.Views;

/// <summary>
/// The backward trace of a lot: every batch, step, site, facility and raw-material area it comes
/// from. <see cref="Depth"/> counts the levels of steps between the lot and its areas.
/// <see cref="Storages"/> holds every storage period of the lot and of its batches, by start;
/// <see cref="Recalls"/> the lot's recall and withdrawal, if any, in decision order.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LotTrace(
    RecordView<LotPacked> Lot,
    RecordView<ProductRegistered>? Product,
    BatchView[] Batches,
    RecordView<StepRecorded>[] Steps,
    RecordView<AreaRegistered>[] Areas,
    RecordView<SiteRegistered>[] Sites,
    RecordView<FacilityRegistered>[] Facilities,
    int Depth,
    RecordView<StorageRecorded>[] Storages)
{
    // Not a constructor parameter, so that traces serialised before recalls existed still read
    // (Orleans leaves a field it does not find at null).
    [Id(9)]
    private readonly RecordView<LotRecalled>[]? _recalls;

    /// <summary>The lot's withdrawal and recall, in the order they were decided (empty when it was never taken back).</summary>
    public RecordView<LotRecalled>[] Recalls
    {
        get => _recalls ?? [];
        init => _recalls = value;
    }
}
