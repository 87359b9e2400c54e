using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Rendering;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// How records look to a person: one titled two-column table per record, and the words and
/// numbers inside them, shared with the trace trees.
/// </summary>
internal static class Rendering
{
    public static IRenderable Facility(Facility facility) => Fields(
        $"Facility {facility.FacilityId}",
        ("kind", Keywords<FacilityKind>.Word(facility.Kind)),
        ("name", facility.Name),
        ("address", facility.Address),
        ("place", Place(facility.Commune, facility.District, facility.Province)),
        ("recorded", Time(facility.RecordedAt)));

    public static IRenderable Site(Site site) => Fields(
        $"Site {site.SiteId}",
        ("facility", site.FacilityId),
        ("kind", Keywords<SiteKind>.Word(site.Kind)),
        ("name", site.Name),
        ("commune", site.Commune),
        ("location", site.Location is null ? "" : Point(site.Location)),
        ("recorded", Time(site.RecordedAt)));

    public static IRenderable Area(Area area) => Fields(
        $"Raw-material area {area.AreaCode}",
        ("facility", area.FacilityId),
        ("name", area.Name),
        ("place", Place(area.Commune, area.District, area.Province)),
        ("owner", area.Owner),
        ("species", string.Join(", ", area.Species)),
        ("certifications", Certifications(area.Certifications)),
        ("boundary", string.Join("; ", area.Boundary.Select(Point))),
        ("recorded", Time(area.RecordedAt)));

    public static IRenderable Product(Product product) => Fields(
        $"Product {product.Gtin}",
        ("facility", product.FacilityId),
        ("name (vi)", product.NameVi),
        ("name (en)", product.NameEn),
        ("OCOP", Stars(product.OcopStars)),
        ("recorded", Time(product.RecordedAt)));

    public static IRenderable Batch(Batch batch)
    {
        var fields = Fields(
            $"Batch {batch.BatchId}",
            ("facility", batch.FacilityId),
            ("species", string.Join(", ", batch.Species)),
            ("description", batch.Description),
            ("initial", Grams(batch.InitialMassG)),
            ("remaining", Grams(batch.RemainingMassG)),
            ("origin", Origin(batch)),
            ("stored in", string.Join(", ", batch.StorageIds)),
            ("recorded", Time(batch.RecordedAt)));
        if (batch.Uses.Count == 0)
        {
            return fields;
        }
        var uses = new Table().Title("Uses").AddColumns("by", "mass", "recorded");
        foreach (var use in batch.Uses)
        {
            uses.AddRow(Cells(UsedBy(use), Grams(use.MassG), Time(use.RecordedAt)));
        }
        return new Rows(fields, uses);
    }

    public static IRenderable Step(Step step) => Fields(
        $"Processing step {step.StepId}",
        ("facility", step.FacilityId),
        ("site", step.SiteId),
        ("kind", Keywords<StepKind>.Word(step.Kind)),
        ("time", Span(step.StartedAt, step.EndedAt)),
        ("operator", step.Operator.Length == 0 ? Withheld : step.Operator),
        ("inputs", Portions(step.Inputs)),
        ("outputs", string.Join(", ", step.Outputs.Select(Produced))),
        ("recorded", Time(step.RecordedAt)));

    public static IRenderable Storage(Contracts.V1.Storage storage) => Fields(
        $"Storage period {storage.StorageId}",
        ("facility", storage.FacilityId),
        ("site", storage.SiteId),
        ("time", Span(storage.StartedAt, storage.EndedAt)),
        ("batches", string.Join(", ", storage.BatchIds)),
        ("lots", string.Join(", ", storage.LotKeys)),
        ("recorded", Time(storage.RecordedAt)));

    /// <summary>The lot, its withdrawal and recall first: a buyer must not miss them.</summary>
    public static IRenderable Lot(Lot lot) => Fields(
        $"Lot {lot.Gtin} / {lot.Lot_}",
        [
            .. lot.Recalls.Select(recall => (Taken(recall.Kind), Decision(recall))),
            ("facility", lot.FacilityId),
            ("site", lot.SiteId),
            ("units", $"{lot.UnitCount.ToString("N0", CultureInfo.InvariantCulture)} × {Grams(lot.NetMassPerUnitG)}"),
            ("produced", lot.ProducedOn),
            ("expires", lot.ExpiresOn),
            ("inputs", Portions(lot.Inputs)),
            ("digital link", lot.DigitalLink),
            ("recorded", Time(lot.RecordedAt)),
        ]);

