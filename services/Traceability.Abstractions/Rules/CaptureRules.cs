using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Identifiers;

namespace Traceability.Rules;

/// <summary>
/// The rules every recorded fact must satisfy, as a pure function of the facility's records, the
/// candidate event and the <see cref="CaptureContext"/>. Checks run in three passes: the shape of
/// the request (INVALID_ARGUMENT), then whether it repeats an earlier record (idempotent answer or
/// ALREADY_EXISTS), then the state of the records (NOT_FOUND / FAILED_PRECONDITION).
/// </summary>
public static class CaptureRules
{
    /// <summary>Upper bound for any mass, in grams (a million tonnes), so that sums cannot overflow.</summary>
    public const long MaxMassGrams = 1_000_000_000_000;

    private const int MaxTextLength = 200;

    /// <summary>Longest reason of a recall or withdrawal: a few sentences a buyer reads on the lot's trace.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Decides whether <paramref name="candidate"/> may be recorded by the facility holding <paramref name="records"/>.</summary>
    public static CaptureDecision Check(FacilityRecords records, FacilityEvent candidate, CaptureContext context)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(context);

        var violation = CheckShape(candidate, context);
        if (violation is not null)
        {
            return CaptureDecision.Refuse(violation);
        }

        var repeat = CheckRepeat(records, candidate);
        if (repeat is not null)
        {
            return repeat;
        }

        if (candidate is not FacilityRegistered && records.Registration is null)
        {
            return CaptureDecision.Refuse(RuleViolation.Precondition("facility_id", $"facility '{candidate.FacilityId}' is not registered; register it first"));
        }

