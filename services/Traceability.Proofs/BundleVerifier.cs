using System.Text.Json.Nodes;
using Traceability.Epcis;
using Traceability.Events.Epcis;
using Traceability.Ledger;
using Traceability.Storage;

namespace Traceability.Proofs;

/// <summary>One thing the verifier checked, in plain words: what, about which part, and whether it holds.</summary>
public sealed record Finding(bool Holds, string Subject, string Statement)
{
    public override string ToString() => $"{(Holds ? "ok  " : "FAIL")} {Subject}: {Statement}";
}

/// <summary>Everything the verifier checked; the bundle verifies when every finding holds.</summary>
public sealed record VerificationReport(IReadOnlyList<Finding> Findings)
{
    public bool Verified => Findings.Count > 0 && Findings.All(f => f.Holds);

    public IEnumerable<Finding> Failures => Findings.Where(f => !f.Holds);
}

/// <summary>
/// Checks a proof bundle offline: every checkpoint's signature against the given key, every
/// event's CBV 2.0 hash against its content, every inclusion proof against its checkpoint's
/// root, that each event sits in its own facility's log, that the bundle holds the whole
/// backward trace of its lot (every input of every step is created by an event in the bundle),
/// and that a withdrawal or recall of the lot was decided by the facility that packed it.
/// Pure and thread-safe.
/// </summary>
public static class BundleVerifier
{
    /// <summary>
    /// Verifies <paramref name="bundle"/> with <paramref name="verifierKey"/> (a signed-note
    /// verifier key); when null, with the key the bundle names, which the report then says.
    /// </summary>
    public static VerificationReport Verify(ProofBundle bundle, string? verifierKey = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var findings = new List<Finding>();
        if (bundle.Format != ProofBundle.FormatV1)
        {
            findings.Add(new Finding(false, "bundle", $"format '{bundle.Format}' is not '{ProofBundle.FormatV1}'"));
            return new VerificationReport(findings);
        }

        var key = verifierKey ?? bundle.SigningKey;
        findings.Add(verifierKey is null
            ? new Finding(true, "key", $"checking signatures with the key the bundle names ({key}); compare it with the key the platform publishes (`trace ledger key`), or pass --key")
            : new Finding(true, "key", $"checking signatures with the given key ({key})"));

        var roots = VerifyCheckpoints(bundle, key, findings);
        for (var i = 0; i < bundle.Events.Count; i++)
        {
            VerifyEvent(bundle.Events[i], $"event {i + 1} of {bundle.Events.Count} ({bundle.Events[i].Record}, {bundle.Events[i].EventId})", roots, findings);
        }

        VerifyCompleteness(bundle, findings);
        VerifyRecalls(bundle, findings);
        VerifyAnchor(bundle, roots, findings);
        return new VerificationReport(findings);
    }

