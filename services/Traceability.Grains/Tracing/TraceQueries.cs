using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains.Tracing;

/// <summary>
/// Backward trace (lot → batches → steps → raw-material areas, with the storage periods of the
/// lot and its batches, and the lot's withdrawal and recall) and forward trace (batch → every lot
/// containing any of it) by walking the grains level by level, each level's grains asked in
/// parallel. Thread-safe.
/// </summary>
public sealed class TraceQueries(IGrainFactory grains)
{
    /// <summary>Everything lot <paramref name="lotCode"/> of <paramref name="gtin"/> comes from, or null when the lot does not exist.</summary>
    public async Task<LotTrace?> BackwardAsync(string gtin, string lotCode)
    {
        var lotGrain = grains.GetGrain<ILotGrain>(LotKeys.Of(gtin, lotCode));
        var lot = await lotGrain.Describe();
        if (lot is null)
        {
            return null;
        }

        var batches = new Dictionary<string, BatchView>(StringComparer.Ordinal);
        var steps = new Dictionary<string, RecordView<StepRecorded>>(StringComparer.Ordinal);
        var areaCodes = new HashSet<string>(StringComparer.Ordinal);
        var frontier = lot.Record.Inputs.Select(i => i.BatchId).Distinct().ToList();
        var depth = 0;
        while (frontier.Count > 0)
        {
            var level = await Task.WhenAll(frontier.Select(id => grains.GetGrain<IBatchGrain>(id).Describe()));
            var stepIds = new List<string>();
            foreach (var batch in level.OfType<BatchView>())
            {
                batches[batch.BatchId] = batch;
                if (batch.Origin.AreaCode is { } area)
                {
                    areaCodes.Add(area);
                }
                else if (batch.Origin.StepId is { } stepId && !steps.ContainsKey(stepId) && !stepIds.Contains(stepId))
                {
                    stepIds.Add(stepId);
                }
            }

            if (stepIds.Count == 0)
            {
                break;
            }

            depth++;
            var stepViews = await Task.WhenAll(stepIds.Select(id => grains.GetGrain<IStepGrain>(id).Describe()));
            foreach (var step in stepViews.OfType<RecordView<StepRecorded>>())
            {
                steps[step.Record.StepId] = step;
            }

            frontier = [.. stepViews.OfType<RecordView<StepRecorded>>().SelectMany(s => s.Record.Inputs).Select(i => i.BatchId).Distinct().Where(id => !batches.ContainsKey(id))];
        }

        var recalls = lotGrain.Recalls();
        var lotStorageIds = await lotGrain.StorageIds();
        var storageIds = lotStorageIds.Concat(batches.Values.SelectMany(b => b.StorageIds)).Distinct(StringComparer.Ordinal);
        var storages = (await Task.WhenAll(storageIds.Select(id => grains.GetGrain<IStorageGrain>(id).Describe())))
            .OfType<RecordView<StorageRecorded>>()
            .OrderBy(s => s.Record.StartedAt)
            .ThenBy(s => s.Sequence)
            .ToArray();

        var siteIds = steps.Values.Select(s => s.Record.SiteId).Concat(storages.Select(s => s.Record.SiteId)).Append(lot.Record.SiteId).Distinct();
        var facilityIds = batches.Values.Select(b => b.FacilityId).Concat(steps.Values.Select(s => s.Record.FacilityId)).Append(lot.Record.FacilityId).Distinct();
        var product = grains.GetGrain<IProductGrain>(gtin).Describe();
        var areas = Task.WhenAll(areaCodes.Order(StringComparer.Ordinal).Select(code => grains.GetGrain<IAreaGrain>(code).Describe()));
        var sites = Task.WhenAll(siteIds.Order(StringComparer.Ordinal).Select(id => grains.GetGrain<ISiteGrain>(id).Describe()));
        var facilities = Task.WhenAll(facilityIds.Order(StringComparer.Ordinal).Select(id => grains.GetGrain<IFacilityGrain>(id).Describe()));
        return new LotTrace(
            lot,
            await product,
            [.. batches.Values.OrderBy(b => b.Sequence)],
            [.. steps.Values.OrderBy(s => s.Sequence)],
            [.. (await areas).OfType<RecordView<AreaRegistered>>()],
            [.. (await sites).OfType<RecordView<SiteRegistered>>()],
            [.. (await facilities).OfType<RecordView<FacilityRegistered>>()],
            depth,
            storages)
        {
            Recalls = await recalls,
        };
    }

    /// <summary>Every batch, step and lot downstream of batch <paramref name="batchId"/>, or null when the batch does not exist.</summary>
    public async Task<BatchRecall?> ForwardAsync(string batchId)
    {
        var start = await grains.GetGrain<IBatchGrain>(batchId).Describe();
        if (start is null)
        {
            return null;
        }

        var downstream = new Dictionary<string, BatchView>(StringComparer.Ordinal);
        var steps = new Dictionary<string, RecordView<StepRecorded>>(StringComparer.Ordinal);
        var lotKeys = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new List<BatchView> { start };
        while (frontier.Count > 0)
        {
            var stepIds = new List<string>();
            foreach (var use in frontier.SelectMany(b => b.Uses))
            {
                if (use.Kind == RecordKind.Lot)
                {
                    lotKeys.Add(use.Key);
                }
                else if (!steps.ContainsKey(use.Key) && !stepIds.Contains(use.Key))
                {
                    stepIds.Add(use.Key);
                }
            }

            var stepViews = (await Task.WhenAll(stepIds.Select(id => grains.GetGrain<IStepGrain>(id).Describe()))).OfType<RecordView<StepRecorded>>().ToList();
            foreach (var step in stepViews)
            {
                steps[step.Record.StepId] = step;
            }

            var outputs = stepViews.SelectMany(s => s.Record.Outputs).Select(o => o.BatchId).Where(id => id != batchId && !downstream.ContainsKey(id)).Distinct().ToList();
            frontier = [.. (await Task.WhenAll(outputs.Select(id => grains.GetGrain<IBatchGrain>(id).Describe()))).OfType<BatchView>()];
            foreach (var batch in frontier)
            {
                downstream[batch.BatchId] = batch;
            }
        }

        var lots = await Task.WhenAll(lotKeys.Order(StringComparer.Ordinal).Select(key => grains.GetGrain<ILotGrain>(key).Describe()));
        return new BatchRecall(start, [.. downstream.Values.OrderBy(b => b.Sequence)], [.. steps.Values.OrderBy(s => s.Sequence)], [.. lots.OfType<RecordView<LotPacked>>()]);
    }
}
