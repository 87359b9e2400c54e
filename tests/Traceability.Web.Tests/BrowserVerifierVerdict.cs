using System.Text.Json;
using Microsoft.Playwright;
using Traceability.Proofs;

namespace Traceability.Web.Tests;

/// <summary>What <c>traceVerify.verifyBundle</c> answered in the browser, with its findings in the C# verifier's terms.</summary>
internal sealed record BrowserVerifierVerdict(bool Verified, string Signature, IReadOnlyList<Finding> Findings, string? CheckpointAt)
{
    public IEnumerable<Finding> Failures => Findings.Where(f => !f.Holds);

    /// <summary>Runs <c>verifyBundle</c> on the bundle's JSON text (as the page would have fetched it) in <paramref name="page"/>.</summary>
    public static async Task<BrowserVerifierVerdict> OfAsync(IPage page, string bundleJson, string? verifierKey)
    {
        var result = await page.EvaluateAsync<JsonElement>("([bundle, key]) => traceVerify.verifyBundle(bundle, key ?? undefined)", new object?[] { bundleJson, verifierKey });
        return Parse(result);
    }

    public static BrowserVerifierVerdict Parse(JsonElement result) => new(
        result.GetProperty("verified").GetBoolean(),
        result.GetProperty("signature").GetString()!,
        [.. result.GetProperty("findings").EnumerateArray().Select(f => new Finding(
            f.GetProperty("holds").GetBoolean(), f.GetProperty("subject").GetString()!, f.GetProperty("statement").GetString()!))],
        result.GetProperty("checkpointAt").ValueKind == JsonValueKind.String ? result.GetProperty("checkpointAt").GetString() : null);

    /// <summary>
    /// The browser found what the C# verifier finds: the same verdict, the same findings in the same order, each
    /// about the same subject with the same words, but for the two the browser words for itself (which key it
    /// uses, and that the page does not query the chain).
    /// </summary>
    public void AssertSameAs(VerificationReport report)
    {
        Assert.Equal(report.Verified, Verified);
        Assert.Equal(report.Findings.Select(f => (f.Holds, f.Subject)), Findings.Select(f => (f.Holds, f.Subject)));
        Assert.Equal(report.Findings.Select(Comparable), Findings.Select(Comparable));
    }

    private static string Comparable(Finding finding) => finding switch
    {
        { Holds: true, Subject: "key" } => "(worded by each verifier)",
        { Holds: true, Subject: "anchor" } when finding.Statement.Contains("; checked offline", StringComparison.Ordinal) =>
            finding.Statement[..finding.Statement.IndexOf("; checked offline", StringComparison.Ordinal)],
        _ => finding.Statement,
    };
}
