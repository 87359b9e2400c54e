using Traceability.Events;

namespace Traceability.Views;

/// <summary>
/// The backward trace of a lot: every batch, step, site, facility and raw-material area it comes
/// from. <see cref="Depth"/> counts the levels of steps between the lot and its areas.
/// <see cref="Storages"/> holds every storage period of the lot and of its batches, by start.
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
    RecordView<StorageRecorded>[] Storages);
