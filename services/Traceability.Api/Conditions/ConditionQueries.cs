using Traceability.Conditions;
using Traceability.Conditions.Analysis;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Grains.Tracing;
using Traceability.Profiles;
using Traceability.Storage;
using Traceability.Views;
using V1 = Traceability.Contracts.V1;

namespace Traceability.Api.Conditions;

/// <summary>
/// Conditions computed on demand, never copied: a lot's periods come from its backward trace
/// (every step and storage period of the lot and of each batch it comes from), each period's
/// readings from the time-series store for its site and window, and its verdict from the profile
/// that applies now. Thread-safe.
/// </summary>
public sealed class ConditionQueries(IGrainFactory grains, TraceQueries trace, IEventStore events, ITimeSeriesStore store, ILedger ledger, TimeProvider time)
{
    /// <summary>Most points of a series' chart.</summary>
    public const int ChartPoints = 400;

    /// <summary>Longest window an inspector may ask about at once.</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(366);

    /// <summary>The conditions behind lot <paramref name="lot"/> of <paramref name="gtin"/>, or null when the lot does not exist.</summary>
    public async Task<V1.ConditionReport?> LotAsync(string gtin, string lot, CancellationToken cancellationToken)
    {
        var lotTrace = await trace.BackwardAsync(gtin, lot);
        if (lotTrace is null)
        {
            return null;
        }

        var periods = await PeriodsOf(lotTrace);
        var latest = await Profiles().Latest();
        var now = time.GetUtcNow();
        var assessed = await Task.WhenAll(periods.Select(p => AssessAsync(p, p.ProfileFrom(latest), now, chart: true, cancellationToken)));
        var report = new V1.ConditionReport
        {
            Subject = $"lot {gtin}/{lot}",
            Gtin = gtin,
            Lot = lot,
            ProductNameVi = lotTrace.Product?.Record.NameVi ?? string.Empty,
            ProductNameEn = lotTrace.Product?.Record.NameEn ?? string.Empty,
            ComputedAt = Mapping.ToProto.Time(now),
        };
        if (periods.Count > 0)
        {
            report.From = Mapping.ToProto.Time(periods.Min(p => p.From));
            report.To = Mapping.ToProto.Time(periods.Max(p => p.To));
        }

        report.Periods.Add(assessed);
        ConditionsToProto.Summarise(report);
        report.Checkpoints.Add(await CheckpointsOf(lotTrace.Facilities.Select(f => f.Record.FacilityId), cancellationToken));
        return report;
    }

    /// <summary>
    /// The conditions at <paramref name="siteId"/> over [<paramref name="from"/>, <paramref name="to"/>),
    /// judged against <paramref name="profileId"/> (latest version) or the site's own profile:
    /// storage for a storage site, drying for a drying site, none otherwise.
    /// </summary>
    public async Task<V1.ConditionReport?> SiteAsync(string siteId, DateTimeOffset from, DateTimeOffset to, string? profileId, CancellationToken cancellationToken)
    {
        var site = await grains.GetGrain<ISiteGrain>(siteId).Describe();
        if (site is null)
        {
            return null;
        }

        var profile = await SiteProfile(site.Record, profileId);
        var period = new ConditionPeriod(V1.PeriodKind.Site, string.Empty, site.Record.FacilityId, siteId, site.Record.Name, null, from, to, [], [], null);
        var now = time.GetUtcNow();
        var report = new V1.ConditionReport
        {
            Subject = $"site {siteId}",
            SiteId = siteId,
            From = Mapping.ToProto.Time(from),
            To = Mapping.ToProto.Time(to),
            ComputedAt = Mapping.ToProto.Time(now),
        };
        report.Periods.Add(await AssessAsync(period, profile, now, chart: true, cancellationToken));
        ConditionsToProto.Summarise(report);
        report.Checkpoints.Add(await CheckpointsOf([site.Record.FacilityId], cancellationToken));
        return report;
    }