    /// <summary>Each checkpoint's audit path in the anchor's root; the chain itself is checked with --rpc.</summary>
    private static void VerifyAnchor(ProofBundle bundle, Dictionary<(string Origin, long Size), byte[]> roots, List<Finding> findings)
    {
        if (bundle.Anchor is not { } anchor)
        {
            findings.Add(bundle.AnchorStatus == ProofBundle.Anchored
                ? new Finding(false, "anchor", "the bundle says it is anchored but carries no anchor")
                : new Finding(true, "anchor", $"{ProofBundle.NotAnchored}: the checkpoints are signed by the platform's key; no chain transaction fixes when"));
            return;
        }

        if (bundle.AnchorStatus != ProofBundle.Anchored)
        {
            findings.Add(new Finding(false, "anchor", $"the bundle carries an anchor but says '{bundle.AnchorStatus}'"));
        }

        byte[] anchorRoot;
        try
        {
            anchorRoot = Convert.FromBase64String(anchor.Root);
        }
        catch (FormatException)
        {
            findings.Add(new Finding(false, "anchor", "its root is not base64"));
            return;
        }

        var failed = false;
        foreach (var checkpoint in bundle.Checkpoints)
        {
            var subject = $"checkpoint {checkpoint.Origin} at size {checkpoint.Size}";
            var proof = anchor.Checkpoints.FirstOrDefault(p => p.Origin == checkpoint.Origin && p.Size == checkpoint.Size);
            if (proof is null || !roots.TryGetValue((checkpoint.Origin, checkpoint.Size), out var root))
            {
                failed = true;
                findings.Add(new Finding(false, subject, proof is null ? "the anchor does not cover it" : "cannot be proved in the anchor: its own signature does not verify"));
                continue;
            }

            byte[][] path;
            try
            {
                path = [.. proof.InclusionProof.Select(Convert.FromBase64String)];
            }
            catch (FormatException)
            {
                failed = true;
                findings.Add(new Finding(false, subject, "its anchor proof is not base64"));
                continue;
            }

            var leaf = MerkleHash.Leaf(AnchorTree.LeafData(checkpoint.Origin, checkpoint.Size, root));
            var check = MerkleProofs.VerifyInclusion(proof.LeafIndex, anchor.Logs, leaf, path, anchorRoot);
            if (!check.Ok)
            {
                failed = true;
                findings.Add(new Finding(false, subject, $"is not proved in the anchored root: {check.Failure}"));
            }
        }

        if (!failed)
        {
            findings.Add(new Finding(true, "anchor", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"every checkpoint is in anchor {anchor.Sequence} (root {anchor.Root}), transaction {anchor.TransactionHash} in block {anchor.BlockNumber} of chain {anchor.ChainId} at {anchor.AnchoredAt:u}; checked offline (pass --rpc to check the chain)")));
        }
    }

    /// <summary>The roots of the checkpoints whose signature and fields hold, by (origin, size).</summary>
    private static Dictionary<(string Origin, long Size), byte[]> VerifyCheckpoints(ProofBundle bundle, string key, List<Finding> findings)
    {
        var roots = new Dictionary<(string, long), byte[]>();
        if (bundle.Checkpoints.Count == 0)
        {
            findings.Add(new Finding(false, "checkpoints", "the bundle holds no checkpoint"));
        }

        foreach (var checkpoint in bundle.Checkpoints)
        {
            var subject = $"checkpoint {checkpoint.Origin} at size {checkpoint.Size}";
            var opened = SignedNotes.Verify(checkpoint.Note, key);
            if (!opened.Ok)
            {
                findings.Add(new Finding(false, subject, $"signature does not verify: {opened.Failure}"));
                continue;
            }

            var signed = opened.Checkpoint!;
            byte[] root;
            try
            {
                root = Convert.FromBase64String(checkpoint.Root);
            }
            catch (FormatException)
            {
                findings.Add(new Finding(false, subject, "its root is not base64"));
                continue;
            }

            if (signed.Origin != checkpoint.Origin || signed.Size != checkpoint.Size || !signed.Root.AsSpan().SequenceEqual(root))
            {
                findings.Add(new Finding(false, subject, $"the signed note says origin '{signed.Origin}', size {signed.Size}, root {Convert.ToBase64String(signed.Root)}, not what the bundle lists"));
                continue;
            }

            if (checkpoint.Origin != OriginFor(checkpoint.Origin, checkpoint.Facility))
            {
                findings.Add(new Finding(false, subject, $"its origin is not the log of facility '{checkpoint.Facility}'"));
                continue;
            }

            findings.Add(new Finding(true, subject, "signature verifies"));
            roots[(checkpoint.Origin, checkpoint.Size)] = root;
        }

        return roots;
    }

    private static void VerifyEvent(BundleEvent e, string subject, Dictionary<(string, long), byte[]> roots, List<Finding> findings)
    {
        string computed;
        try
        {
            computed = EventHash.Compute(e.Event);
        }
#pragma warning disable CA1031 // Any failure to hash is a finding about this event, not a crash of the verifier.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            findings.Add(new Finding(false, subject, $"its content cannot be hashed: {exception.Message}"));
            return;
        }

        if (computed != e.EventId)
        {
            findings.Add(new Finding(false, subject, $"its content hashes to {computed}, not to its hash ID: the event was altered after it was recorded"));
            return;
        }

        if (e.Event["eventID"] is JsonValue id && id.ToString() != e.EventId)
        {
            findings.Add(new Finding(false, subject, $"its eventID field says {id}, not its hash ID"));
            return;
        }

        // Commissioning and transformations name their facility in ILMD; observations (a recall) beside their fields.
        var claimed = ((e.Event["ilmd"] as JsonObject)?["tr:facility"] ?? e.Event["tr:facility"])?.ToString();
        if (claimed is not null && claimed != EpcisVocabulary.Facility(e.Facility))
        {
            findings.Add(new Finding(false, subject, $"it names facility {claimed} but sits in the log of '{e.Facility}'"));
            return;
        }

        if (!roots.TryGetValue((e.Origin, e.TreeSize), out var root))
        {
            findings.Add(new Finding(false, subject, $"no verified checkpoint of {e.Origin} at size {e.TreeSize} in the bundle to prove it against"));
            return;
        }

        if (OriginFor(e.Origin, e.Facility) != e.Origin)
        {
            findings.Add(new Finding(false, subject, $"log {e.Origin} is not the log of facility '{e.Facility}'"));
            return;
        }

        byte[][] path;
        try
        {
            path = [.. e.InclusionProof.Select(Convert.FromBase64String)];
        }
        catch (FormatException)
        {
            findings.Add(new Finding(false, subject, "its inclusion proof is not base64"));
            return;
        }

        var leaf = MerkleHash.Leaf(EventHash.Digest(e.EventId));
        var check = MerkleProofs.VerifyInclusion(e.LeafIndex, e.TreeSize, leaf, path, root);
        findings.Add(check.Ok
            ? new Finding(true, subject, $"hash matches its content; leaf {e.LeafIndex} is in the signed log of {e.TreeSize} leaves")
            : new Finding(false, subject, $"leaf {e.LeafIndex} is not proved in the signed log of {e.TreeSize} leaves: {check.Failure}"));
    }

    /// <summary>The bundle must hold the lot's packing and the creation of every input its events take.</summary>
    private static void VerifyCompleteness(ProofBundle bundle, List<Finding> findings)
    {
        var expectedUri = EpcisVocabulary.Lot(bundle.Lot.Gtin, bundle.Lot.Lot);
        if (bundle.Lot.Uri != expectedUri)
        {
            findings.Add(new Finding(false, "lot", $"its URI {bundle.Lot.Uri} is not that of GTIN {bundle.Lot.Gtin} lot {bundle.Lot.Lot} ({expectedUri})"));
            return;
        }

        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in bundle.Events)
        {
            created.UnionWith(Outputs(e.Event));
        }

        if (!created.Contains(expectedUri))
        {
            findings.Add(new Finding(false, "lot", $"no event in the bundle packs {expectedUri}"));
            return;
        }

        var missing = 0;
        foreach (var e in bundle.Events)
        {
            foreach (var input in Inputs(e.Event).Where(i => !created.Contains(i)))
            {
                missing++;
                findings.Add(new Finding(false, $"{e.Record} ({e.EventId})", $"takes input {input}, but no event in the bundle creates it: the trace is incomplete"));
            }
        }

        if (missing == 0)
        {
            findings.Add(new Finding(true, "lot", $"the bundle holds the packing of {expectedUri} and the creation of every input of its backward trace ({bundle.Events.Count} events)"));
        }
    }

    /// <summary>
    /// A withdrawal or recall of the lot must come from the facility that packed it (the capture
    /// rules see to it; a bundle saying otherwise was not built by them). Only a breach is a
    /// finding, so a sound bundle reads the same with or without recalls.
    /// </summary>
    private static void VerifyRecalls(ProofBundle bundle, List<Finding> findings)
    {
        var lotUri = EpcisVocabulary.Lot(bundle.Lot.Gtin, bundle.Lot.Lot);
        var packers = bundle.Events.Where(e => Outputs(e.Event).Contains(lotUri)).Select(e => e.Facility).ToHashSet(StringComparer.Ordinal);
        foreach (var e in bundle.Events)
        {
            var done = e.Event["disposition"]?.ToString() switch
            {
                "recalled" => "recalled",
                "non_sellable_other" => "withdrawn",
                _ => null,
            };
            if (done is not null && e.Event["bizStep"]?.ToString() == "holding" && Classes(e.Event["quantityList"]).Contains(lotUri) && !packers.Contains(e.Facility))
            {
                findings.Add(new Finding(false, $"{e.Record} ({e.EventId})", $"says the lot is {done}, but facility '{e.Facility}' did not pack it"));
            }
        }
    }

    private static IEnumerable<string> Outputs(JsonObject e) => (e["type"]?.ToString()) switch
    {
        "TransformationEvent" => Classes(e["outputQuantityList"]).Concat(Epcs(e["outputEPCList"])),
        "ObjectEvent" when e["action"]?.ToString() == "ADD" => Classes(e["quantityList"]).Concat(Epcs(e["epcList"])),
        _ => [],
    };

    private static IEnumerable<string> Inputs(JsonObject e) => (e["type"]?.ToString()) switch
    {
        "TransformationEvent" => Classes(e["inputQuantityList"]).Concat(Epcs(e["inputEPCList"])),
        _ => [],
    };

    private static IEnumerable<string> Classes(JsonNode? list) =>
        list is JsonArray items ? items.OfType<JsonObject>().Select(q => q["epcClass"]?.ToString()).OfType<string>() : [];

    private static IEnumerable<string> Epcs(JsonNode? list) =>
        list is JsonArray items ? items.Select(x => x?.ToString()).OfType<string>() : [];

    /// <summary>The origin of <paramref name="facility"/>'s log, given any origin of the same platform.</summary>
    private static string OriginFor(string anyOrigin, string facility)
    {
        var cut = anyOrigin.LastIndexOf("/facility/", StringComparison.Ordinal);
        return cut < 0 ? string.Empty : LedgerOrigins.Of(anyOrigin[..cut], facility);
    }
}
