using System.Text.Json.Nodes;

namespace Traceability.Epcis.Tests;

/// <summary>
/// A drying step's sensor log and shipment of Ngọc Linh ginseng, written in different but
/// equivalent ways, and the parts of the pre-hash string each field becomes.
/// </summary>
public sealed class EventShapeTests
{
    private const string Context = """["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ocop": "https://ocop.example.vn/epcis/"}]""";

    private static JsonObject Event(string json) => JsonNode.Parse(json)!.AsObject();

    private static string Hash(string json) => EventHash.Compute(Event(json), JsonNode.Parse(Context));

    private static string PreHash(string json) => EventHash.PreHash(Event(json), JsonNode.Parse(Context));

    [Fact]
    public void CuriesFullUrisAndOldUrnsHashAlike()
    {
        var bare = Hash("""
            {"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00+07:00","eventTimeZoneOffset":"+07:00",
             "epcList":["urn:epc:id:sgtin:8936204.000114.7"],"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",
             "bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:8936204000008:PO-1"}],
             "sensorElementList":[{"sensorReport":[{"type":"Temperature","value":21.5,"uom":"CEL"}]}],
             "ocop:dryingBatch":"B-2026-03"}
            """);
        var expanded = Hash("""
            {"ocop:dryingBatch":"B-2026-03","type":"ObjectEvent","eventTime":"2026-03-01T01:00:00Z","eventTimeZoneOffset":"+07:00",
             "epcList":["https://id.gs1.org/01/08936204001142/21/7"],"action":"OBSERVE",
             "bizStep":"https://ref.gs1.org/cbv/BizStep-shipping","disposition":"urn:epcglobal:cbv:disp:in_transit",
             "bizTransactionList":[{"bizTransaction":"urn:epcglobal:cbv:bt:8936204000008:PO-1","type":"cbv:BTT-po"}],
             "sensorElementList":[{"sensorReport":[{"uom":"CEL","value":21.50,"type":"gs1:Temperature"}]}]}
            """);
        var fullKeys = Hash("""
            {"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00",
             "epcList":["https://shop.example.vn/01/8936204001142/21/7?utm=1"],"action":"OBSERVE",
             "bizStep":"cbv:BizStep-shipping","disposition":"https://ref.gs1.org/cbv/Disp-in_transit",
             "bizTransactionList":[{"type":"urn:epcglobal:cbv:btt:po","bizTransaction":"urn:epcglobal:cbv:bt:8936204000008:PO-1"}],
             "sensorElementList":[{"sensorReport":[{"type":"https://gs1.org/voc/Temperature","value":"21.5","uom":"CEL"}]}],
             "https://ocop.example.vn/epcis/dryingBatch":" B-2026-03 "}
            """);

        Assert.Equal(bare, expanded);
        Assert.Equal(bare, fullKeys);
    }

    [Fact]
    public void EpcUrnsAndDigitalLinksHashAlike()
    {
        var urns = Hash("""
            {"type":"AggregationEvent","eventTime":"2026-03-02T10:00:00Z","eventTimeZoneOffset":"+07:00","parentID":"urn:epc:id:sscc:8936204.0000000017",
             "childEPCs":["urn:epc:id:sgtin:8936204.000114.1","urn:epc:id:sgtin:8936204.000114.2"],"action":"ADD",
             "readPoint":{"id":"urn:epc:id:sgln:8936204.00001.0"},"childQuantityList":[{"epcClass":"urn:epc:class:lgtin:8936204.000114.NL-2026-031","quantity":12}]}
            """);
        var links = Hash("""
            {"type":"AggregationEvent","eventTime":"2026-03-02T10:00:00Z","eventTimeZoneOffset":"+07:00","parentID":"https://id.gs1.org/00/089362040000000176",
             "childEPCs":["https://id.gs1.org/01/08936204001142/21/2","https://id.gs1.org/01/08936204001142/21/1"],"action":"ADD",
             "readPoint":{"id":"https://id.gs1.org/414/8936204000015"},"childQuantityList":[{"epcClass":"https://id.gs1.org/01/08936204001142/10/NL-2026-031","quantity":12.0}]}
            """);

        Assert.Equal(urns, links);
    }