        violation = candidate switch
        {
            BatchHarvested harvest => CheckHarvest(harvest, context),
            StepRecorded step => CheckStep(records, step, context),
            LotPacked lot => CheckLot(records, lot, context),
            ReadingsRecorded readings => Site(records, readings.SiteId, "site_id").Violation,
            StorageRecorded storage => CheckStorage(records, storage, context),
            ExcursionRecorded excursion => Site(records, excursion.SiteId, "site_id").Violation,
            LotRecalled recall => CheckRecall(records, recall, context),
            _ => null,
        };
        return violation is null ? CaptureDecision.Accept : CaptureDecision.Refuse(violation);
    }

    private static CaptureDecision? CheckRepeat(FacilityRecords records, FacilityEvent candidate)
    {
        // A recall creates no record: the lot and the kind are its key, as a lot is recalled (or withdrawn) once.
        if (candidate is LotRecalled recall && records.RecallOf(recall.LotKey, recall.Kind) is { } earlier)
        {
            var decided = (LotRecalled)earlier.Event;
            return EventJson.SameFact(decided, candidate)
                ? CaptureDecision.Repeat(earlier)
                : CaptureDecision.Refuse(RuleViolation.Exists("lot", $"lot '{recall.LotKey}' is already {Done(recall.Kind)}, decided at {decided.DecidedAt:O} for '{decided.Reason}'; a lot is {Done(recall.Kind)} once"));
        }

        var created = candidate.Creates().ToList();
        for (var i = 0; i < created.Count; i++)
        {
            var original = records.CreatorOf(created[i]);
            if (original is null)
            {
                continue;
            }

            // A repeat draws new salts for its withheld values: the same choice is the same fact.
            if (i == 0 && EventJson.SameFact(original.Event, Disclosures.AsRepeatOf(candidate, original.Event)))
            {
                return CaptureDecision.Repeat(original);
            }

            return CaptureDecision.Refuse(RuleViolation.Exists(FieldOf(candidate, created[i]), $"{created[i].Kind.ToString().ToLowerInvariant()} '{created[i].Key}' is already recorded with other content"));
        }

        return null;
    }

    /// <summary>The request field that names <paramref name="key"/> in <paramref name="candidate"/>.</summary>
    public static string FieldOf(FacilityEvent candidate, RecordKey key) => candidate switch
    {
        FacilityRegistered => "facility_id",
        SiteRegistered => "site_id",
        AreaRegistered => "area_code",
        ProductRegistered => "gtin",
        BatchHarvested => "batch_id",
        StepRecorded step when key.Kind == RecordKind.Batch => $"outputs[{Array.FindIndex(step.Outputs, o => o.BatchId == key.Key)}].batch_id",
        StepRecorded => "step_id",
        LotPacked => "lot",
        ReadingsRecorded => "window_id",
        StorageRecorded => "storage_id",
        ExcursionRecorded => "excursion_id",
        LotRecalled => "lot",
        _ => "id",
    };

    /// <summary>Checks that do not depend on any stored record (INVALID_ARGUMENT).</summary>
    internal static RuleViolation? CheckShape(FacilityEvent candidate, CaptureContext context) =>
        Id("facility_id", candidate.FacilityId) ?? candidate switch
        {
            FacilityRegistered f =>
                Defined("kind", f.Kind)
                ?? Text("name", f.Name)
                ?? Text("address", f.Address, required: false)
                ?? Text("commune", f.Commune)
                ?? Text("district", f.District)
                ?? Text("province", f.Province),
            SiteRegistered s =>
                Id("site_id", s.SiteId)
                ?? Defined("kind", s.Kind)
                ?? Text("name", s.Name)
                ?? Text("commune", s.Commune)
                ?? (s.Location is null ? null : Point("location", s.Location)),
            AreaRegistered a =>
                Id("area_code", a.AreaCode)
                ?? Text("name", a.Name)
                ?? Text("commune", a.Commune)
                ?? Text("district", a.District)
                ?? Text("province", a.Province)
                ?? Boundary(a.Boundary)
                ?? SpeciesList(a.Species)
                ?? Certifications(a.Certifications)
                ?? Text("owner", a.Owner)
                ?? Disclosed("publish_exact_outline", a.OutlineDisclosure)
                ?? Disclosed("publish_owner", a.OwnerDisclosure),
            ProductRegistered p =>
                GtinField("gtin", p.Gtin)
                ?? Text("name_vi", p.NameVi)
                ?? Text("name_en", p.NameEn)
                ?? (p.OcopStars is < 0 or > 5 ? RuleViolation.Invalid("ocop_stars", $"must be 0 (not yet rated) to 5, not {p.OcopStars}") : null),
            BatchHarvested h =>
                Id("batch_id", h.BatchId)
                ?? Id("area_code", h.AreaCode)
                ?? Text("species", h.Species)
                ?? Mass("mass_g", h.MassGrams)
                ?? NotFuture("harvested_at", h.HarvestedAt, context.Now)
                ?? Text("harvester", h.Harvester)
                ?? Disclosed("publish_harvester", h.HarvesterDisclosure),
            StepRecorded st =>
                Id("step_id", st.StepId)
                ?? Id("site_id", st.SiteId)
                ?? Defined("kind", st.Kind)
                ?? Window(st.StartedAt, st.EndedAt, context.Now)
                ?? Text("operator", st.Operator)
                ?? Disclosed("publish_operator", st.OperatorDisclosure)
                ?? Portions("inputs", st.Inputs)
                ?? Outputs(st),
            LotPacked l =>
                GtinField("gtin", l.Gtin)
                ?? LotField(l.LotCode)
                ?? Id("site_id", l.SiteId)
                ?? (l.UnitCount <= 0 ? RuleViolation.Invalid("unit_count", $"must be positive, not {l.UnitCount}") : null)
                ?? Mass("net_mass_per_unit_g", l.NetMassPerUnitGrams)
                ?? (l.ProducedOn == default ? RuleViolation.Invalid("produced_on", "is required") : null)
                ?? (l.ProducedOn > DateOnly.FromDateTime(context.Now.UtcDateTime.AddDays(1)) ? RuleViolation.Invalid("produced_on", $"{l.ProducedOn:yyyy-MM-dd} is in the future") : null)
                ?? (l.ExpiresOn <= l.ProducedOn ? RuleViolation.Invalid("expires_on", $"{l.ExpiresOn:yyyy-MM-dd} must be after produced_on {l.ProducedOn:yyyy-MM-dd}") : null)
                ?? Portions("inputs", l.Inputs),
            ReadingsRecorded r =>
                Id("site_id", r.SiteId)
                ?? Id("window_id", r.WindowId)
                ?? Readings(r.Devices, context.Now),
            StorageRecorded st =>
                Id("storage_id", st.StorageId)
                ?? Id("site_id", st.SiteId)
                ?? Window(st.StartedAt, st.EndedAt, context.Now)
                ?? StoredGoods(st.BatchIds, st.LotKeys),
            ExcursionRecorded e =>
                Id("site_id", e.SiteId)
                ?? Id("excursion_id", e.ExcursionId)
                ?? Id("device_id", e.DeviceId)
                ?? Id("sensor_id", e.SensorId)
                ?? Text("quantity", e.Quantity)
                ?? Text("unit", e.Unit)
                ?? (e.Direction is "above" or "below" ? null : RuleViolation.Invalid("direction", $"must be above or below, not '{e.Direction}'"))
                ?? Finite("limit", e.Limit)
                ?? Finite("peak", e.Peak)
                ?? Finite("area", e.Area)
                ?? (e.Area < 0 ? RuleViolation.Invalid("area", $"must not be negative, not {e.Area}") : null)
                // Excursions are closed from device times, whose clocks may run a little ahead.
                ?? Window(e.StartedAt, e.EndedAt, context.Now.AddMinutes(5))
                ?? Id("profile_id", e.ProfileId)
                ?? (e.ProfileVersion < 1 ? RuleViolation.Invalid("profile_version", $"must be 1 or more, not {e.ProfileVersion}") : null),
            LotRecalled r =>
                GtinField("gtin", r.Gtin)
                ?? LotField(r.LotCode)
                ?? Defined("kind", r.Kind)
                ?? Text("reason", r.Reason, maxLength: MaxReasonLength)
                ?? NotFuture("decided_at", r.DecidedAt, context.Now),
            _ => RuleViolation.Invalid("type", $"unknown event type {candidate.GetType().Name}"),
        };

    /// <summary>The shape of a readings window: devices, sequence ranges, times, digests and sensor summaries.</summary>
    private static RuleViolation? Readings(DeviceReadings[]? devices, DateTimeOffset now)
    {
        if (devices is null || devices.Length == 0)
        {
            return RuleViolation.Invalid("devices", "at least one device is required");
        }

        for (var i = 0; i < devices.Length; i++)
        {
            var d = devices[i];
            var field = $"devices[{i}]";
            var violation = d is null ? RuleViolation.Invalid(field, "is required") : Id($"{field}.device_id", d.DeviceId)
                ?? (d.FirstSequence < 1 || d.LastSequence < d.FirstSequence ? RuleViolation.Invalid($"{field}.last_sequence", $"sequence range {d.FirstSequence}..{d.LastSequence} is not a positive, ordered range") : null)
                ?? (d.To < d.From ? RuleViolation.Invalid($"{field}.to", $"{d.To:O} is before from {d.From:O}") : null)
                ?? NotFuture($"{field}.to", d.To, now.AddMinutes(5))
                ?? (d.Count < 1 ? RuleViolation.Invalid($"{field}.count", $"must be positive, not {d.Count}") : null)
                ?? (d.RawDigest is not { Length: 64 } || !d.RawDigest.All(char.IsAsciiHexDigitLower) ? RuleViolation.Invalid($"{field}.raw_digest", "must be a SHA-256 digest in lower-case hex") : null)
                ?? Summaries(field, d);
            if (violation is not null)
            {
                return violation;
            }

            if (Array.FindIndex(devices, 0, i, other => other?.DeviceId == d!.DeviceId) >= 0)
            {
                return RuleViolation.Invalid($"{field}.device_id", $"device '{d!.DeviceId}' appears twice");
            }
        }

        return null;
    }

    private static RuleViolation? Summaries(string field, DeviceReadings device)
    {
        if (device.Sensors is null || device.Sensors.Length == 0)
        {
            return RuleViolation.Invalid($"{field}.sensors", "at least one sensor summary is required");
        }

        long total = 0;
        for (var j = 0; j < device.Sensors.Length; j++)
        {
            var s = device.Sensors[j];
            var sensorField = $"{field}.sensors[{j}]";
            var violation = s is null ? RuleViolation.Invalid(sensorField, "is required") : Id($"{sensorField}.sensor_id", s.SensorId)
                ?? Text($"{sensorField}.quantity", s.Quantity)
                ?? Text($"{sensorField}.unit", s.Unit)
                ?? (s.Count < 1 ? RuleViolation.Invalid($"{sensorField}.count", $"must be positive, not {s.Count}") : null)
                ?? (!double.IsFinite(s.Min) || !double.IsFinite(s.Max) || !double.IsFinite(s.Mean) || s.Min > s.Mean || s.Mean > s.Max
                    ? RuleViolation.Invalid($"{sensorField}.mean", $"min {s.Min}, mean {s.Mean}, max {s.Max} are not finite and ordered")
                    : null);
            if (violation is not null)
            {
                return violation;
            }

            total += s!.Count;
        }

        return total == device.Count ? null : RuleViolation.Invalid($"{field}.count", $"is {device.Count} but the sensor summaries count {total} readings");
    }

    /// <summary>The batches and lots of a storage period: at least one of either, each well formed and listed once.</summary>
    private static RuleViolation? StoredGoods(string[]? batchIds, string[]? lotKeys)
    {
        if (batchIds is null)
        {
            return RuleViolation.Invalid("batch_ids", "is required (empty when only lots are stored)");
        }

        if (lotKeys is null)
        {
            return RuleViolation.Invalid("lot_keys", "is required (empty when only batches are stored)");
        }

        if (batchIds.Length == 0 && lotKeys.Length == 0)
        {
            return RuleViolation.Invalid("batch_ids", "at least one batch or lot is required");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batchIds.Length; i++)
        {
            var violation = Id($"batch_ids[{i}]", batchIds[i])
                ?? (seen.Add(batchIds[i]) ? null : RuleViolation.Invalid($"batch_ids[{i}]", $"batch '{batchIds[i]}' is listed twice"));
            if (violation is not null)
            {
                return violation;
            }
        }

        seen.Clear();
        for (var i = 0; i < lotKeys.Length; i++)
        {
            var violation = LotKeyField($"lot_keys[{i}]", lotKeys[i])
                ?? (seen.Add(lotKeys[i]) ? null : RuleViolation.Invalid($"lot_keys[{i}]", $"lot '{lotKeys[i]}' is listed twice"));
            if (violation is not null)
            {
                return violation;
            }
        }

        return null;
    }

    private static RuleViolation? CheckHarvest(BatchHarvested harvest, CaptureContext context)
    {
        if (context.Area is null)
        {
            return RuleViolation.NotFound("area_code", $"raw-material area '{harvest.AreaCode}' is not registered");
        }

        if (!context.Area.Species.Contains(harvest.Species, StringComparer.OrdinalIgnoreCase))
        {
            return RuleViolation.Precondition("species", $"area '{harvest.AreaCode}' is registered for {string.Join(", ", context.Area.Species)}, not '{harvest.Species}'");
        }

        return null;
    }

    private static RuleViolation? CheckStep(FacilityRecords records, StepRecorded step, CaptureContext context)
    {
        var site = Site(records, step.SiteId, "site_id");
        if (site.Violation is not null)
        {
            return site.Violation;
        }

        if (site.Site!.Kind is SiteKind.Storage or SiteKind.PointOfSale)
        {
            return RuleViolation.Precondition("site_id", $"site '{step.SiteId}' is a {site.Site.Kind} site; processing steps happen at drying or processing sites");
        }

        var inputs = Inputs(records, step.Inputs, context, "processing facility");
        if (inputs is not null)
        {
            return inputs;
        }

        for (var i = 0; i < step.Inputs.Length; i++)
        {
            var availableFrom = records.Batches[step.Inputs[i].BatchId].AvailableFrom;
            if (step.StartedAt < availableFrom)
            {
                return RuleViolation.Precondition($"inputs[{i}].batch_id", $"batch '{step.Inputs[i].BatchId}' exists only from {availableFrom:O}; the step cannot start before, at {step.StartedAt:O}");
            }
        }

        var taken = step.Inputs.Sum(i => i.MassGrams);
        var produced = step.Outputs.Sum(o => o.MassGrams);
        var ratio = (double)produced / taken;
        var range = context.Yields.For(step.Kind);
        if (!range.Contains(ratio))
        {
            return RuleViolation.Precondition("outputs", $"{step.Kind} turns {taken} g into {produced} g (yield {ratio:0.###}); a plausible {step.Kind} yield is {range.Min:0.###} to {range.Max:0.###}");
        }

        return null;
    }

    private static RuleViolation? CheckLot(FacilityRecords records, LotPacked lot, CaptureContext context)
    {
        if (context.Product is null)
        {
            return RuleViolation.NotFound("gtin", $"product {lot.Gtin} is not registered");
        }

        var site = Site(records, lot.SiteId, "site_id");
        if (site.Violation is not null)
        {
            return site.Violation;
        }

        var inputs = Inputs(records, lot.Inputs, context, "packing facility");
        if (inputs is not null)
        {
            return inputs;
        }

        for (var i = 0; i < lot.Inputs.Length; i++)
        {
            // The batch's own calendar date (at the offset it was recorded with) is when it could first be packed.
            var availableOn = DateOnly.FromDateTime(records.Batches[lot.Inputs[i].BatchId].AvailableFrom.DateTime);
            if (lot.ProducedOn < availableOn)
            {
                return RuleViolation.Precondition($"inputs[{i}].batch_id", $"batch '{lot.Inputs[i].BatchId}' exists only from {availableOn:yyyy-MM-dd}; a lot produced on {lot.ProducedOn:yyyy-MM-dd} cannot contain it");
            }
        }

        var taken = lot.Inputs.Sum(i => i.MassGrams);
        var packed = (decimal)lot.UnitCount * lot.NetMassPerUnitGrams;
        var ratio = (double)(packed / taken);
        var range = context.Yields.For(StepKind.Packing);
        if (!range.Contains(ratio))
        {
            return RuleViolation.Precondition("unit_count", $"{lot.UnitCount} units of {lot.NetMassPerUnitGrams} g make {packed} g from {taken} g of inputs (yield {ratio:0.###}); a plausible packing yield is {range.Min:0.###} to {range.Max:0.###}");
        }

        return null;
    }

    private static RuleViolation? CheckStorage(FacilityRecords records, StorageRecorded storage, CaptureContext context)
    {
        var site = Site(records, storage.SiteId, "site_id");
        if (site.Violation is not null)
        {
            return site.Violation;
        }

        for (var i = 0; i < storage.BatchIds.Length; i++)
        {
            var batchId = storage.BatchIds[i];
            if (!records.Batches.TryGetValue(batchId, out var balance))
            {
                return NotHeld(records, $"batch_ids[{i}]", "batch", batchId, context.BatchOwners, "storing facility");
            }

            if (storage.StartedAt < balance.AvailableFrom)
            {
                return RuleViolation.Precondition($"batch_ids[{i}]", $"batch '{batchId}' exists only from {balance.AvailableFrom:O}; it cannot be stored from {storage.StartedAt:O}");
            }
        }

        for (var i = 0; i < storage.LotKeys.Length; i++)
        {
            var lotKey = storage.LotKeys[i];
            if (!records.Lots.TryGetValue(lotKey, out var lot))
            {
                return NotHeld(records, $"lot_keys[{i}]", "lot", lotKey, context.LotOwners, "storing facility");
            }

            if (storage.StartedAt < ProducedFrom(lot))
            {
                return RuleViolation.Precondition($"lot_keys[{i}]", $"lot '{lotKey}' was produced on {lot.ProducedOn:yyyy-MM-dd}; it cannot be stored from {storage.StartedAt:O}");
            }
        }

        return null;
    }

    /// <summary>
    /// A recall or withdrawal of a lot the facility packed, decided once the lot exists; a
    /// withdrawal may be escalated to a recall later, while a recall already takes the lot off
    /// the shelves, so a withdrawal after it adds nothing.
    /// </summary>
    private static RuleViolation? CheckRecall(FacilityRecords records, LotRecalled recall, CaptureContext context)
    {
        var key = recall.LotKey;
        if (!records.Lots.TryGetValue(key, out var lot))
        {
            return NotHeld(records, "lot", "lot", key, context.LotOwners, recall.Kind == RecallKind.Recall ? "recalling facility" : "withdrawing facility");
        }

        if (recall.DecidedAt < ProducedFrom(lot))
        {
            return RuleViolation.Precondition("decided_at", $"lot '{key}' was produced on {lot.ProducedOn:yyyy-MM-dd}; it cannot be {Done(recall.Kind)} before, at {recall.DecidedAt:O}");
        }

        if (recall.Kind == RecallKind.Withdrawal && records.RecallOf(key, RecallKind.Recall)?.Event is LotRecalled recalled)
        {
            return RuleViolation.Precondition("kind", $"lot '{key}' is already recalled, decided at {recalled.DecidedAt:O}; a withdrawal adds nothing to a recall");
        }

        if (recall.Kind == RecallKind.Recall && records.RecallOf(key, RecallKind.Withdrawal)?.Event is LotRecalled withdrawn && recall.DecidedAt < withdrawn.DecidedAt)
        {
            return RuleViolation.Precondition("decided_at", $"lot '{key}' was withdrawn at {withdrawn.DecidedAt:O}; the recall that escalates it cannot be decided before, at {recall.DecidedAt:O}");
        }

        return null;
    }

    /// <summary>The participle of a recall's kind, as a sentence about the lot says it.</summary>
    private static string Done(RecallKind kind) => kind == RecallKind.Recall ? "recalled" : "withdrawn";

    /// <summary>A lot carries only its production date: it exists from the start of that day (UTC).</summary>
    private static DateTimeOffset ProducedFrom(LotPacked lot) => new(lot.ProducedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>A batch or lot the facility does not hold: another facility's (FAILED_PRECONDITION), or nobody's (NOT_FOUND).</summary>
    private static RuleViolation NotHeld(FacilityRecords records, string field, string kind, string key, IReadOnlyDictionary<string, string>? owners, string role) =>
        owners?.TryGetValue(key, out var owner) == true
            ? RuleViolation.Precondition(field, $"{kind} '{key}' belongs to facility '{owner}', not to the {role} '{records.Registration!.FacilityId}'")
            : RuleViolation.NotFound(field, $"{kind} '{key}' does not exist");

    private static (SiteRegistered? Site, RuleViolation? Violation) Site(FacilityRecords records, string siteId, string field) =>
        records.Sites.TryGetValue(siteId, out var site)
            ? (site, null)
            : (null, RuleViolation.NotFound(field, $"facility '{records.Registration!.FacilityId}' has no site '{siteId}'"));

    private static RuleViolation? Inputs(FacilityRecords records, BatchPortion[] inputs, CaptureContext context, string role)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            if (!records.Batches.TryGetValue(input.BatchId, out var balance))
            {
                return NotHeld(records, $"inputs[{i}].batch_id", "batch", input.BatchId, context.BatchOwners, role);
            }

            if (input.MassGrams > balance.RemainingGrams)
            {
                return RuleViolation.Precondition($"inputs[{i}].mass_g", $"batch '{input.BatchId}' has {balance.RemainingGrams} g left; {input.MassGrams} g cannot be taken from it");
            }
        }

        return null;
    }

    private static RuleViolation? Id(string field, string? value) =>
        RecordId.IsValid(value, out var error) ? null : RuleViolation.Invalid(field, error);

    private static RuleViolation? GtinField(string field, string? value)
    {
        if (!Gtin.TryNormalize(value, out var normalized, out var error))
        {
            return RuleViolation.Invalid(field, error);
        }

        return normalized == value ? null : RuleViolation.Invalid(field, $"must be given as 14 digits ({normalized})");
    }

    private static RuleViolation? LotField(string? value) =>
        LotCode.IsValid(value, out var error) ? null : RuleViolation.Invalid("lot", error);

    /// <summary>A lot key as <c>{gtin14}/{lot}</c>: a GTIN given as 14 digits with its check digit, and a GS1 AI (10) lot code.</summary>
    private static RuleViolation? LotKeyField(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return RuleViolation.Invalid(field, "is required");
        }

        if (!LotKeys.TrySplit(value, out var gtin, out var lotCode))
        {
            return RuleViolation.Invalid(field, $"'{value}' is not a lot key {{gtin14}}/{{lot}}");
        }

        if (!Gtin.TryNormalize(gtin, out var normalized, out var error))
        {
            return RuleViolation.Invalid(field, $"the GTIN {error}");
        }

        if (normalized != gtin)
        {
            return RuleViolation.Invalid(field, $"the GTIN must be given as 14 digits ({normalized})");
        }

        return LotCode.IsValid(lotCode, out error) ? null : RuleViolation.Invalid(field, $"the lot code {error}");
    }

    private static RuleViolation? Finite(string field, double value) =>
        double.IsFinite(value) ? null : RuleViolation.Invalid(field, $"must be a finite number, not {value}");

    private static RuleViolation? Text(string field, string? value, bool required = true, int maxLength = MaxTextLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? RuleViolation.Invalid(field, "is required") : null;
        }

        if (value.Length > maxLength)
        {
            return RuleViolation.Invalid(field, $"must have at most {maxLength} characters, not {value.Length}");
        }

        return value.Any(char.IsControl) ? RuleViolation.Invalid(field, "must not contain control characters") : null;
    }

    private static RuleViolation? Defined<TEnum>(string field, TEnum value)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) && Number(value) != 0
            ? null
            : RuleViolation.Invalid(field, $"must be one of {string.Join(", ", Enum.GetValues<TEnum>().Where(v => Number(v) != 0))}");

    private static int Number<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);

    private static RuleViolation? Mass(string field, long grams) => grams switch
    {
        <= 0 => RuleViolation.Invalid(field, $"must be a positive number of grams, not {grams}"),
        > MaxMassGrams => RuleViolation.Invalid(field, $"must be at most {MaxMassGrams} g, not {grams}"),
        _ => null,
    };

    private static RuleViolation? NotFuture(string field, DateTimeOffset at, DateTimeOffset now) =>
        at == default ? RuleViolation.Invalid(field, "is required")
        : at > now ? RuleViolation.Invalid(field, $"{at:O} is in the future (now is {now:O})")
        : null;

    private static RuleViolation? Window(DateTimeOffset startedAt, DateTimeOffset endedAt, DateTimeOffset now)
    {
        if (startedAt == default)
        {
            return RuleViolation.Invalid("started_at", "is required");
        }

        if (endedAt == default)
        {
            return RuleViolation.Invalid("ended_at", "is required");
        }

        if (endedAt <= startedAt)
        {
            return RuleViolation.Invalid("ended_at", $"{endedAt:O} must be after started_at {startedAt:O}");
        }

        return NotFuture("ended_at", endedAt, now);
    }

    private static RuleViolation? Point(string field, GeoPoint point) =>
        point.Latitude is < -90 or > 90 || double.IsNaN(point.Latitude)
            ? RuleViolation.Invalid($"{field}.latitude", $"must be between -90 and 90, not {point.Latitude}")
            : point.Longitude is < -180 or > 180 || double.IsNaN(point.Longitude)
                ? RuleViolation.Invalid($"{field}.longitude", $"must be between -180 and 180, not {point.Longitude}")
                : null;

    /// <summary>
    /// A settled choice about a private-by-default value: published without a salt, or withheld
    /// with a salt of the right length (a withheld value without one could not be committed to).
    /// </summary>
    private static RuleViolation? Disclosed(string field, FieldDisclosure? disclosure) => disclosure switch
    {
        null => null,
        { Published: true, Salt: not null } => RuleViolation.Invalid(field, "a published value has no salt"),
        { Published: false } when !Commitment.IsSalt(disclosure.Salt) => RuleViolation.Invalid(field, "a withheld value needs a salt of 16 bytes (base64url), drawn at capture"),
        _ => null,
    };

    private static RuleViolation? Boundary(GeoPoint[]? boundary)
    {
        if (boundary is null || boundary.Length < 3)
        {
            return RuleViolation.Invalid("boundary", $"a polygon needs at least 3 points, not {boundary?.Length ?? 0}");
        }

        for (var i = 0; i < boundary.Length; i++)
        {
            var violation = boundary[i] is null ? RuleViolation.Invalid($"boundary[{i}]", "is empty") : Point($"boundary[{i}]", boundary[i]);
            if (violation is not null)
            {
                return violation;
            }
        }

        // Shoelace formula: a polygon whose points all sit on one line encloses nothing.
        double twiceArea = 0;
        for (var i = 0; i < boundary.Length; i++)
        {
            var a = boundary[i];
            var b = boundary[(i + 1) % boundary.Length];
            twiceArea += (a.Longitude * b.Latitude) - (b.Longitude * a.Latitude);
        }

        return Math.Abs(twiceArea) < 1e-12 ? RuleViolation.Invalid("boundary", "the points enclose no area") : null;
    }

    private static RuleViolation? SpeciesList(string[]? species)
    {
        if (species is null || species.Length == 0)
        {
            return RuleViolation.Invalid("species", "at least one species is required");
        }

        for (var i = 0; i < species.Length; i++)
        {
            var violation = Text($"species[{i}]", species[i]);
            if (violation is not null)
            {
                return violation;
            }
        }

        return species.Distinct(StringComparer.OrdinalIgnoreCase).Count() == species.Length ? null : RuleViolation.Invalid("species", "lists a species twice");
    }

    private static RuleViolation? Certifications(Certification[]? certifications)
    {
        certifications ??= [];
        for (var i = 0; i < certifications.Length; i++)
        {
            var violation = Defined($"certifications[{i}]", certifications[i]);
            if (violation is not null)
            {
                return violation;
            }
        }

        return certifications.Distinct().Count() == certifications.Length ? null : RuleViolation.Invalid("certifications", "lists a certification twice");
    }

    private static RuleViolation? Portions(string field, BatchPortion[]? portions)
    {
        if (portions is null || portions.Length == 0)
        {
            return RuleViolation.Invalid(field, "at least one input batch is required");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < portions.Length; i++)
        {
            if (portions[i] is null)
            {
                return RuleViolation.Invalid($"{field}[{i}]", "is empty");
            }

            var violation = Id($"{field}[{i}].batch_id", portions[i].BatchId) ?? Mass($"{field}[{i}].mass_g", portions[i].MassGrams);
            if (violation is not null)
            {
                return violation;
            }

            if (!seen.Add(portions[i].BatchId))
            {
                return RuleViolation.Invalid($"{field}[{i}].batch_id", $"batch '{portions[i].BatchId}' is listed twice");
            }
        }

        return portions.Sum(p => p.MassGrams) > MaxMassGrams ? RuleViolation.Invalid(field, $"the total must be at most {MaxMassGrams} g") : null;
    }

    private static RuleViolation? Outputs(StepRecorded step)
    {
        if (step.Outputs is null || step.Outputs.Length == 0)
        {
            return RuleViolation.Invalid("outputs", "at least one output batch is required");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < step.Outputs.Length; i++)
        {
            var output = step.Outputs[i];
            if (output is null)
            {
                return RuleViolation.Invalid($"outputs[{i}]", "is empty");
            }

            var violation = Id($"outputs[{i}].batch_id", output.BatchId)
                ?? Mass($"outputs[{i}].mass_g", output.MassGrams)
                ?? Text($"outputs[{i}].description", output.Description, required: false);
            if (violation is not null)
            {
                return violation;
            }

            if (!seen.Add(output.BatchId))
            {
                return RuleViolation.Invalid($"outputs[{i}].batch_id", $"batch '{output.BatchId}' is listed twice");
            }

            if (step.Inputs.Any(input => input.BatchId == output.BatchId))
            {
                return RuleViolation.Invalid($"outputs[{i}].batch_id", $"batch '{output.BatchId}' cannot be both an input and an output");
            }
        }

        return step.Outputs.Sum(o => o.MassGrams) > MaxMassGrams ? RuleViolation.Invalid("outputs", $"the total must be at most {MaxMassGrams} g") : null;
    }
}