    /// <summary>The profile a site query uses: the one named (null when it does not exist: the caller says so), or the site's kind's.</summary>
    public async Task<ConditionProfile?> SiteProfile(SiteRegistered site, string? profileId)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (!string.IsNullOrEmpty(profileId))
        {
            return await Profiles().Find(profileId, 0);
        }

        var latest = await Profiles().Latest();
        return site.Kind switch
        {
            SiteKind.Storage => ProfileSelection.For(latest, null, null, []),
            SiteKind.Drying => ProfileSelection.For(latest, StepKind.Drying, null, []),
            _ => null,
        };
    }

    /// <summary>
    /// Every step and storage period that overlaps [<paramref name="from"/>, <paramref name="to"/>)
    /// and passes the filter, with its verdict (no chart points), in time order.
    /// </summary>
    public async Task<IReadOnlyList<V1.PeriodConditions>> AssessmentsAsync(DateTimeOffset from, DateTimeOffset to, string? siteId, string? facilityId, V1.PeriodKind kind, V1.Verdict verdict, CancellationToken cancellationToken)
    {
        var periods = new List<ConditionPeriod>();
        if (kind is V1.PeriodKind.Unspecified or V1.PeriodKind.Step)
        {
            foreach (var step in await AllAsync<StepRecorded>(RecordKind.Step, id => grains.GetGrain<IStepGrain>(id).Describe(), cancellationToken))
            {
                var s = step.Record;
                if (Overlaps(s.StartedAt, s.EndedAt, from, to) && Matches(s.SiteId, s.FacilityId, siteId, facilityId))
                {
                    var inputs = await Task.WhenAll(s.Inputs.Select(i => grains.GetGrain<IBatchGrain>(i.BatchId).Describe()));
                    periods.Add(new ConditionPeriod(V1.PeriodKind.Step, s.StepId, s.FacilityId, s.SiteId, string.Empty, s.Kind, s.StartedAt, s.EndedAt,
                        [.. s.Inputs.Select(i => i.BatchId), .. s.Outputs.Select(o => o.BatchId)],
                        [.. inputs.OfType<BatchView>().SelectMany(b => b.Species).Distinct(StringComparer.Ordinal)], null));
                }
            }
        }

        if (kind is V1.PeriodKind.Unspecified or V1.PeriodKind.Storage)
        {
            foreach (var storage in await AllAsync<StorageRecorded>(RecordKind.Storage, id => grains.GetGrain<IStorageGrain>(id).Describe(), cancellationToken))
            {
                var s = storage.Record;
                if (Overlaps(s.StartedAt, s.EndedAt, from, to) && Matches(s.SiteId, s.FacilityId, siteId, facilityId))
                {
                    var held = await Task.WhenAll(s.BatchIds.Select(b => grains.GetGrain<IBatchGrain>(b).Describe()));
                    periods.Add(new ConditionPeriod(V1.PeriodKind.Storage, s.StorageId, s.FacilityId, s.SiteId, string.Empty, null, s.StartedAt, s.EndedAt,
                        [.. s.BatchIds, .. s.LotKeys], [.. held.OfType<BatchView>().SelectMany(b => b.Species).Distinct(StringComparer.Ordinal)], null));
                }
            }
        }

        var names = await SiteNames(periods.Select(p => p.SiteId));
        var latest = await Profiles().Latest();
        var now = time.GetUtcNow();
        var assessed = await Task.WhenAll(periods
            .OrderBy(p => p.From).ThenBy(p => p.PeriodId, StringComparer.Ordinal)
            .Select(p => AssessAsync(p with { SiteName = names.GetValueOrDefault(p.SiteId, string.Empty) }, p.ProfileFrom(latest), now, chart: false, cancellationToken)));
        return [.. assessed.Where(p => verdict == V1.Verdict.Unspecified || p.Verdict == verdict)];
    }

    /// <summary>The steps and storage periods behind a lot, in time order.</summary>
    private async Task<List<ConditionPeriod>> PeriodsOf(LotTrace lotTrace)
    {
        var gtin = lotTrace.Lot.Record.Gtin;
        var batches = lotTrace.Batches.ToDictionary(b => b.BatchId, StringComparer.Ordinal);
        var lotSpecies = lotTrace.Batches.Where(b => b.Origin.AreaCode is not null).SelectMany(b => b.Species).Distinct(StringComparer.Ordinal).ToArray();
        string[] SpeciesOf(IEnumerable<string> batchIds) =>
            [.. batchIds.SelectMany(id => batches.TryGetValue(id, out var b) ? b.Species : []).Distinct(StringComparer.Ordinal)];

        var periods = new List<ConditionPeriod>();
        foreach (var step in lotTrace.Steps.Select(s => s.Record))
        {
            periods.Add(new ConditionPeriod(V1.PeriodKind.Step, step.StepId, step.FacilityId, step.SiteId, string.Empty, step.Kind, step.StartedAt, step.EndedAt,
                [.. step.Inputs.Select(i => i.BatchId), .. step.Outputs.Select(o => o.BatchId).Where(batches.ContainsKey)],
                SpeciesOf(step.Inputs.Select(i => i.BatchId)), gtin));
        }

        foreach (var storage in lotTrace.Storages.Select(s => s.Record))
        {
            var lotKey = lotTrace.Lot.Record.LotKey;
            var subjects = storage.BatchIds.Where(batches.ContainsKey).Concat(storage.LotKeys.Where(k => k == lotKey)).ToArray();
            var species = storage.LotKeys.Contains(lotKey) ? lotSpecies : SpeciesOf(storage.BatchIds.Where(batches.ContainsKey));
            periods.Add(new ConditionPeriod(V1.PeriodKind.Storage, storage.StorageId, storage.FacilityId, storage.SiteId, string.Empty, null, storage.StartedAt, storage.EndedAt,
                subjects, species, gtin));
        }

        var names = lotTrace.Sites.ToDictionary(s => s.Record.SiteId, s => s.Record.Name, StringComparer.Ordinal);
        foreach (var (id, name) in await SiteNames(periods.Select(p => p.SiteId).Where(id => !names.ContainsKey(id))))
        {
            names[id] = name;
        }

        return [.. periods
            .Select(p => p with { SiteName = names.GetValueOrDefault(p.SiteId, string.Empty) })
            .OrderBy(p => p.From).ThenBy(p => p.To).ThenBy(p => p.PeriodId, StringComparer.Ordinal)];
    }

    /// <summary>One period: its readings, read from the store now, judged against <paramref name="profile"/>.</summary>
    private async Task<V1.PeriodConditions> AssessAsync(ConditionPeriod period, ConditionProfile? profile, DateTimeOffset now, bool chart, CancellationToken cancellationToken)
    {
        var readings = await store.ReadAsync(period.SiteId, period.From, period.To, cancellationToken);
        var assessment = ConditionAnalysis.Assess(profile, period.From, period.To, readings, now);
        var siteGaps = SiteGaps(readings, period.From, period.To, profile?.MaxGap ?? ConditionAnalysis.DefaultMaxGap);
        return ConditionsToProto.Period(period, profile, assessment, siteGaps, chart ? ChartsOf(readings) : null);
    }

    /// <summary>Each series' chart points, by series.</summary>
    private static Dictionary<SeriesKey, IReadOnlyList<(DateTimeOffset At, double Value)>> ChartsOf(IReadOnlyList<StoredReading> readings)
    {
        var bySeries = new Dictionary<SeriesKey, List<StoredReading>>();
        SeriesKey? lastKey = null;
        List<StoredReading>? last = null;
        foreach (var r in readings)
        {
            if (lastKey is null || lastKey.Device != r.Device || lastKey.Sensor != r.Sensor || lastKey.Quantity != r.Quantity || lastKey.Unit != r.Unit)
            {
                lastKey = new SeriesKey(r.Device, r.Sensor, r.Quantity, r.Unit);
                if (!bySeries.TryGetValue(lastKey, out last))
                {
                    bySeries[lastKey] = last = [];
                }
            }

            last!.Add(r);
        }

        return bySeries.ToDictionary(kv => kv.Key, kv => ChartThinning.Thin(kv.Value, ChartPoints));
    }

    /// <summary>Stretches of [from, to) longer than <paramref name="maxGap"/> with no reading of any sensor at the site.</summary>
    public static IReadOnlyList<DataGap> SiteGaps(IReadOnlyList<StoredReading> readings, DateTimeOffset from, DateTimeOffset to, TimeSpan maxGap)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var gaps = new List<DataGap>();
        var previous = from;
        foreach (var r in readings)
        {
            if (r.At < from || r.At >= to)
            {
                continue;
            }

            if (r.At - previous > maxGap)
            {
                gaps.Add(new DataGap(null, previous, r.At, r.At - previous));
            }

            if (r.At > previous)
            {
                previous = r.At;
            }
        }

        if (to - previous > maxGap)
        {
            gaps.Add(new DataGap(null, previous, to, to - previous));
        }

        return gaps;
    }

    /// <summary>
    /// The checkpoint of each facility log the report read, covering every record in it: the
    /// latest one, or one cut now when the log has grown since (so the report names a signed tree
    /// head that includes everything it was computed from).
    /// </summary>
    private async Task<List<V1.CheckpointRef>> CheckpointsOf(IEnumerable<string> facilityIds, CancellationToken cancellationToken)
    {
        var logs = (await ledger.LogsAsync(cancellationToken)).ToDictionary(l => l.FacilityId, StringComparer.Ordinal);
        var refs = new List<V1.CheckpointRef>();
        foreach (var facilityId in facilityIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var log = logs.GetValueOrDefault(facilityId);
            var checkpoint = log?.Latest;
            if (log is not null && (checkpoint is null || checkpoint.Size < log.Size))
            {
                checkpoint = (await ledger.CutAsync(facilityId, cancellationToken)).FirstOrDefault(c => c.FacilityId == facilityId)
                    ?? await ledger.LatestAsync(facilityId, cancellationToken);
            }

            refs.Add(checkpoint is null
                ? new V1.CheckpointRef { FacilityId = facilityId, Origin = ledger.OriginOf(facilityId) }
                : new V1.CheckpointRef
                {
                    FacilityId = facilityId,
                    Origin = checkpoint.Origin,
                    Size = checkpoint.Size,
                    Root = Convert.ToHexStringLower(checkpoint.Root),
                    CutAt = Mapping.ToProto.Time(checkpoint.CutAt),
                });
        }

        return refs;
    }

    private async Task<Dictionary<string, string>> SiteNames(IEnumerable<string> siteIds)
    {
        var sites = await Task.WhenAll(siteIds.Distinct(StringComparer.Ordinal).Select(id => grains.GetGrain<ISiteGrain>(id).Describe()));
        return sites.OfType<RecordView<SiteRegistered>>().ToDictionary(s => s.Record.SiteId, s => s.Record.Name, StringComparer.Ordinal);
    }

    private async Task<List<RecordView<TEvent>>> AllAsync<TEvent>(RecordKind kind, Func<string, Task<RecordView<TEvent>?>> describe, CancellationToken cancellationToken)
        where TEvent : FacilityEvent
    {
        const int Page = 500;
        var views = new List<RecordView<TEvent>>();
        string? after = null;
        while (true)
        {
            var keys = await events.ListAsync(kind, after, Page, cancellationToken);
            views.AddRange((await Task.WhenAll(keys.Select(k => describe(k.Key)))).OfType<RecordView<TEvent>>());
            if (keys.Count < Page)
            {
                return views;
            }

            after = keys[^1].Key;
        }
    }

    private IConditionProfilesGrain Profiles() => grains.GetGrain<IConditionProfilesGrain>(IConditionProfilesGrain.Key);

    private static bool Overlaps(DateTimeOffset start, DateTimeOffset end, DateTimeOffset from, DateTimeOffset to) => start < to && end > from;

    private static bool Matches(string site, string facility, string? siteId, string? facilityId) =>
        (string.IsNullOrEmpty(siteId) || site == siteId) && (string.IsNullOrEmpty(facilityId) || facility == facilityId);
}