    public static IRenderable LotRecall(LotRecall recall) => Fields(
        $"{(recall.Kind == RecallKind.Withdrawal ? "Withdrawal" : "Recall")} of lot {recall.Gtin} / {recall.Lot}",
        ("facility", recall.FacilityId),
        ("kind", Keywords<RecallKind>.Word(recall.Kind)),
        ("reason", recall.Reason),
        ("decided", Time(recall.DecidedAt)),
        ("recorded", Time(recall.RecordedAt)));

    /// <summary>What a recall did to the lot, as one word: <c>recalled</c> or <c>withdrawn</c>.</summary>
    public static string Taken(RecallKind kind) => kind switch
    {
        RecallKind.Recall => "recalled",
        RecallKind.Withdrawal => "withdrawn",
        _ => Keywords<RecallKind>.Word(kind),
    };

    /// <summary>When, by whom and why a lot was taken back.</summary>
    public static string Decision(LotRecall recall) => $"{Time(recall.DecidedAt)} by {recall.FacilityId}: {recall.Reason}";

    /// <summary>A table of lots, one a row.</summary>
    public static Table Lots(IEnumerable<Lot> lots, string title)
    {
        // The digital link is /01/{GTIN}/10/{lot}: the first two columns already say it.
        var table = new Table().Title(Markup.Escape(title)).AddColumns("GTIN", "lot", "facility", "units", "net / unit", "produced", "expires");
        foreach (var lot in lots)
        {
            table.AddRow(Cells(
                lot.Gtin,
                lot.Lot_,
                lot.FacilityId,
                lot.UnitCount.ToString("N0", CultureInfo.InvariantCulture),
                Grams(lot.NetMassPerUnitG),
                lot.ProducedOn,
                lot.ExpiresOn));
        }
        return table;
    }

    public static IRenderable LotPage(ListLotsResponse page)
    {
        var table = Lots(page.Lots, $"{page.Lots.Count} lot(s)");
        return page.NextPageToken.Length == 0
            ? table
            : table.Caption(Markup.Escape($"more: trace lot list --page-token {page.NextPageToken}"));
    }

    public static string Grams(long grams) => $"{grams.ToString("N0", CultureInfo.InvariantCulture)} g";

    public static string Time(Timestamp? time) => time is null ? "" : Time(time.ToDateTimeOffset());

    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Span(Timestamp? start, Timestamp? end) => $"{Time(start)} → {Time(end)}";

    public static string Place(params string[] parts) => string.Join(", ", parts.Where(part => part.Length > 0));

    public static string Certifications(IEnumerable<Certification> certifications) =>
        string.Join(", ", certifications.Select(Keywords<Certification>.Word));

    public static string Stars(int stars) => stars == 0 ? "not yet rated" : $"{new string('★', stars)} ({stars} stars)";

    public static string Portions(IEnumerable<BatchPortion> portions) =>
        string.Join(", ", portions.Select(portion => $"{portion.BatchId} {Grams(portion.MassG)}"));

    /// <summary>What a public trace shows for a person's name the producer did not publish (docs/public-fields.md).</summary>
    public const string Withheld = "(withheld by the producer)";

    /// <summary>"by NAME", or that the name is withheld.</summary>
    public static string By(string person) => person.Length == 0 ? $"by {Withheld}" : $"by {person}";

    public static string Produced(BatchOutput output) =>
        output.Description.Length == 0
            ? $"{output.BatchId} {Grams(output.MassG)}"
            : $"{output.BatchId} {Grams(output.MassG)} ({output.Description})";

    public static string Origin(Batch batch) => batch.OriginCase switch
    {
        Contracts.V1.Batch.OriginOneofCase.Harvest =>
            $"harvested from area {batch.Harvest.AreaCode} at {Time(batch.Harvest.HarvestedAt)} {By(batch.Harvest.Harvester)}",
        Contracts.V1.Batch.OriginOneofCase.StepId => $"produced by step {batch.StepId}",
        _ => "",
    };

    public static string UsedBy(BatchUse use) => use.ByCase switch
    {
        BatchUse.ByOneofCase.StepId => $"step {use.StepId}",
        BatchUse.ByOneofCase.Lot => $"lot {use.Lot}",
        _ => "",
    };

    private static string Point(GeoPoint point) =>
        string.Create(CultureInfo.InvariantCulture, $"{point.Latitude},{point.Longitude}");

    public static Table Fields(string title, params (string Name, string Value)[] rows)
    {
        var table = new Table().Title(Markup.Escape(title)).HideHeaders().AddColumns("field", "value");
        foreach (var (name, value) in rows.Where(row => row.Value.Length > 0))
        {
            table.AddRow(Cells(name, value));
        }
        return table;
    }

    private static IRenderable[] Cells(params string[] texts) => [.. texts.Select(text => new Text(text))];
}
