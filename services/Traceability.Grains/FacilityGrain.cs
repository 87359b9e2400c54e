using Microsoft.Extensions.Logging;
using Traceability.Disclosure;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Rules;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>
/// The single writer of one facility's records. On activation it folds the facility's events
/// back into <see cref="FacilityRecords"/>; each capture is checked against them, made durable
/// in the event store, folded in, and only then passed to the grains that show it.
/// </summary>
public sealed partial class FacilityGrain(
    IEventStore store,
    TimeProvider time,
    YieldPolicy yields,
    ILogger<FacilityGrain> logger) : Grain, IFacilityGrain
{
    private readonly FacilityRecords _records = new();
    private readonly Dictionary<string, AreaRegistered> _areas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProductRegistered> _products = new(StringComparer.Ordinal);

    private string FacilityId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await foreach (var recorded in store.ReadStreamAsync(new RecordKey(RecordKind.Facility, FacilityId), 0, cancellationToken))
        {
            _records.Apply(recorded);
        }
    }

    public async Task<CaptureResult> Capture(FacilityEvent candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.FacilityId != FacilityId)
        {
            return CaptureResult.Refused(RuleViolation.Invalid("facility_id", $"'{candidate.FacilityId}' is not this facility ('{FacilityId}')"));
        }

        // The producer's choices about private-by-default values are settled before the rules see
        // the candidate; a withheld value gets its salt here, once (a repeat keeps the first one).
        candidate = Disclosures.Resolve(candidate, _records.Registration?.Kind, Commitment.NewSalt);
        var context = await ContextFor(candidate);
        var decision = CaptureRules.Check(_records, candidate, context);
        if (decision.Violation is not null)
        {
            return CaptureResult.Refused(decision.Violation);
        }

        if (decision.Repeats is not null)
        {
            return new CaptureResult(decision.Repeats, true, null);
        }

        var recordedAt = time.GetUtcNow();
        var (epcis, eventId) = EpcisRendering.Identified(candidate, recordedAt);
        var outcome = await store.AppendAsync(new PendingEvent(candidate, recordedAt, epcis, eventId));
        if (outcome.Conflict is { } conflict)
        {
            return CaptureResult.Refused(RuleViolation.Exists(
                CaptureRules.FieldOf(candidate, conflict),
                $"{conflict.Kind.ToString().ToLowerInvariant()} '{conflict.Key}' already exists (recorded by facility '{outcome.ConflictOwner}')"));
        }

        var recorded = outcome.Recorded!;
        _records.Apply(recorded);
        Log.Captured(logger, recorded.Event.GetType().Name, FacilityId, recorded.Sequence);
        await Publish(recorded);
        return new CaptureResult(recorded, false, null);
    }

    public Task<RecordView<FacilityRegistered>?> Describe()
    {
        var registration = _records.Registration;
        if (registration is null)
        {
            return Task.FromResult<RecordView<FacilityRegistered>?>(null);
        }

        var recorded = _records.CreatorOf(new RecordKey(RecordKind.Facility, FacilityId))!;
        return Task.FromResult<RecordView<FacilityRegistered>?>(new RecordView<FacilityRegistered>(registration, recorded.Sequence, recorded.RecordedAt));
    }

    /// <summary>Fetches what the rules need from other grains: the harvested area, the packed product, owners of foreign batches and lots (stored or recalled).</summary>
    private async Task<CaptureContext> ContextFor(FacilityEvent candidate)
    {
        var context = new CaptureContext(time.GetUtcNow(), yields);
        switch (candidate)
        {
            case BatchHarvested harvest when !string.IsNullOrEmpty(harvest.AreaCode):
                return context with { Area = await Registered(_areas, harvest.AreaCode, code => GrainFactory.GetGrain<IAreaGrain>(code).Describe()) };
            case LotPacked lot:
                var product = string.IsNullOrEmpty(lot.Gtin) ? null : await Registered(_products, lot.Gtin, gtin => GrainFactory.GetGrain<IProductGrain>(gtin).Describe());
                return context with { Product = product, BatchOwners = await ForeignOwners(lot.Inputs) };
            case StepRecorded step:
                return context with { BatchOwners = await ForeignOwners(step.Inputs) };
            case StorageRecorded storage:
                return context with
                {
                    BatchOwners = await ForeignOwners(RecordKind.Batch, storage.BatchIds, _records.Batches.ContainsKey),
                    LotOwners = await ForeignOwners(RecordKind.Lot, storage.LotKeys, _records.Lots.ContainsKey),
                };
            case LotRecalled recall:
                return context with { LotOwners = await ForeignOwners(RecordKind.Lot, [recall.LotKey], _records.Lots.ContainsKey) };
            default:
                return context;
        }
    }

    /// <summary>
    /// A registration looked up once per activation: registrations never change, so a found one is
    /// kept; a missing one is asked for again next time, as it may be registered meanwhile.
    /// </summary>
    private static async Task<TEvent?> Registered<TEvent>(Dictionary<string, TEvent> known, string key, Func<string, Task<RecordView<TEvent>?>> describe)
        where TEvent : FacilityEvent
    {
        if (known.TryGetValue(key, out var registration))
        {
            return registration;
        }

        var view = await describe(key);
        if (view is not null)
        {
            known[key] = view.Record;
        }

        return view?.Record;
    }

    private Task<IReadOnlyDictionary<string, string>?> ForeignOwners(Domain.BatchPortion[]? inputs) =>
        ForeignOwners(RecordKind.Batch, (inputs ?? []).Select(i => i?.BatchId), _records.Batches.ContainsKey);

    /// <summary>The owners of the records of <paramref name="kind"/> named in <paramref name="keys"/> that this facility does not hold.</summary>
    private async Task<IReadOnlyDictionary<string, string>?> ForeignOwners(RecordKind kind, IEnumerable<string?>? keys, Func<string, bool> held)
    {
        var foreign = (keys ?? []).Where(key => !string.IsNullOrEmpty(key) && !held(key)).Select(key => key!).Distinct().ToList();
        if (foreign.Count == 0)
        {
            return null;
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in foreign)
        {
            // Only well-formed keys reach the store (the rules refuse the others first anyway).
            var wellFormed = kind == RecordKind.Lot ? LotKeys.TrySplit(key, out _, out _) : Identifiers.RecordId.IsValid(key, out _);
            if (wellFormed && await store.OwnerOfAsync(new RecordKey(kind, key)) is { } owner)
            {
                owners[key] = owner;
            }
        }

        return owners;
    }

    /// <summary>
    /// Hands the durable event to the existing batches it takes from: the only views an event
    /// changes after their creation (a registration view is its creating event). Records the event
    /// creates are not pushed: their grains read their stream when first asked, so a capture never
    /// waits for a new activation.
    /// </summary>
    private Task Publish(RecordedEvent recorded)
    {
        var created = recorded.Event.Creates().ToHashSet();
        return Task.WhenAll(recorded.Event.Touches()
            .Where(key => key.Kind == RecordKind.Batch && !created.Contains(key))
            .Distinct()
            .Select(key => GrainFactory.GetGrain<IBatchGrain>(key.Key).Apply(recorded)));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Captured {EventType} of facility {FacilityId} at sequence {Sequence}")]
        public static partial void Captured(ILogger logger, string eventType, string facilityId, long sequence);
    }
}
