using System.Text.Json;
using Json.Schema;
using Traceability.Events.Epcis;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Persistence.Tests.Ledger;

namespace Traceability.Proofs.Tests;

/// <summary>A real bundle of a lot packed by one facility from a batch another facility harvested and dried.</summary>
public sealed class BundleBuildingTests : IDisposable
{
    /// <summary>docs/proof-bundle.schema.json, loaded once: the schema registry refuses a second schema of the same $id.</summary>
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "proof-bundle.schema.json")));

    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WhenALotIsTracedAcrossTwoFacilities_TheBundleHoldsItsWholeBackwardTraceProvedInBothLogs()
    {
        var (bundle, _) = await BundleFixture.BuildAsync(_folder);

        Assert.Equal(ProofBundle.FormatV1, bundle.Format);
        Assert.Equal(new BundleLot(OcopChain.Gtin, OcopChain.LotCode, EpcisVocabulary.Lot(OcopChain.Gtin, OcopChain.LotCode)), bundle.Lot);
        // Every event but the third harvest, which the lot does not come from, in store order.
        Assert.Equal(
            [
                $"facility:{OcopChain.Grower}", $"site:{OcopChain.DryingHouse}", $"area:{OcopChain.ForestLot}", $"facility:{OcopChain.Packer}",
                $"batch:{OcopChain.FirstHarvest}", $"batch:{OcopChain.SecondHarvest}", $"product:{OcopChain.Gtin}", $"step:{OcopChain.DryingStep}",
                $"site:{OcopChain.PackingHouse}", $"lot:{OcopChain.Gtin}/{OcopChain.LotCode}",
            ],
            bundle.Events.Select(e => e.Record));
        Assert.Equal([(OcopChain.Packer, OcopChain.PackerLeaves), (OcopChain.Grower, OcopChain.GrowerLeaves)], bundle.Checkpoints.Select(c => (c.Facility, c.Size)));
        Assert.All(bundle.Events, e => Assert.Equal(e.Facility == OcopChain.Grower ? OcopChain.GrowerLeaves : OcopChain.PackerLeaves, e.TreeSize));
        Assert.Equal(ProofBundle.NotAnchored, bundle.AnchorStatus);
    }

    [Fact]
    public async Task WhenTheBundleIsVerifiedWithTheStoresKey_EveryFindingHolds()
    {
        var (bundle, key) = await BundleFixture.BuildAsync(_folder);

        var report = BundleVerifier.Verify(ProofBundle.Parse(bundle.ToJson()), key);

        Assert.True(report.Verified, string.Join('\n', report.Failures));
        Assert.Contains(report.Findings, f => f.Subject == "key" && f.Statement.Contains("the given key", StringComparison.Ordinal));
        Assert.Equal(bundle.Events.Count, report.Findings.Count(f => f.Subject.StartsWith("event ", StringComparison.Ordinal)));
        Assert.Contains(report.Findings, f => f.Subject == "lot" && f.Statement.Contains("(10 events)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheBundleIsVerifiedWithoutAKey_ItVerifiesWithTheKeyItNamesAndSaysSo()
    {
        var (bundle, key) = await BundleFixture.BuildAsync(_folder);

        var report = BundleVerifier.Verify(bundle);

        Assert.True(report.Verified, string.Join('\n', report.Failures));
        Assert.Equal(key, bundle.SigningKey);
        Assert.Contains(report.Findings, f => f.Subject == "key" && f.Statement.Contains("the key the bundle names", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheBundleIsWrittenOut_ItsJsonMatchesThePublishedSchemaAndReadsBackTheSame()
    {
        var (bundle, _) = await BundleFixture.BuildAsync(_folder);
        var json = bundle.ToJson();

        using var document = JsonDocument.Parse(json);
        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        Assert.True(result.IsValid, string.Join('\n', (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
        Assert.Equal(json, ProofBundle.Parse(json).ToJson());
    }

    [Fact]
    public async Task WhenTheBundleBreaksTheSchema_TheSchemaCheckSeesIt()
    {
        // The schema check is not vacuous: a bundle with a short GTIN and no events is refused.
        var (bundle, _) = await BundleFixture.BuildAsync(_folder);
        var json = System.Text.Json.Nodes.JsonNode.Parse(bundle.ToJson())!.AsObject();
        json["lot"]!["gtin"] = "8936012345672";
        json["events"] = new System.Text.Json.Nodes.JsonArray();

        using var document = JsonDocument.Parse(json.ToJsonString());

        Assert.False(Schema.Evaluate(document.RootElement).IsValid);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("{\"format\": \"https://id.traceability.vn/proof-bundle/v1\", \"lot\": {\"gtin\": 8936}}", "$.lot.gtin")]
    [InlineData("{\"format\": \"https://id.traceability.vn/proof-bundle/v1\", \"events\": [{\"eventId\": \"x\", \"leafIndex\": \"three\"}]}", "$.events[0].leafIndex")]
    [InlineData("{\"format\": \"x\", \"lot\": ", "$.lot")]
    [InlineData("{\"format\": \"https://id.traceability.vn/proof-bundle/v1\"}", "")]
    [InlineData("[1, 2]", "")]
    public void WhenTheDocumentIsNotABundle_ParseThrowsAFormatExceptionNamingThePlace(string json, string place)
    {
        var exception = Assert.Throws<FormatException>(() => ProofBundle.Parse(json));

        Assert.StartsWith("Not a proof bundle", exception.Message, StringComparison.Ordinal);
        if (place.Length > 0)
        {
            Assert.Contains($" at {place}:", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WhenTheDocumentIsJsonNull_ParseSaysTheBundleIsEmpty()
    {
        var exception = Assert.Throws<FormatException>(() => ProofBundle.Parse("null"));

        Assert.Contains("empty", exception.Message, StringComparison.Ordinal);
    }
}
