using Spectre.Console;
using Spectre.Console.Rendering;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// The backward trace of a lot (lot → batches → steps → … → raw-material areas, with where the
/// lot and each batch were stored, under a banner when the lot was withdrawn or recalled) and the forward
/// trace of a batch (batch → steps → batches → … → lots) as trees. A record the trace does not
/// carry is shown as missing rather than dropped, and a batch already on the path is not
/// followed again, so a malformed trace still renders.
/// </summary>
internal static class TraceTrees
{
    public static IRenderable Backward(LotTrace trace)
    {
        var lot = trace.Lot ?? new Lot();
        var batches = trace.Batches.ToDictionary(batch => batch.BatchId);
        var steps = trace.Steps.ToDictionary(step => step.StepId);
        var areas = trace.Areas.ToDictionary(area => area.AreaCode);
        var sites = trace.Sites.ToDictionary(site => site.SiteId);

        var tree = new Tree(Line(
            $"Lot {lot.Gtin} / {lot.Lot_}",
            $"{lot.UnitCount} × {Rendering.Grams(lot.NetMassPerUnitG)}, produced {lot.ProducedOn}, expires {lot.ExpiresOn}"));
        var lotKey = $"{lot.Gtin}/{lot.Lot_}";
        foreach (var storage in trace.Storages.Where(storage => storage.LotKeys.Contains(lotKey)))
        {
            AddStorage(tree, storage);
        }
        foreach (var input in lot.Inputs)
        {
            AddInput(tree, input, []);
        }
        return new Rows([.. trace.Recalls.Select(Banner), Header(trace), tree]);

        void AddInput(IHasTreeNodes parent, BatchPortion input, HashSet<string> path)
        {
            if (!batches.TryGetValue(input.BatchId, out var batch))
            {
                parent.AddNode(Line($"Batch {input.BatchId}", $"{Rendering.Grams(input.MassG)} taken", "not in the trace"));
                return;
            }
            var node = parent.AddNode(Line(
                $"Batch {batch.BatchId}",
                $"{Rendering.Grams(input.MassG)} taken",
                Describe(batch)));
            if (!path.Add(batch.BatchId))
            {
                node.AddNode(Line("(already shown above)"));
                return;
            }
            foreach (var storage in trace.Storages.Where(storage => storage.BatchIds.Contains(batch.BatchId)))
            {
                AddStorage(node, storage);
            }
            switch (batch.OriginCase)
            {
                case Batch.OriginOneofCase.Harvest:
                    AddHarvest(node, batch.Harvest);
                    break;
                case Batch.OriginOneofCase.StepId when steps.TryGetValue(batch.StepId, out var step):
                    var stepNode = node.AddNode(Line(
                        $"Step {step.StepId}",
                        Keywords<StepKind>.Word(step.Kind),
                        sites.TryGetValue(step.SiteId, out var site) ? $"at {site.Name} ({site.SiteId})" : $"at {step.SiteId}",
                        Rendering.Span(step.StartedAt, step.EndedAt),
                        Rendering.By(step.Operator)));
                    foreach (var stepInput in step.Inputs)
                    {
                        AddInput(stepNode, stepInput, path);
                    }
                    break;
                case Batch.OriginOneofCase.StepId:
                    node.AddNode(Line($"Step {batch.StepId}", "not in the trace"));
                    break;
            }
            path.Remove(batch.BatchId);
        }

        void AddStorage(IHasTreeNodes parent, Contracts.V1.Storage storage) =>
            parent.AddNode(Line(
                $"Stored {storage.StorageId}",
                sites.TryGetValue(storage.SiteId, out var site) ? $"at {site.Name} ({site.SiteId})" : $"at {storage.SiteId}",
                Rendering.Span(storage.StartedAt, storage.EndedAt)));

        void AddHarvest(TreeNode parent, HarvestOrigin harvest)
        {
            var harvested = $"harvested {Rendering.Time(harvest.HarvestedAt)} {Rendering.By(harvest.Harvester)}";
            if (!areas.TryGetValue(harvest.AreaCode, out var area))
            {
                parent.AddNode(Line($"Area {harvest.AreaCode}", "not in the trace", harvested));
                return;
            }
            parent.AddNode(Line(
                $"Area {area.AreaCode}",
                area.Name,
                Rendering.Place(area.Commune, area.District, area.Province),
                area.Certifications.Count == 0 ? "no certification" : Rendering.Certifications(area.Certifications),
                harvested));
        }
    }

