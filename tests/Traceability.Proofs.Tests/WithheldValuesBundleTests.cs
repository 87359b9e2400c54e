using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Traceability.Disclosure;
using Traceability.Events;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Persistence.Tests.Ledger;

namespace Traceability.Proofs.Tests;

/// <summary>
/// The bundle of a lot whose producers withhold values is public as it is: its events carry only
/// the digests of the withheld values (and a generalised outline), verify unchanged, and each
/// digest is the one an inspector recomputes from the value and its salt.
/// </summary>
public sealed class WithheldValuesBundleTests : IDisposable
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StoreFolder _folder = new();

    private readonly IReadOnlyList<FacilityEvent> _facts = OcopChain.WithheldFacts();

    public void Dispose() => _folder.Dispose();

    private async Task<(ProofBundle Bundle, string Key)> BuiltAsync()
    {
        await OcopChain.CreateAsync(_folder.StoreFile, _facts);
        return await BundleFixture.BuildAsync(_folder, record: false);
    }

    private static JsonObject Ilmd(ProofBundle bundle, string record) =>
        (JsonObject)bundle.Events.Single(e => e.Record == record).Event["ilmd"]!;

    [Fact]
    public async Task TheBundleVerifiesAndHoldsNoWithheldValue()
    {
        var (bundle, key) = await BuiltAsync();

        var report = BundleVerifier.Verify(bundle, key);

        Assert.True(report.Verified, string.Join('\n', report.Failures));
        var text = string.Join('\n', bundle.Events.Select(e => e.Event.ToJsonString(Relaxed)));
        string[] names = ["A Thị Bến", "Y Thị Lan", "Y Thị Hoa"];
        Assert.All(names, name => Assert.DoesNotContain(name, text, StringComparison.Ordinal));
        var area = _facts.OfType<AreaRegistered>().Single();
        Assert.All(area.Boundary.SelectMany(p => new[] { p.Latitude, p.Longitude }),
            c => Assert.DoesNotContain(c.ToString("R", CultureInfo.InvariantCulture), text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachDigestIsTheValueUnderItsStoredSalt()
    {
        var (bundle, _) = await BuiltAsync();
        var harvest = _facts.OfType<BatchHarvested>().First(h => h.BatchId == OcopChain.FirstHarvest);
        var drying = _facts.OfType<StepRecorded>().Single();
        var area = _facts.OfType<AreaRegistered>().Single();

        Assert.Equal(Commitment.Digest(harvest.HarvesterDisclosure!.Salt!, "A Thị Bến"), Ilmd(bundle, $"batch:{OcopChain.FirstHarvest}")["tr:harvesterDigest"]!.GetValue<string>());
        Assert.Equal(Commitment.Digest(drying.OperatorDisclosure!.Salt!, "Y Thị Hoa"), Ilmd(bundle, $"step:{OcopChain.DryingStep}")["tr:operatorDigest"]!.GetValue<string>());
        var areaIlmd = Ilmd(bundle, $"area:{OcopChain.ForestLot}");
        Assert.Equal(Commitment.Digest(area.OutlineDisclosure!.Salt!, Outline.CanonicalText(area.Boundary)), areaIlmd["tr:exactBoundaryDigest"]!.GetValue<string>());
        Assert.Equal(Commitment.Digest(area.OwnerDisclosure!.Salt!, area.Owner), areaIlmd["tr:ownerDigest"]!.GetValue<string>());
        Assert.Equal(Outline.Generalise(area.Boundary).Length, areaIlmd["tr:boundary"]!.AsArray().Count);
    }

    [Fact]
    public async Task WhenAWithheldHarvestersDigestIsReplacedInTheBundle_TheHarvestIsSaidToBeAltered()
    {
        var (bundle, key) = await BuiltAsync();
        var guessed = Commitment.Digest(Commitment.NewSalt(), "Y Thị Lan");

        var report = BundleVerifier.Verify(BundleFixture.Edited(bundle, b =>
            BundleFixture.EventOf(b, $"batch:{OcopChain.FirstHarvest}")["event"]!["ilmd"]!["tr:harvesterDigest"] = guessed), key);

        Assert.False(report.Verified);
        Assert.Contains(report.Failures, f => f.Subject.Contains($"batch:{OcopChain.FirstHarvest}", StringComparison.Ordinal)
            && f.Statement.Contains("the event was altered after it was recorded", StringComparison.Ordinal));
    }
}
