using Traceability.Events;

namespace Traceability.Views;

/// <summary>
/// A batch as its events describe it: origin, initial and remaining mass, every use of it, and
/// the storage periods it went through.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BatchView(
    string BatchId,
    string FacilityId,
    string[] Species,
    string Description,
    long InitialMassGrams,
    long RemainingGrams,
    BatchOrigin Origin,
    BatchUse[] Uses,
    long Sequence,
    DateTimeOffset RecordedAt)
{
    // Not a constructor parameter, so that views cached before storage periods existed still
    // read (Orleans leaves a field it does not find at null).
    [Id(10)]
    private readonly string[]? _storageIds;

    /// <summary>The storage periods that held the batch, in the order they were recorded.</summary>
    public string[] StorageIds
    {
        get => _storageIds ?? [];
        init => _storageIds = value;
    }

    /// <summary>
    /// Folds <paramref name="recorded"/> into the view of batch <paramref name="batchId"/>.
    /// A step's outputs carry the species of its inputs, so <paramref name="inputSpecies"/> is asked for them.
    /// </summary>
    public static BatchView? Fold(BatchView? view, string batchId, RecordedEvent recorded, Func<StepRecorded, string[]> inputSpecies)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(inputSpecies);
        if (view is not null && recorded.Sequence <= view.Sequence)
        {
            return view;
        }

        switch (recorded.Event)
        {
            case BatchHarvested h when h.BatchId == batchId:
                return new BatchView(batchId, h.FacilityId, [h.Species], $"{h.Species}, harvested", h.MassGrams, h.MassGrams,
                    new BatchOrigin(h.AreaCode, h.HarvestedAt, h.Harvester, null) { HarvesterDisclosure = h.HarvesterDisclosure }, [], recorded.Sequence, recorded.RecordedAt);
            case StepRecorded s when s.Outputs.FirstOrDefault(o => o.BatchId == batchId) is { } output:
                return new BatchView(batchId, s.FacilityId, inputSpecies(s), output.Description, output.MassGrams, output.MassGrams,
                    new BatchOrigin(null, null, null, s.StepId), [], recorded.Sequence, recorded.RecordedAt);
            case StepRecorded s when view is not null && s.Inputs.FirstOrDefault(i => i.BatchId == batchId) is { } taken:
                return view.Use(new BatchUse(RecordKind.Step, s.StepId, taken.MassGrams, recorded.RecordedAt), recorded.Sequence);
            case LotPacked l when view is not null && l.Inputs.FirstOrDefault(i => i.BatchId == batchId) is { } packed:
                return view.Use(new BatchUse(RecordKind.Lot, l.LotKey, packed.MassGrams, recorded.RecordedAt), recorded.Sequence);
            case StorageRecorded st when view is not null && st.BatchIds.Contains(batchId) && !view.StorageIds.Contains(st.StorageId):
                return view with { StorageIds = [.. view.StorageIds, st.StorageId], Sequence = recorded.Sequence };
            default:
                return view;
        }
    }

    private BatchView Use(BatchUse use, long sequence) =>
        this with { RemainingGrams = RemainingGrams - use.MassGrams, Uses = [.. Uses, use], Sequence = sequence };
}