    [Fact]
    public void SensorElementsListMetadataThenSortedReportsThenTheirExtensions()
    {
        var preHash = PreHash("""
            {"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00","action":"OBSERVE",
             "sensorElementList":[
               {"sensorMetadata":{"ocop:dryer":"D-2","time":"2026-03-01T07:59:00.0004Z","deviceID":"urn:epc:id:giai:8936204.DRY2"},
                "sensorReport":[{"type":"RelativeHumidity","value":40,"uom":"A93"},{"ocop:probe":"top","type":"Temperature","minValue":55.0,"maxValue":61.2,"uom":"CEL"}],
                "ocop:note":"drying room 2"}]}
            """);

        Assert.EndsWith(
            "sensorElementList"
            + "sensorElement"
            + "sensorMetadatatime=2026-03-01T07:59:00.000ZdeviceID=https://id.gs1.org/8004/8936204DRY2{https://ocop.example.vn/epcis/}dryer=D-2"
            + "sensorReporttype=https://gs1.org/voc/RelativeHumidityvalue=40uom=A93"
            + "sensorReporttype=https://gs1.org/voc/TemperatureminValue=55maxValue=61.2uom=CEL{https://ocop.example.vn/epcis/}probe=top"
            + "{https://ocop.example.vn/epcis/}note=drying room 2",
            preHash);
    }

    [Fact]
    public void FieldsFollowTheCanonicalOrderAndExtensionsComeLastSorted()
    {
        var preHash = PreHash("""
            {"ocop:zeta":{"ocop:b":"2","ocop:a":["3","1"]},"ocop:alpha":"x","ilmd":{"ocop:harvestArea":"TK123","cbvmda:lotNumber":"NL-2026-031"},
             "persistentDisposition":{"unset":["completeness_inferred"],"set":["completeness_verified"]},
             "bizLocation":{"id":"urn:epc:id:sgln:8936204.00001.0"},"readPoint":{"id":"urn:epc:id:sgln:8936204.00001.5","ocop:bay":"3"},
             "sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:8936204.00000"}],
             "destinationList":[{"type":"owning_party","destination":"urn:epc:id:pgln:8936204.00001"}],
             "disposition":"active","bizStep":"commissioning","transformationID":"urn:epc:id:gdti:8936204.00001.T1",
             "outputQuantityList":[{"epcClass":"urn:epc:idpat:sgtin:8936204.000114.*","quantity":3.50,"uom":"KGM"}],
             "inputEPCList":["urn:epc:id:sgtin:8936204.000114.9"],"eventTimeZoneOffset":"+07:00","eventTime":"2026-03-01T08:00:00Z",
             "type":"TransformationEvent","eventID":"urn:uuid:1","recordTime":"2026-03-01T09:00:00Z"}
            """);

        Assert.Equal(
            "eventType=TransformationEventeventTime=2026-03-01T08:00:00.000ZeventTimeZoneOffset=+07:00"
            + "inputEPCListepc=https://id.gs1.org/01/08936204001142/21/9"
            + "outputQuantityListquantityElementepcClass=https://id.gs1.org/01/08936204001142quantity=3.5uom=KGM"
            + "transformationID=https://id.gs1.org/253/8936204000015T1"
            + "bizStep=https://ref.gs1.org/cbv/BizStep-commissioningdisposition=https://ref.gs1.org/cbv/Disp-active"
            + "persistentDispositionset=https://ref.gs1.org/cbv/Disp-completeness_verifiedunset=https://ref.gs1.org/cbv/Disp-completeness_inferred"
            + "readPointid=https://id.gs1.org/414/8936204000015/254/5{https://ocop.example.vn/epcis/}bay=3"
            + "bizLocationid=https://id.gs1.org/414/8936204000015"
            + "destinationListtype=https://ref.gs1.org/cbv/SDT-owning_partydestination=https://id.gs1.org/417/8936204000015"
            + "sourceListtype=https://ref.gs1.org/cbv/SDT-owning_partysource=https://id.gs1.org/417/8936204000008"
            + "ilmd{https://ocop.example.vn/epcis/}harvestArea=TK123{urn:epcglobal:cbv:mda:}lotNumber=NL-2026-031"
            + "{https://ocop.example.vn/epcis/}alpha=x"
            + "{https://ocop.example.vn/epcis/}zeta{https://ocop.example.vn/epcis/}a=1{https://ocop.example.vn/epcis/}a=3{https://ocop.example.vn/epcis/}b=2",
            preHash);
    }

