using System.Text.Json.Nodes;
using Traceability.Ledger;
using Traceability.Proofs;
using static Traceability.Web.Tests.BrowserVerifierBundles;

namespace Traceability.Web.Tests;

/// <summary>
/// <c>traceVerify.verifyBundle</c> in Debian's chromium against the C# <see cref="BundleVerifier"/>: the demo lots'
/// real bundles verify, and every bundle changed after it was built fails, naming the same event or checkpoint and
/// check in the same words as the C#.
/// </summary>
[Collection(BrowserVerifierSuite.Name)]
public sealed class BrowserVerifierBundleTests(BrowserVerifierServer site, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>No Ed25519 in WebCrypto, as in browsers before it shipped: importKey refuses the algorithm.</summary>
    public const string WithoutEd25519 = """
        (() => {
          const importKey = SubtleCrypto.prototype.importKey;
          SubtleCrypto.prototype.importKey = function (format, data, algorithm, ...rest) {
            const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
            return String(name).toLowerCase() === 'ed25519'
              ? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
              : importKey.call(this, format, data, algorithm, ...rest);
          };
        })();
        """;

    public static TheoryData<string, string> Lots()
    {
        var lots = new TheoryData<string, string>();
        foreach (var (gtin, lot) in BrowserVerifierServer.DemoLots)
        {
            lots.Add(gtin, lot);
        }

        return lots;
    }

    public static TheoryData<string> Tamperings() => [.. BrowserVerifierBundles.Tamperings.Keys];

    private Task<string> WineAsync() => site.BundleAsync(BrowserVerifierServer.Wine.Gtin, BrowserVerifierServer.Wine.Lot);

    private async Task<BrowserVerifierVerdict> VerifyInBrowserAsync(string bundle, string? key, string? initScript = null)
    {
        var page = await site.VerifierPageAsync(chromium, initScript);
        try
        {
            return await BrowserVerifierVerdict.OfAsync(page, bundle, key);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static void AssertFailsNaming(BrowserVerifierVerdict verdict, string subject, string statement)
    {
        Assert.False(verdict.Verified);
        Assert.True(
            verdict.Failures.Any(f => f.Subject.Contains(subject, StringComparison.Ordinal) && f.Statement.Contains(statement, StringComparison.Ordinal)),
            $"no failure about {subject} saying '{statement}' in:\n{string.Join('\n', verdict.Failures)}");
    }

    [Theory]
    [MemberData(nameof(Lots))]
    public async Task EveryDemoLotsBundleVerifiesInTheBrowserAsInCSharp(string gtin, string lot)
    {
        var bundle = await site.BundleAsync(gtin, lot);
        var page = await site.VerifierPageAsync(chromium);
        try
        {
            // As an object, the way a page that parsed the bundle itself would pass it.
            var verdict = BrowserVerifierVerdict.Parse(await page.EvaluateAsync<System.Text.Json.JsonElement>(
                "([text, key]) => traceVerify.verifyBundle(JSON.parse(text), key)", new object[] { bundle, site.VerifierKey }));

            Assert.True(verdict.Verified, string.Join('\n', verdict.Failures));
            Assert.Equal("verified", verdict.Signature);
            verdict.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(bundle), site.VerifierKey));
            var newest = ProofBundle.Parse(bundle).Checkpoints.Max(c => c.CutAt).UtcDateTime;
            Assert.Equal(newest.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), verdict.CheckpointAt);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task WhenTheBundleIsChanged_TheBrowserFailsItNamingTheChangeAsTheCSharpDoes(string change)
    {
        var tampering = BrowserVerifierBundles.Tamperings[change];
        var bundle = Edited(await WineAsync(), tampering.Edit);

        var verdict = await VerifyInBrowserAsync(bundle, site.VerifierKey);

        AssertFailsNaming(verdict, tampering.Subject, tampering.Statement);
        verdict.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(bundle), site.VerifierKey));
    }

    [Fact]
    public async Task WhenAWithdrawalIsListedUnderAFacilityThatDidNotPackTheLot_ItFailsAsInCSharp()
    {
        // The demo's bamboo-shoot lot TP-2026-021, withdrawn from the counter by Thành Phát, which packed it.
        var served = await site.BundleAsync("08938517000225", "TP-2026-021");
        var withdrawal = "lot:08938517000225/TP-2026-021";
        var bundle = Edited(served, b => b["events"]!.AsArray().OfType<JsonObject>()
            .Last(e => e["record"]!.GetValue<string>() == withdrawal)["facility"] = "CT-VINNATE-DG");

        var asServed = await VerifyInBrowserAsync(served, site.VerifierKey);
        var verdict = await VerifyInBrowserAsync(bundle, site.VerifierKey);

        Assert.True(asServed.Verified, string.Join('\n', asServed.Failures));
        asServed.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(served), site.VerifierKey));
        AssertFailsNaming(verdict, withdrawal, "it names facility https://id.traceability.vn/facility/HKD-THANHPHAT-DG but sits in the log of 'CT-VINNATE-DG'");
        AssertFailsNaming(verdict, withdrawal, "says the lot is withdrawn, but facility 'CT-VINNATE-DG' did not pack it");
        verdict.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(bundle), site.VerifierKey));
    }

    [Fact]
    public async Task WhenAnotherKeyIsGiven_NoCheckpointIsSignedByIt()
    {
        var folder = Directory.CreateTempSubdirectory("browser-verifier-");
        try
        {
            using var other = CheckpointSigner.LoadOrCreate(Path.Combine(folder.FullName, "other.key"), "id.traceability.vn");
            var bundle = await WineAsync();

            var verdict = await VerifyInBrowserAsync(bundle, other.VerifierKey);

            AssertFailsNaming(verdict, $"checkpoint {NgocLinhLog}", $"signature does not verify: the note has no signature by key {other.VerifierKey.Split('+')[0]}+{other.VerifierKey.Split('+')[1]} (unknown key)");
            Assert.Equal("failed", verdict.Signature);
            verdict.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(bundle), other.VerifierKey));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("not a key", "the verifier key is not of the form name+hexid+base64key")]
    [InlineData("id.traceability.vn+00000000+ATnBeL/r3UXEIb3UIYsr1BxnTxpvM5RUJFwQaMFO4Obt", "the verifier key's id does not match its name and public key")]
    [InlineData("id.traceability.vn+10e4e51c+AjnBeL/r3UXEIb3UIYsr1BxnTxpvM5RUJFwQaMFO4Obt", "the verifier key is not an Ed25519 key (0x01 followed by 32 bytes)")]
    [InlineData("id.traceability.vn+10e4e51c+ATnBeL/r3UXEIb3UIYsr1BxnTxpvM5RUJFwQaMFO4Ob", "the verifier key's public key is not base64")]
    public async Task WhenTheGivenKeyIsMalformed_EveryCheckpointFailsSayingWhy(string key, string why)
    {
        var bundle = await WineAsync();

        var verdict = await VerifyInBrowserAsync(bundle, key);

        AssertFailsNaming(verdict, $"checkpoint {NgocLinhLog}", $"signature does not verify: {why}");
        verdict.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(bundle), key));
    }

    [Fact]
    public async Task WhenAForgerSignsTheCheckpointsAgain_TheBundleHoldsOnlyAgainstTheKeyItNamesItself()
    {
        var folder = Directory.CreateTempSubdirectory("browser-verifier-");
        try
        {
            using var forger = CheckpointSigner.LoadOrCreate(Path.Combine(folder.FullName, "forger.key"), "id.traceability.vn");
            var forged = SignedBy(Edited(await WineAsync(), _ => { }), forger);

            var withoutKey = await VerifyInBrowserAsync(forged, null);
            var withThePlatformsKey = await VerifyInBrowserAsync(forged, site.VerifierKey);

            // Without a key the browser can only say whose key it used, and does; the page always gives the platform's.
            Assert.True(withoutKey.Verified);
            Assert.Contains($"the key the bundle names ({forger.VerifierKey})", withoutKey.Findings[0].Statement, StringComparison.Ordinal);
            withoutKey.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(forged)));
            AssertFailsNaming(withThePlatformsKey, $"checkpoint {NgocLinhLog}", "(unknown key)");
            withThePlatformsKey.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(forged), site.VerifierKey));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WhenTheBundleIsAnchored_EachCheckpointIsProvedInTheAnchoredRoot()
    {
        var bundle = Anchored(await WineAsync());

        var verdict = await VerifyInBrowserAsync(bundle, site.VerifierKey);

        Assert.True(verdict.Verified, string.Join('\n', verdict.Failures));
        Assert.Contains("every checkpoint is in anchor 12", verdict.Findings[^1].Statement, StringComparison.Ordinal);
        verdict.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(bundle), site.VerifierKey));
    }

    [Theory]
    [InlineData("a byte of an anchor proof", $"checkpoint {NgocLinhLog}", "is not proved in the anchored root: the root calculated from the proof")]
    [InlineData("the anchored root", $"checkpoint {NgocLinhLog}", "is not proved in the anchored root")]
    [InlineData("the number of anchored logs", $"checkpoint {NgocLinhLog}", "is not proved in the anchored root: the proof has")]
    [InlineData("a checkpoint left out of the anchor", $"checkpoint {NgocLinhLog}", "the anchor does not cover it")]
    [InlineData("the anchor status", "anchor", "the bundle carries an anchor but says 'signed, not anchored'")]
    public async Task WhenTheAnchorIsChanged_TheCheckpointIsNotProvedInIt(string change, string subject, string statement)
    {
        var bundle = Edited(Anchored(await WineAsync()), b =>
        {
            var anchor = b["anchor"]!.AsObject();
            switch (change)
            {
                case "a byte of an anchor proof":
                    FlipByte(anchor["checkpoints"]![0]!["inclusionProof"]!.AsArray(), 0, 9);
                    break;
                case "the anchored root":
                    anchor["root"] = Convert.ToBase64String(new byte[32]);
                    break;
                case "the number of anchored logs":
                    anchor["logs"] = 9;
                    break;
                case "a checkpoint left out of the anchor":
                    anchor["checkpoints"] = new JsonArray();
                    break;
                default:
                    b["anchorStatus"] = ProofBundle.NotAnchored;
                    break;
            }
        });

        var verdict = await VerifyInBrowserAsync(bundle, site.VerifierKey);

        AssertFailsNaming(verdict, subject, statement);
        verdict.AssertSameAs(BundleVerifier.Verify(ProofBundle.Parse(bundle), site.VerifierKey));
    }

    [Theory]
    [InlineData("<html><body>Not found</body></html>", "not a proof bundle: $ is not an object")]
    [InlineData("""{"format":"https://id.traceability.vn/proof-bundle/v1"}""", "not a proof bundle: $.lot is not an object")]
    [InlineData("""{"format":"https://id.traceability.vn/proof-bundle/v1","lot":{"gtin":"1","lot":"2","uri":"3"},"createdAt":"2026-06-02T09:00:00+07:00","signingKey":"k","anchorStatus":"s","events":[{"eventId":"x"}],"checkpoints":[]}""", "not a proof bundle: $.events[0].record is missing or not of its type")]
    [InlineData("[1, 2, 3]", "not a proof bundle: $ is not an object")]
    public async Task WhenTheDocumentIsNotABundle_ItFailsAsNotABundle(string document, string statement)
    {
        var verdict = await VerifyInBrowserAsync(document, site.VerifierKey);

        Assert.False(verdict.Verified);
        Assert.Equal(new Finding(false, "bundle", statement), Assert.Single(verdict.Findings));
        Assert.Throws<FormatException>(() => ProofBundle.Parse(document));
    }

    [Fact]
    public async Task WhenTheBrowserHasNoEd25519_EveryOtherCheckIsMadeAndTheSignatureIsSaidUnchecked()
    {
        var verdict = await VerifyInBrowserAsync(await WineAsync(), site.VerifierKey, WithoutEd25519);

        Assert.True(verdict.Verified, string.Join('\n', verdict.Failures));
        Assert.Equal("unsupported", verdict.Signature);
        var checkpoint = Assert.Single(verdict.Findings, f => f.Subject.StartsWith("checkpoint ", StringComparison.Ordinal));
        Assert.StartsWith("signature could not be checked on this device", checkpoint.Statement, StringComparison.Ordinal);
        Assert.Contains(verdict.Findings, f => f.Holds && f.Statement.StartsWith("hash matches its content; leaf", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a harvest's mass")]
    [InlineData("the checkpoint's root")]
    [InlineData("the creation of an input left out")]
    public async Task WhenTheBrowserHasNoEd25519_AChangedBundleStillFails(string change)
    {
        var tampering = BrowserVerifierBundles.Tamperings[change];

        var verdict = await VerifyInBrowserAsync(Edited(await WineAsync(), tampering.Edit), site.VerifierKey, WithoutEd25519);

        AssertFailsNaming(verdict, tampering.Subject, tampering.Statement);
    }

    [Fact]
    public async Task WhenThePageHasNoWebCrypto_NothingIsSaidToHold()
    {
        var verdict = await VerifyInBrowserAsync(await WineAsync(), site.VerifierKey,
            "Object.defineProperty(Crypto.prototype, 'subtle', { get() { return undefined; } });");

        Assert.False(verdict.Verified);
        Assert.Equal("browser", Assert.Single(verdict.Findings).Subject);
    }
}
