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
            return Taken(candidate, conflict, outcome.ConflictOwner);
        }

        var recorded = outcome.Recorded!;
        _records.Apply(recorded);
        Log.Captured(logger, recorded.Event.GetType().Name, FacilityId, recorded.Sequence);
        await Publish(recorded);
        return new CaptureResult(recorded, false, null);
    }

    public async Task<IReadOnlyList<CaptureResult>> HarvestMany(IReadOnlyList<BatchHarvested> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var results = new CaptureResult?[candidates.Count];
        var appends = new List<(int Index, PendingEvent Pending, Task<AppendOutcome> Outcome)>();
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        var repeats = new List<(int Index, int Of)>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            ArgumentNullException.ThrowIfNull(candidate, nameof(candidates));
            if (candidate.FacilityId != FacilityId)
            {
                results[i] = CaptureResult.Refused(RuleViolation.Invalid("facility_id", $"'{candidate.FacilityId}' is not this facility ('{FacilityId}')"));
                continue;
            }

            if (candidate.BatchId is { } batchId && taken.TryGetValue(batchId, out var first))
            {
                if (EventJson.SameFact(candidates[first], candidate))
                {
                    repeats.Add((i, first));
                }
                else
                {
                    results[i] = CaptureResult.Refused(RuleViolation.Exists("batch_id", $"batch '{batchId}' is harvested with other content earlier in the same request (harvests[{first}])"));
                }

                continue;
            }

            var resolved = (BatchHarvested)Disclosures.Resolve(candidate, _records.Registration?.Kind, Commitment.NewSalt);
            var decision = CaptureRules.Check(_records, resolved, await ContextFor(resolved));
            if (decision.Violation is not null)
            {
                results[i] = CaptureResult.Refused(decision.Violation);
                continue;
            }

            if (decision.Repeats is not null)
            {
                results[i] = new CaptureResult(decision.Repeats, true, null);
                continue;
            }

            var recordedAt = time.GetUtcNow();
            var (epcis, eventId) = EpcisRendering.Identified(resolved, recordedAt);
            var pending = new PendingEvent(resolved, recordedAt, epcis, eventId);
            // Not awaited one by one: queued together, the appends share the store's group commits.
            appends.Add((i, pending, store.AppendAsync(pending).AsTask()));
            taken[resolved.BatchId] = i;
        }

        IOException? failure = null;
        var recorded = new List<RecordedEvent>(appends.Count);
        foreach (var (index, pending, outcome) in appends)
        {
            AppendOutcome appended;
            try
            {
                appended = await outcome;
            }
            catch (IOException e)
            {
                failure ??= e;
                continue;
            }

            if (appended.Conflict is { } conflict)
            {
                results[index] = Taken(pending.Event, conflict, appended.ConflictOwner);
                continue;
            }

            results[index] = new CaptureResult(appended.Recorded, false, null);
            recorded.Add(appended.Recorded!);
        }

        // Folded in the order the store gave them, whatever the order of the request.
        foreach (var durable in recorded.OrderBy(r => r.Sequence))
        {
            _records.Apply(durable);
            Log.Captured(logger, durable.Event.GetType().Name, FacilityId, durable.Sequence);
            await Publish(durable);
        }

        if (failure is not null)
        {
            throw new IOException("The event store could not make every harvest of the request durable; the ones it did are kept, and a retry of the request repeats them.", failure);
        }

        foreach (var (index, of) in repeats)
        {
            results[index] = results[of] is { Recorded: { } earlier } ? new CaptureResult(earlier, true, null) : results[of];
        }

        return results!;
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
    /// <summary>The refusal of a candidate whose new record another facility's event took first (the store's conflict).</summary>
    private static CaptureResult Taken(FacilityEvent candidate, RecordKey conflict, string? owner) =>
        CaptureResult.Refused(RuleViolation.Exists(
            CaptureRules.FieldOf(candidate, conflict),
            $"{conflict.Kind.ToString().ToLowerInvariant()} '{conflict.Key}' already exists (recorded by facility '{owner}')"));

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
