using System.Globalization;
using System.Text.Json.Nodes;
using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Views;

namespace Traceability.Abstractions.Tests.Disclosure;

/// <summary>
/// A withheld value is not in the EPCIS event that is hashed into the ledger: its digest is; a
/// published one, or one recorded before the marking, is there in clear as it always was.
/// </summary>
public sealed class WithheldRenderingTests
{
    private static readonly DateTimeOffset RecordedAt = NgocLinh.Now;

    private const string Salt = "AAECAwQFBgcICQoLDA0ODw";

    private static readonly FieldDisclosure Withheld = new(false, Salt);

    private static JsonObject Ilmd(FacilityEvent e) => (JsonObject)EpcisRendering.ToJson(e, RecordedAt)["ilmd"]!;

    private static string Text(FacilityEvent e) => EpcisRendering.Identified(e, RecordedAt).Json;

    [Fact]
    public void AWithheldHarvesterIsInTheEventOnlyAsItsDigest()
    {
        var harvest = NgocLinh.Harvest() with { HarvesterDisclosure = Withheld };

        var ilmd = Ilmd(harvest);

        Assert.Null(ilmd["tr:harvester"]);
        Assert.Equal(Commitment.Digest(Salt, "A Thị Bến"), ilmd["tr:harvesterDigest"]!.GetValue<string>());
        Assert.DoesNotContain("Bến", Text(harvest), StringComparison.Ordinal);
        Assert.DoesNotContain("B\\u1EBFn", Text(harvest), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AWithheldOperatorIsInTheEventOnlyAsItsDigest()
    {
        var drying = NgocLinh.Drying() with { OperatorDisclosure = Withheld };

        var ilmd = Ilmd(drying);

        Assert.Null(ilmd["tr:operator"]);
        Assert.Equal(Commitment.Digest(Salt, "Y Thị Hoa"), ilmd["tr:operatorDigest"]!.GetValue<string>());
    }

    [Fact]
    public void APublishedValueIsInTheEventInClearAsBeforeTheMarking()
    {
        var harvest = NgocLinh.Harvest();

        Assert.Equal(Text(harvest), Text(harvest with { HarvesterDisclosure = FieldDisclosure.Publish }));
        Assert.Equal("A Thị Bến", Ilmd(harvest)["tr:harvester"]!.GetValue<string>());
        Assert.Equal(Text(NgocLinh.Drying()), Text(NgocLinh.Drying() with { OperatorDisclosure = FieldDisclosure.Publish }));
        Assert.Equal(Text(NgocLinh.Area()), Text(NgocLinh.Area() with { OutlineDisclosure = FieldDisclosure.Publish, OwnerDisclosure = FieldDisclosure.Publish }));
    }

    [Fact]
    public void AWithheldOutlineIsInTheEventAsTheGeneralisedOneAndTheExactOnesDigest()
    {
        var area = NgocLinh.Area() with { OutlineDisclosure = Withheld };

        var ilmd = Ilmd(area);

        var boundary = ilmd["tr:boundary"]!.AsArray().Select(p => new GeoPoint(p!["latitude"]!.GetValue<double>(), p["longitude"]!.GetValue<double>()));
        Assert.Equal(Outline.Generalise(NgocLinh.Area().Boundary), boundary);
        Assert.Equal(Outline.Description, ilmd["tr:boundaryGeneralised"]!.GetValue<string>());
        Assert.Equal(Commitment.Digest(Salt, Outline.CanonicalText(NgocLinh.Area().Boundary)), ilmd["tr:exactBoundaryDigest"]!.GetValue<string>());
        var text = Text(area);
        Assert.All(NgocLinh.Area().Boundary.SelectMany(p => new[] { p.Latitude, p.Longitude }),
            c => Assert.DoesNotContain(c.ToString("R", CultureInfo.InvariantCulture), text, StringComparison.Ordinal));
    }

    [Fact]
    public void AWithheldOwnerIsInTheEventOnlyAsItsDigest()
    {
        var area = NgocLinh.Area() with { OwnerDisclosure = Withheld };

        var ilmd = Ilmd(area);

        Assert.Null(ilmd["tr:owner"]);
        Assert.Equal(Commitment.Digest(Salt, NgocLinh.Area().Owner), ilmd["tr:ownerDigest"]!.GetValue<string>());
    }

    [Fact]
    public void AWithheldValueWithoutItsSaltCannotBeRendered() =>
        Assert.Throws<ArgumentException>(() => EpcisRendering.Render(NgocLinh.Harvest() with { HarvesterDisclosure = FieldDisclosure.Withhold }, RecordedAt));

    [Fact]
    public void TheRenderingIsAFunctionOfTheStoredEvent_ItsSaltIncluded()
    {
        var harvest = NgocLinh.Harvest() with { HarvesterDisclosure = new(false, Commitment.NewSalt()) };

        var stored = EventJson.Deserialize(EventJson.Serialize(harvest));

        Assert.Equal(EpcisRendering.Identified(harvest, RecordedAt), EpcisRendering.Identified(stored, RecordedAt));
        Assert.NotEqual(EpcisRendering.Identified(harvest, RecordedAt).EventId,
            EpcisRendering.Identified(harvest with { HarvesterDisclosure = new(false, Commitment.NewSalt()) }, RecordedAt).EventId);
    }

    [Fact]
    public void AnEventStoredBeforeTheMarkingReadsAndWritesBackByteForByte()
    {
        var before = """{"type":"BatchHarvested","facilityId":"HTX-NGOCLINH","batchId":"SD-2026-001","areaCode":"NL-TK123-K4-L2","species":"Codonopsis javanica","massGrams":50000,"harvestedAt":"2026-05-20T07:30:00+07:00","harvester":"A Thị Bến"}""";

        var read = (BatchHarvested)EventJson.Deserialize(before);

        Assert.Null(read.HarvesterDisclosure);
        Assert.Equal(EventJson.Serialize(NgocLinh.Harvest()), EventJson.Serialize(read));
        Assert.Equal("A Thị Bến", Ilmd(read)["tr:harvester"]!.GetValue<string>());
    }

    [Fact]
    public void ABatchViewKeepsItsHarvestsChoice()
    {
        var harvest = NgocLinh.Harvest() with { HarvesterDisclosure = Withheld };

        var view = BatchView.Fold(null, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(1, harvest), _ => [])!;

        Assert.Equal(Withheld, view.Origin.HarvesterDisclosure);
        Assert.Equal("A Thị Bến", view.Origin.Harvester);
    }
}
