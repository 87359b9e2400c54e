using System.Text.Json.Nodes;
using Traceability.Events;
using Traceability.Events.Epcis;

namespace Traceability.Epcis.Tests;

/// <summary>
/// Recalls and withdrawals as EPCIS 2.0 ObjectEvents: what a partner's EPCIS tool reads in them
/// (the lot's class, CBV bizStep <c>holding</c>, disposition <c>recalled</c> or
/// <c>non_sellable_other</c>), and that the decision (kind, reason, time, facility) is in the
/// part the hash ID covers, so the banner a buyer sees is tamper-evident.
/// </summary>
public sealed class RecallEventRenderingTests
{
    private static readonly LotRecalled Withdrawal = (LotRecalled)RenderedEvents.Named["withdrawal"];

    private static readonly LotRecalled Recall = (LotRecalled)RenderedEvents.Named["recall-escaped"];

    private static JsonObject Render(FacilityEvent e) => EpcisRendering.ToJson(e, RenderedEvents.RecordedAt);

    private static string HashId(FacilityEvent e) => EpcisRendering.Identified(e, RenderedEvents.RecordedAt).EventId;

    [Fact]
    public void AWithdrawalIsAHoldingObservationOfTheLotNoLongerSellable_WhenItWasDecided()
    {
        var json = Render(Withdrawal);

        Assert.Equal("ObjectEvent", (string?)json["type"]);
        Assert.Equal("OBSERVE", (string?)json["action"]);
        Assert.Equal("holding", (string?)json["bizStep"]);
        Assert.Equal("non_sellable_other", (string?)json["disposition"]);
        Assert.Equal("2026-07-29T07:00:00.000Z", (string?)json["eventTime"]);
        Assert.Equal("+07:00", (string?)json["eventTimeZoneOffset"]);
        Assert.Equal(EpcisVocabulary.Facility("HKD-THANHPHAT-DG"), (string?)json["readPoint"]!["id"]);
        Assert.Equal(EpcisVocabulary.Facility("HKD-THANHPHAT-DG"), (string?)json["tr:facility"]);
        Assert.Equal("Withdrawal", (string?)json["tr:recallKind"]);
        Assert.Equal(Withdrawal.Reason, (string?)json["tr:reason"]);
        Assert.Null(json["ilmd"]);
        Assert.Null(json["bizLocation"]);
    }

    [Fact]
    public void ARecallIsDispositionRecalled() =>
        Assert.Equal("recalled", (string?)Render(Recall)["disposition"]);

    [Fact]
    public void TheLotIsNamedByItsDigitalLinkClass_AsPackingNamesIt_WithoutAQuantity()
    {
        var quantity = Assert.Single(Render(Recall)["quantityList"]!.AsArray())!;
        var packedClass = Render(RenderedEvents.Named["lot-escaped"])["outputQuantityList"]![0]!["epcClass"];

        Assert.Equal("https://id.gs1.org/01/08938742000410/10/DC%202026%2F007%2BA", (string?)quantity["epcClass"]);
        Assert.Equal((string?)packedClass, (string?)quantity["epcClass"]);
        // The decision covers the whole lot: it does not count units.
        Assert.Null(quantity["quantity"]);
        Assert.Null(Render(Recall)["epcList"]);
    }

    [Fact]
    public void AnUnknownKindCannotBeRendered() =>
        Assert.Throws<ArgumentException>(() => Render(Withdrawal with { Kind = (RecallKind)7 }));

    [Fact]
    public void TheKindTheReasonTheTimeAndTheLotArePartOfTheHashId()
    {
        var original = HashId(Withdrawal);

        Assert.NotEqual(original, HashId(Withdrawal with { Kind = RecallKind.Recall }));
        Assert.NotEqual(original, HashId(Withdrawal with { Reason = Withdrawal.Reason + "." }));
        Assert.NotEqual(original, HashId(Withdrawal with { DecidedAt = Withdrawal.DecidedAt.AddSeconds(1) }));
        Assert.NotEqual(original, HashId(Withdrawal with { LotCode = "TP-2026-022" }));
        Assert.NotEqual(original, HashId(Withdrawal with { FacilityId = "HTX-NGOCLINH-DG" }));
    }

    [Fact]
    public void TheBizStepDispositionAndReasonAreCanonicalisedAsCbvTermsAndAnExtension()
    {
        var preHash = EventHash.PreHash(Render(Withdrawal));

        Assert.Contains("quantityListquantityElementepcClass=https://id.gs1.org/01/08938517000225/10/TP-2026-021", preHash, StringComparison.Ordinal);
        Assert.Contains("action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-holdingdisposition=https://ref.gs1.org/cbv/Disp-non_sellable_other", preHash, StringComparison.Ordinal);
        Assert.Contains("{https://id.traceability.vn/voc/}reason=Mẻ sấy TP-S-2026-007", preHash, StringComparison.Ordinal);
        Assert.Contains("disposition=https://ref.gs1.org/cbv/Disp-recalled", EventHash.PreHash(Render(Recall)), StringComparison.Ordinal);
    }

    [Fact]
    public void APartnerWritingTheWithdrawalWithUrnsAndFullUris_ComputesTheSameHashId()
    {
        // The same event as a partner's EPCIS tool might write it: the lot as an LGTIN URN, CBV
        // terms as full URIs, the extensions with the namespace spelt out, fields in another order.
        var partner = JsonNode.Parse("""
            {
              "type": "ObjectEvent",
              "action": "OBSERVE",
              "eventTimeZoneOffset": "+07:00",
              "eventTime": "2026-07-29T14:00:00+07:00",
              "disposition": "https://ref.gs1.org/cbv/Disp-non_sellable_other",
              "bizStep": "urn:epcglobal:cbv:bizstep:holding",
              "quantityList": [ { "epcClass": "urn:epc:class:lgtin:8938517.000022.TP-2026-021" } ],
              "readPoint": { "id": "https://id.traceability.vn/facility/HKD-THANHPHAT-DG" },
              "https://id.traceability.vn/voc/reason": "Mẻ sấy TP-S-2026-007 quá nhiệt (68 °C, 25 phút) ngày 19/07/2026; thu hồi khỏi quầy để kiểm tra lại",
              "https://id.traceability.vn/voc/recallKind": "Withdrawal",
              "https://id.traceability.vn/voc/facility": "https://id.traceability.vn/facility/HKD-THANHPHAT-DG"
            }
            """)!.AsObject();

        Assert.Equal(HashId(Withdrawal), EventHash.Compute(partner));
    }
}
