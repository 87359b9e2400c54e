using Traceability.Domain;
using Traceability.Events;

namespace Traceability.Rules;

/// <summary>
/// What one facility has recorded, folded from its events: the state its rules are checked
/// against. Not thread-safe; one grain activation owns an instance.
/// </summary>
public sealed class FacilityRecords
{
    private readonly Dictionary<string, SiteRegistered> _sites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BatchBalance> _batches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LotPacked> _lots = new(StringComparer.Ordinal);
    private readonly Dictionary<RecordKey, RecordedEvent> _created = [];
    private readonly Dictionary<(string LotKey, RecallKind Kind), RecordedEvent> _recalls = [];

    /// <summary>The facility's registration, once recorded.</summary>
    public FacilityRegistered? Registration { get; private set; }

    /// <summary>The sequence of the last event folded in; 0 before any.</summary>
    public long LastSequence { get; private set; }

    public IReadOnlyDictionary<string, SiteRegistered> Sites => _sites;

    public IReadOnlyDictionary<string, BatchBalance> Batches => _batches;

    /// <summary>The lots the facility packed, by lot key (<c>{gtin14}/{lot}</c>).</summary>
    public IReadOnlyDictionary<string, LotPacked> Lots => _lots;

    /// <summary>The event that created <paramref name="key"/>, if this facility created it.</summary>
    public RecordedEvent? CreatorOf(RecordKey key) => _created.GetValueOrDefault(key);

    /// <summary>The facility's recall (or withdrawal) of lot <paramref name="lotKey"/>, if it recorded one of <paramref name="kind"/>.</summary>
    public RecordedEvent? RecallOf(string lotKey, RecallKind kind) => _recalls.GetValueOrDefault((lotKey, kind));

    /// <summary>Folds one accepted event in. Events at or before <see cref="LastSequence"/> are ignored.</summary>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Sequence <= LastSequence)
        {
            return;
        }

        LastSequence = recorded.Sequence;
        foreach (var key in recorded.Event.Creates())
        {
            _created[key] = recorded;
        }

        switch (recorded.Event)
        {
            case FacilityRegistered registered:
                Registration = registered;
                break;
            case SiteRegistered site:
                _sites[site.SiteId] = site;
                break;
            case BatchHarvested harvest:
                _batches[harvest.BatchId] = new BatchBalance(harvest.MassGrams, [harvest.Species], harvest.HarvestedAt);
                break;
            case StepRecorded step:
                var species = SpeciesNames.Merge(step.Inputs.SelectMany(i => _batches[i.BatchId].Species));
                Take(step.Inputs);
                foreach (var output in step.Outputs)
                {
                    _batches[output.BatchId] = new BatchBalance(output.MassGrams, species, step.EndedAt);
                }

                break;
            case LotPacked lot:
                Take(lot.Inputs);
                _lots[lot.LotKey] = lot;
                break;
            case LotRecalled recall:
                _recalls[(recall.LotKey, recall.Kind)] = recorded;
                break;
        }
    }

    private void Take(IEnumerable<BatchPortion> portions)
    {
        foreach (var portion in portions)
        {
            var balance = _batches[portion.BatchId];
            _batches[portion.BatchId] = balance with { RemainingGrams = balance.RemainingGrams - portion.MassGrams };
        }
    }
}