    [Fact]
    public void AnErrorDeclarationFollowsTheEventTime()
    {
        var preHash = PreHash("""
            {"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00","action":"OBSERVE",
             "errorDeclaration":{"declarationTime":"2026-03-02T08:00:00+07:00","reason":"incorrect_data",
               "correctiveEventIDs":["urn:uuid:b","urn:uuid:a"],"ocop:by":"inspector"}}
            """);

        Assert.Equal(
            "eventType=ObjectEventeventTime=2026-03-01T08:00:00.000ZeventTimeZoneOffset=+07:00"
            + "errorDeclarationdeclarationTime=2026-03-02T01:00:00.000Zreason=https://ref.gs1.org/cbv/ER-incorrect_data"
            + "correctiveEventIDscorrectiveEventID=urn:uuid:acorrectiveEventID=urn:uuid:b"
            + "action=OBSERVE"
            + "errorDeclaration{https://ocop.example.vn/epcis/}by=inspector",
            preHash);
    }

    [Fact]
    public void AnEventsOwnContextAddsPrefixes()
    {
        var withOwn = EventHash.PreHash(Event("""{"@context":[{"hg":"https://hg.example.vn/"}],"type":"ObjectEvent","hg:crate":"7"}"""));

        Assert.Equal("eventType=ObjectEvent{https://hg.example.vn/}crate=7", withOwn);
    }

    [Fact]
    public void TheHashIdIsTheSha256OfThePreHashAsAnNiUri()
    {
        var id = EventHash.FromPreHash("eventType=ObjectEvent");

        Assert.Matches("^ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0$", id);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("eventType=ObjectEvent"u8), EventHash.Digest(id));
    }

    [Theory]
    [InlineData("ni:///sha-256;abc?ver=CBV2.0")]
    [InlineData("ni:///sha-384;25be54b3d29f31ef9b4e62d62e7610f5d186369ba6eabb5e70ba9884153792a7?ver=CBV2.0")]
    [InlineData("ni:///sha-256;25BE54B3D29F31EF9B4E62D62E7610F5D186369BA6EABB5E70BA9884153792A7?ver=CBV2.0")]
    [InlineData("ni:///sha-256;25be54b3d29f31ef9b4e62d62e7610f5d186369ba6eabb5e70ba9884153792a7")]
    [InlineData("ni:///sha-256;25be54b3d29f31ef9b4e62d62e7610f5d186369ba6eabb5e70ba9884153792a7?ver=2.0")]
    public void ADigestIsOnlyReadFromAWellFormedHashId(string notAHashId) =>
        Assert.Throws<FormatException>(() => EventHash.Digest(notAHashId));

    [Fact]
    public void AnEventWithoutATypeCannotBeHashed() =>
        Assert.Throws<FormatException>(() => EventHash.Compute(Event("""{"eventTime":"2026-03-01T08:00:00Z"}""")));

    [Fact]
    public void BareEventsAndArraysOfEventsAreDocumentsToo()
    {
        Assert.Single(EpcisDocuments.Events(JsonNode.Parse("""{"type":"ObjectEvent","action":"OBSERVE"}""")!));
        Assert.Equal(2, EpcisDocuments.Events(JsonNode.Parse("""[{"type":"ObjectEvent"},{"type":"AssociationEvent"}]""")!).Count);
        Assert.Throws<FormatException>(() => EpcisDocuments.Events(JsonNode.Parse("""{"hello":"world"}""")!));
    }
}