    public static IRenderable Forward(BatchRecall recall)
    {
        var origin = recall.Batch ?? new Batch();
        var batches = recall.Downstream.ToDictionary(batch => batch.BatchId);
        var steps = recall.Steps.ToDictionary(step => step.StepId);
        var lots = recall.Lots.ToDictionary(lot => $"{lot.Gtin}/{lot.Lot_}");

        var tree = new Tree(Line($"Batch {origin.BatchId}", Describe(origin), Rendering.Grams(origin.InitialMassG), Rendering.Origin(origin)));
        AddUses(tree, origin, [origin.BatchId]);
        var affected = recall.Lots.Count == 0
            ? (IRenderable)new Text("No lot contains any of this batch.")
            : Rendering.Lots(recall.Lots, $"Affected lots: {recall.Lots.Count}");
        return new Rows(tree, affected);

        void AddUses(IHasTreeNodes parent, Batch batch, HashSet<string> path)
        {
            foreach (var use in batch.Uses)
            {
                if (use.ByCase == BatchUse.ByOneofCase.Lot)
                {
                    parent.AddNode(lots.TryGetValue(use.Lot, out var lot)
                        ? Line($"Lot {lot.Gtin} / {lot.Lot_}", [$"{Rendering.Grams(use.MassG)} in", $"expires {lot.ExpiresOn}", .. lot.Recalls.Select(r => Rendering.Taken(r.Kind))])
                        : Line($"Lot {use.Lot}", $"{Rendering.Grams(use.MassG)} in", "not in the recall"));
                    continue;
                }
                if (!steps.TryGetValue(use.StepId, out var step))
                {
                    parent.AddNode(Line($"Step {use.StepId}", $"{Rendering.Grams(use.MassG)} in", "not in the recall"));
                    continue;
                }
                var stepNode = parent.AddNode(Line(
                    $"Step {step.StepId}",
                    Keywords<StepKind>.Word(step.Kind),
                    $"{Rendering.Grams(use.MassG)} in",
                    Rendering.Span(step.StartedAt, step.EndedAt)));
                foreach (var output in step.Outputs)
                {
                    if (!batches.TryGetValue(output.BatchId, out var made))
                    {
                        stepNode.AddNode(Line($"Batch {output.BatchId}", Rendering.Grams(output.MassG), "not in the recall"));
                        continue;
                    }
                    var madeNode = stepNode.AddNode(Line($"Batch {made.BatchId}", Rendering.Grams(output.MassG), Describe(made)));
                    if (path.Add(made.BatchId))
                    {
                        AddUses(madeNode, made, path);
                        path.Remove(made.BatchId);
                    }
                }
            }
        }
    }

    /// <summary>A withdrawal or recall of the traced lot, above everything else.</summary>
    private static Markup Banner(LotRecall recall) => new(
        $"[bold red]{Markup.Escape(recall.Kind == RecallKind.Recall ? "RECALLED from consumers" : "WITHDRAWN from sale")}[/] · {Markup.Escape(Rendering.Decision(recall))}");

    /// <summary>The product and facility above a backward trace.</summary>
    private static Table Header(LotTrace trace)
    {
        var facilityId = trace.Lot?.FacilityId ?? "";
        var facility = trace.Facilities.FirstOrDefault(candidate => candidate.FacilityId == facilityId)
            ?? trace.Facilities.FirstOrDefault();
        var product = trace.Product;
        var header = new Table().HideHeaders().AddColumns("field", "value");
        if (product is not null)
        {
            header.AddRow(new Text("product"), new Text(string.Join(" / ", new[] { product.NameVi, product.NameEn }.Where(name => name.Length > 0))));
            header.AddRow(new Text("GTIN"), new Text(product.Gtin));
            header.AddRow(new Text("OCOP"), new Text(Rendering.Stars(product.OcopStars)));
        }
        if (facility is not null)
        {
            header.AddRow(new Text("facility"), new Text(
                $"{facility.Name} ({Keywords<FacilityKind>.Word(facility.Kind)}), {Rendering.Place(facility.Commune, facility.District, facility.Province)}"));
        }
        header.AddRow(new Text("depth"), new Text($"{trace.Depth} processing level(s)"));
        return header;
    }

    private static string Describe(Batch batch) =>
        batch.Description.Length > 0 ? batch.Description : string.Join(", ", batch.Species);

    /// <summary>One node's text: the record in bold, then its details separated by middle dots.</summary>
    private static Markup Line(string record, params string[] details)
    {
        var rest = details.Where(detail => detail.Length > 0).Select(Markup.Escape);
        return new Markup(string.Join(" · ", rest.Prepend($"[bold]{Markup.Escape(record)}[/]")));
    }
}
