using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Traceability.Epcis;

namespace Traceability.Web.Tests;

/// <summary>
/// The CBV 2.0 event hash computed in Debian's chromium by verify.js equals the C# <see cref="EventHash"/> on every
/// event the EPCIS tests use (the GS1 reference vectors and example documents, read from
/// tests/Traceability.Epcis.Tests/Fixtures where they are kept with their source and licence), on every event of the
/// demo lots' proof bundles, and on events made to reach each rule where .NET and JavaScript differ.
/// </summary>
[Collection(BrowserVerifierSuite.Name)]
public sealed class BrowserVerifierHashTests(BrowserVerifierServer site, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static string EpcisFixtures(string folder) =>
        Path.Combine(BrowserVerifierServer.RepositoryRoot(), "tests", "Traceability.Epcis.Tests", "Fixtures", folder);

    public static TheoryData<string> Vectors() =>
        [.. Directory.EnumerateFiles(EpcisFixtures("epcis-hash"), "*.jsonld").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Examples() =>
        [.. Directory.EnumerateFiles(EpcisFixtures("epcis-examples"), "*.jsonld", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(EpcisFixtures("epcis-examples"), path)).Order(StringComparer.Ordinal)];

    public static TheoryData<string, string> Lots()
    {
        var lots = new TheoryData<string, string>();
        foreach (var (gtin, lot) in BrowserVerifierServer.DemoLots)
        {
            lots.Add(gtin, lot);
        }

        return lots;
    }

    /// <summary>Each event's hash ID and pre-hash string in the browser, or "throws" and why, from the events' JSON text.</summary>
    private async Task<(string Id, string PreHash)[]> InBrowserAsync(IReadOnlyList<string> events)
    {
        var page = await site.VerifierPageAsync(chromium);
        try
        {
            var results = await page.EvaluateAsync<string[][]>(
                "texts => Promise.all(texts.map(t => traceVerify.eventHashId(t).then(id => [id, traceVerify.preHash(t)], e => ['throws', String(e.message)])))",
                events);
            return [.. results.Select(r => (r[0], r[1]))];
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static IReadOnlyList<JsonObject> EventsOf(string path) => EpcisDocuments.Events(EpcisDocuments.Parse(File.ReadAllText(path)));

    private static string[] Lines(string path) => [.. File.ReadAllLines(path).Where(line => line.Length > 0)];

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task EveryGs1ReferenceVectorHasTheReferencePreHashAndHashIdInTheBrowser(string vector)
    {
        var events = EventsOf(Path.Combine(EpcisFixtures("epcis-hash"), vector + ".jsonld"));

        var browser = await InBrowserAsync([.. events.Select(e => e.ToJsonString())]);

        Assert.Equal(Lines(Path.Combine(EpcisFixtures("epcis-hash"), vector + ".prehashes")), browser.Select(b => b.PreHash));
        Assert.Equal(Lines(Path.Combine(EpcisFixtures("epcis-hash"), vector + ".hashes")), browser.Select(b => b.Id));
        Assert.Equal(events.Select(e => EventHash.Compute(e)), browser.Select(b => b.Id));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task EveryEventOfEveryGs1ExampleHashesInTheBrowserAsInCSharp(string example)
    {
        var events = EventsOf(Path.Combine(EpcisFixtures("epcis-examples"), example));

        var browser = await InBrowserAsync([.. events.Select(e => e.ToJsonString())]);

        Assert.Equal(events.Select(e => EventHash.PreHash(e)), browser.Select(b => b.PreHash));
        Assert.Equal(events.Select(e => EventHash.Compute(e)), browser.Select(b => b.Id));
    }

    [Theory]
    [MemberData(nameof(Lots))]
    public async Task EveryEventOfADemoLotsBundleHasTheSameHashIdInTheBrowserAsInCSharp(string gtin, string lot)
    {
        var bundle = await site.BundleAsync(gtin, lot);
        var entries = JsonNode.Parse(bundle)!["events"]!.AsArray();
        var page = await site.VerifierPageAsync(chromium);
        string[] browser;
        try
        {
            // The events as objects, as JSON.parse makes them: the API's own form.
            browser = await page.EvaluateAsync<string[]>("text => Promise.all(JSON.parse(text).events.map(e => traceVerify.eventHashId(e.event)))", bundle);
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        var csharp = entries.Select(e => EventHash.Compute(e!["event"]!.AsObject())).ToArray();
        Assert.True(csharp.Length > 5);
        Assert.Equal(entries.Select(e => e!["eventId"]!.GetValue<string>()), csharp);
        Assert.Equal(csharp, browser);
    }

    /// <summary>Events that reach each rule where .NET and JavaScript differ, or where the hash keeps something as written.</summary>
    public static TheoryData<string, string> EdgeEvents()
    {
        static string Event(string fields) => $$"""{"type":"ObjectEvent","action":"OBSERVE","@context":{"ex":"https://example.com/ns#"},{{fields}}}""";
        (string Rule, string Json)[] events =
        [
            ("numbers through a double", Event("""
                "ex:n":[1.0, 0.50, 1e-7, 0.00001, 0.0001, 1234567890123456.5, 1e21, 12345678901234567890, -0, 1e400, 0.1, 100,
                  1.5e300, 3.14159265358979, 5e-324, 1.7976931348623157e308, 123456789012345, 1234567890123456, 0.30000000000000004,
                  9007199254740993, -2.5e-5, 0.000123, 12.340, 1E5, -1],
                "ex:s":["1.0", "+5", ".5", "5.", "-0.0", "2.5E-5", "1e+21", "0x10", "Infinity", "1_000", " 7 ", "007", "0.10"]
                """)),
            ("timestamps", Event("""
                "eventTime":["2026-02-10T07:30:00+07:00", "2026-02-10T07:30:00.12345-05:30", "2026-02-10t07:30:00.9995Z",
                  "2026-02-30T00:00:00Z", "2026-02-10T07:30:00", " 2026-02-10T07:30:00.000Z ", "2026-02-10T07:30:00+0700",
                  "2024-02-29T23:59:59.9999+14:00", "0001-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-02-10T07:30:00.1Z",
                  "2026-02-10T24:00:00Z", "2100-02-29T00:00:00Z", "2000-02-29T12:00:00-12:00", 1.0, 20260210, true]
                """)),
            ("a timestamp past the year 9999", Event("""
                "eventTime":"9999-12-31T23:59:59.9999Z"
                """)),
            ("a timestamp before the year 1", Event("""
                "eventTime":"0001-01-01T00:00:00+01:00"
                """)),
            ("a timestamp in other digits", Event("""
                "eventTime":"\u0662\u0660\u0662\u0666-02-10T07:30:00Z"
                """)),
            ("whitespace .NET trims", Event("""
                "ex:w":["\u0085a\u0085", "\ufeffb", "\u3000c\u3000", "\u180ed", " \t e \r\n", "\u00a0\u2000f\u205f"], "type":"  ObjectEvent\u2028"
                """)),
            ("EPC URIs", Event("""
                "epcList":["urn:epc:id:sgtin:0614141.812345.6789", "urn:epc:id:sgtin:0614141.812345.ABC%2Fx!y(z)", "urn:epc:id:sscc:0614141.1234567890",
                  "urn:epc:id:sgln:0614141.12345.0", "urn:epc:id:sgln:0614141.12345.5678", "urn:epc:id:grai:0614141.12345.400",
                  "urn:epc:id:giai:0614141.12345ABC", "urn:epc:id:gsrn:0614141.1234567890", "urn:epc:id:gsrnp:0614141.1234567890",
                  "urn:epc:id:gdti:0614141.12345.400", "urn:epc:id:gdti:0614141.12345.", "urn:epc:id:cpi:0614141.123ABC.123456789",
                  "urn:epc:id:sgcn:4012345.67890.04711", "urn:epc:id:ginc:0614141.xyz3311cba", "urn:epc:id:gsin:0614141.123456789",
                  "urn:epc:id:itip:4012345.012345.01.02.987", "urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB",
                  "urn:epc:id:pgln:1234567.89012", "urn:epc:class:lgtin:4012345.012345.998877", "urn:epc:idpat:sgtin:4012345.012345.*",
                  "urn:epc:idpat:grai:4012345.12345.*", "urn:epc:idpat:gdti:4012345.12345.*", "urn:epc:idpat:sgcn:4012345.12345.*",
                  "urn:epc:idpat:cpi:4012345.ABC-1.*", "urn:epc:idpat:itip:4012345.012345.01.02.*", "urn:epc:idpat:upui:4012345.012345.*",
                  "urn:epc:id:sgtin:0614141.81234.6789", "urn:epc:id:sgtin:06141.812345.6789", "urn:epc:id:unknown:1.2",
                  "urn:epc:id:sscc:0614141.12345678901", "urn:epc:idpat:sgtin:4012345.012345", "urn:epc:id:sgtin:0614141.812345.",
                  "urn:epc:id:itip:4012345.012345.1.02.987", "urn:epc:id:sgtin:0614141.812345.123456789012345678901",
                  "urn:epc:id:giai:061414112345.1234567890123456789", "urn:epc:id:sgtin:0614141.812345.67\u000a89", "urn:epc:idpat:sgtin:.*",
                  "urn:epc:id:cpi:0614141.123abc.1", "urn:epc:id:sgtin", "urn:epc:class:lgtin:4012345.012345"]
                """)),
            ("Digital Links", Event("""
                "epcList":["https://id.gs1.org/01/09506000134352/10/ABC?x=1#f", "https://example.com/gtin/9506000134352/lot/ABC",
                  "http://example.com/a/b/01/12345670/21/S1/10/L1", "https://x.example/01/09506000134352/235/TPX1/10/L",
                  "https://x.example/414/9520123456788/254/1", "https://x.example/00/106141411234567897", "https://x.example/8010/0614141ABC/8011/123",
                  "https://x.example/8006/095060001343521201/21/S", "https://x.example/253/4012345000054987", "https://x.example/8003/04012345000050ABC",
                  "https://x.example/01/09506000134352/10/A!B", "https://x.example/01/09506000134352/10", "https://x.example/01/0950600013435",
                  "https://x.example/01/\u0660\u0669\u0665\u0660\u0666\u0660\u0660\u0660\u0661\u0663\u0664\u0663\u0665\u0662",
                  "https://x.example/01/09506000134352\n/10/A", "https://x.example/gtin/9506000134352?lot=1", "https://id.traceability.vn/batch/NL-H-2026-001",
                  "https://x.example/417/9520123456788", "https://x.example/8004/0614141ABC", "https://x.example/8017/061414112345678901",
                  "https://x.example/255/401234567890304711", "https://x.example/402/06141411234567890", "https://x.example/401/0614141xyz",
                  "https://x.example//01//09506000134352//21//S", "https://x.example/01/09506000134352/99/x", "https://x.example/01/abcd",
                  "https://x.example/01/1234", "http://x.example?01/09506000134352", "https://x.example/8010/0614141abc/8011/1"],
                "ex:link":"https://example.com/01/9506000134352"
                """)),
            ("vocabulary", Event("""
                "bizStep":["shipping", "cbv:BizStep-receiving", "urn:epcglobal:cbv:bizstep:packing", "drying", "https://ref.gs1.org/cbv/BizStep-storing"],
                "disposition":"in_transit", "persistentDisposition":{"set":["completeness_verified"], "unset":["urn:epcglobal:cbv:disp:active", "x"]},
                "bizTransactionList":[{"type":"po", "bizTransaction":"urn:epcglobal:cbv:bt:0614141073467:1152"}, {"bizTransaction":"http://t.example/po/1"},
                  {"type":"urn:epcglobal:cbv:btt:inv", "bizTransaction":"x"}, {}],
                "sourceList":[{"type":"owning_party", "source":"urn:epc:id:pgln:1234567.89012"}, {"type":"cbv:SDT-location", "source":"urn:epc:id:sgln:0614141.12345.0"}],
                "destinationList":[{"type":"urn:epcglobal:cbv:sdt:possessing_party", "destination":"https://x.example/417/9520123456788"}],
                "ex:v":["gs1:Temperature", "cbv:Disp-x", "ex:local", "rdfs:label", "owl://x", "unknown:thing", "cbvmda:lotNumber"]
                """)),
            ("extension keys", Event("""
                "https://ns.example.com/voc#term":1, "http://ns.example.com/a/b":2, "urn:x:y:z":3, "http://a/":4, "unknown:term":5,
                "ftp://host":6, "URN:X:Y":7, "":8, "123":"n", "__proto__":"p", "ex:":9, "ex://x":10, "gs1:x":null, "ex:arr":[1, null, {"ex:in":"y"}, []],
                "ex:obj":{"ex:b":"2", "ex:a":{"ex:deep":["z", "y"]}, "@id":"ignored", "#text":"ignored", "comment":"ignored"}
                """)),
            ("code point order", Event("""
                "ex:o":["\ue000", "\ufffd", "\ud83d\ude00", "a", "\u00e9", "\uff21", "\ud800\udc00", "A"],
                "epcList":["\ue000x", "\ud83d\ude00x", "zz"]
                """)),
            ("lists, locations and sensors", Event("""
                "quantityList":[{"epcClass":["urn:epc:class:lgtin:4012345.012345.998877", "b"], "quantity":[2.0, 1], "uom":"KGM"}, {"quantity":5}, {}, null, [{"epcClass":"c"}]],
                "childQuantityList":{"epcClass":"d", "quantity":"1.50"},
                "readPoint":"urn:epc:id:sgln:0614141.00777.0", "bizLocation":{"id":["urn:epc:id:sgln:0614141.00888.0"], "ex:room":"B2", "ex:shelf":{"ex:n":3}},
                "sensorElementList":[{"sensorMetadata":{"time":"2026-02-10T07:30:00+07:00", "deviceID":"urn:epc:id:giai:4000001.111", "ex:m":"1", "bizRules":"https://x.example/r"},
                  "sensorReport":[{"type":"Temperature", "value":26.0, "uom":"CEL", "component":"x", "exception":"ALARM_CONDITION", "ex:r":"2"},
                    {"type":"gs1:RelativeHumidity", "minValue":12.10, "maxValue":"13", "time":"2026-02-10T07:31:00Z"}, {}],
                  "ex:own":"e"}, {"sensorReport":{"type":"Mass", "stringValue":"x"}}, {}],
                "errorDeclaration":{"declarationTime":"2026-02-11T00:00:00+07:00", "reason":"incorrect_data", "correctiveEventIDs":["urn:uuid:1", "urn:uuid:0"], "ex:why":"typo"},
                "ilmd":{"ex:lot":"L1", "cbvmda:bestBeforeDate":"2027-01-01", "ex:list":["b", "a"], "ex:nested":{"ex:x":1}},
                "certificationInfo":["https://cert.example/1", " "], "parentID":"urn:epc:id:sscc:0614141.1234567890", "transformationID":"urn:x:1"
                """)),
            ("contexts", """
                {"type":"ObjectEvent","@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", {"ex":{"@id":"https://ex.example/"}, "@vocab":"x", "gs1":"https://override.example/", "n":5}, "ignored"],
                 "ex:a":"gs1:Temperature", "gs1:key":"v", "cbv:key":"cbv:Disp-active"}
                """),
            ("a type that is a number", """{"type":7, "ex:a":"b"}"""),
            ("no type", """{"eventTime":"2026-02-10T07:30:00Z"}"""),
            ("a blank type", """{"type":" \u3000 "}"""),
        ];
        var data = new TheoryData<string, string>();
        foreach (var (rule, json) in events)
        {
            data.Add(rule, json);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EdgeEvents))]
    public async Task AnEventMadeToReachARuleHashesInTheBrowserAsInCSharp(string rule, string eventJson)
    {
        var epcisEvent = EpcisDocuments.Parse(eventJson).AsObject();
        string csharpId, csharpPreHash;
        try
        {
            csharpPreHash = EventHash.PreHash(epcisEvent);
            csharpId = EventHash.Compute(epcisEvent);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            (csharpId, csharpPreHash) = ("throws", e.Message);
        }

        var (id, preHash) = (await InBrowserAsync([eventJson]))[0];

        Assert.True(csharpId == id, $"{rule}:\n  C#:      {csharpId}\n  {csharpPreHash}\n  browser: {id}\n  {preHash}");
        if (id != "throws")
        {
            Assert.Equal(csharpPreHash, preHash);
        }
    }
}
