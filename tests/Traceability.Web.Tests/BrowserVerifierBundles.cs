using System.Text.Json.Nodes;
using Traceability.Ledger;
using Traceability.Proofs;
using Traceability.Storage;

namespace Traceability.Web.Tests;

/// <summary>
/// Proof bundles changed as JSON after the server built them: one change at a time (what a forger or a
/// broken copy would do), and the anchor a chain would give them.
/// </summary>
internal static class BrowserVerifierBundles
{
    public const string FirstHarvest = "batch:NL-H-2026-001";
    public const string SecondHarvest = "batch:NL-H-2026-002";
    public const string FirstStep = "step:NL-S-2026-001";
    public const string SecondStep = "step:NL-S-2026-002";
    public const string Packing = "lot:08936204000114/NL-2026-031";
    public const string NgocLinhLog = "id.traceability.vn/facility/HTX-NGOCLINH-DG";

    /// <summary>A change to the demo wine lot's bundle, and the failing finding it must bring: its subject and words.</summary>
    public sealed record Tampering(Action<JsonObject> Edit, string Subject, string Statement);

    /// <summary>Each change, by name (the test case's name), with the finding that must name it.</summary>
    public static readonly IReadOnlyDictionary<string, Tampering> Tamperings = new Dictionary<string, Tampering>(StringComparer.Ordinal)
    {
        ["a harvest's mass"] = new(b => Event(b, FirstHarvest)["event"]!["quantityList"]![0]!["quantity"] = 121,
            FirstHarvest, "not to its hash ID: the event was altered after it was recorded"),
        ["a step's date"] = new(b => Event(b, FirstStep)["event"]!["eventTime"] = "2026-02-13T04:30:00.000Z",
            FirstStep, "the event was altered after it was recorded"),
        ["the lot number in the packing's ilmd"] = new(b => Event(b, Packing)["event"]!["ilmd"]!["cbvmda:lotNumber"] = "NL-2026-032",
            Packing, "the event was altered after it was recorded"),
        ["an event's eventID field"] = new(b => Event(b, FirstStep)["event"]!["eventID"] = Event(b, SecondStep)["eventId"]!.GetValue<string>(),
            FirstStep, "its eventID field says ni:///sha-256;"),
        ["the facility an event is listed under"] = new(b => Event(b, FirstHarvest)["facility"] = "HKD-THANHPHAT-DG",
            FirstHarvest, "it names facility https://id.traceability.vn/facility/HTX-NGOCLINH-DG but sits in the log of 'HKD-THANHPHAT-DG'"),
        ["a byte of an inclusion proof"] = new(b => FlipByte(Event(b, SecondHarvest)["inclusionProof"]!.AsArray(), 0, 5),
            SecondHarvest, "is not proved in the signed log of"),
        ["a hash left out of an inclusion proof"] = new(b => Event(b, SecondHarvest)["inclusionProof"]!.AsArray().RemoveAt(0),
            SecondHarvest, "hashes, a proof for leaf"),
        ["an event's leaf index"] = new(b => Event(b, SecondStep)["leafIndex"] = Event(b, SecondStep)["leafIndex"]!.GetValue<long>() + 1,
            SecondStep, "is not proved in the signed log of"),
        ["an event's tree size"] = new(b => Event(b, SecondStep)["treeSize"] = Event(b, SecondStep)["treeSize"]!.GetValue<long>() - 1,
            SecondStep, $"no verified checkpoint of {NgocLinhLog} at size"),
        ["the checkpoint's root"] = new(b => Checkpoint(b)["root"] = Convert.ToBase64String(new byte[32]),
            $"checkpoint {NgocLinhLog}", "the signed note says origin"),
        ["the size line of the checkpoint's note"] = new(b => Checkpoint(b)["note"] = NoteWithSize(Checkpoint(b)["note"]!.GetValue<string>(), 1),
            $"checkpoint {NgocLinhLog}", "signature does not verify: invalid signature for key id.traceability.vn+"),
        ["a byte of the checkpoint's signature"] = new(b => Checkpoint(b)["note"] = NoteWithSignatureByteFlipped(Checkpoint(b)["note"]!.GetValue<string>()),
            $"checkpoint {NgocLinhLog}", "signature does not verify: invalid signature for key id.traceability.vn+"),
        ["the facility of the checkpoint"] = new(b => Checkpoint(b)["facility"] = "HKD-THANHPHAT-DG",
            $"checkpoint {NgocLinhLog}", "its origin is not the log of facility 'HKD-THANHPHAT-DG'"),
        ["the creation of an input left out"] = new(b => b["events"]!.AsArray().Remove(Event(b, FirstHarvest)),
            FirstStep, "takes input https://id.traceability.vn/batch/NL-H-2026-001, but no event in the bundle creates it: the trace is incomplete"),
        ["the lot's packing left out"] = new(b => b["events"]!.AsArray().Remove(Event(b, Packing)),
            "lot", "no event in the bundle packs https://id.gs1.org/01/08936204000114/10/NL-2026-031"),
        ["the lot's URI"] = new(b => b["lot"]!["uri"] = "https://id.gs1.org/01/08936204000114/10/NL-2026-032",
            "lot", "is not that of GTIN 08936204000114 lot NL-2026-031"),
        ["every checkpoint left out"] = new(b => b["checkpoints"] = new JsonArray(),
            "checkpoints", "the bundle holds no checkpoint"),
        ["the anchor status alone"] = new(b => b["anchorStatus"] = ProofBundle.Anchored,
            "anchor", "the bundle says it is anchored but carries no anchor"),
        ["the format"] = new(b => b["format"] = "https://id.traceability.vn/proof-bundle/v2",
            "bundle", "format 'https://id.traceability.vn/proof-bundle/v2' is not 'https://id.traceability.vn/proof-bundle/v1'"),
    };

    /// <summary>The bundle changed by <paramref name="edit"/>.</summary>
    public static string Edited(string bundle, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(bundle)!.AsObject();
        edit(json);
        return json.ToJsonString();
    }

    /// <summary>The bundle's entry (eventId, record, proof, event) of the event that created <paramref name="record"/>.</summary>
    public static JsonObject Event(JsonObject bundle, string record) =>
        bundle["events"]!.AsArray().OfType<JsonObject>().Single(e => e["record"]!.GetValue<string>() == record);

    public static JsonObject Checkpoint(JsonObject bundle) => bundle["checkpoints"]!.AsArray().OfType<JsonObject>().Single();

    /// <summary>
    /// The bundle as the platform serves it once a chain transaction anchors its checkpoints: the anchor tree over
    /// its checkpoints and two other facilities' logs (leaf data: each checkpoint's note text), each checkpoint's
    /// audit path in it, and "anchored".
    /// </summary>
    public static string Anchored(string bundle)
    {
        var json = JsonNode.Parse(bundle)!.AsObject();
        var checkpoints = json["checkpoints"]!.AsArray().OfType<JsonObject>().Select(c => new AnchoredCheckpoint(
            c["facility"]!.GetValue<string>(), c["origin"]!.GetValue<string>(), c["size"]!.GetValue<long>(), Convert.FromBase64String(c["root"]!.GetValue<string>())));
        AnchoredCheckpoint[] others =
        [
            new("CT-VINNATE-DG", "id.traceability.vn/facility/CT-VINNATE-DG", 41, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]),
            new("HKD-THANHPHAT-DG", "id.traceability.vn/facility/HKD-THANHPHAT-DG", 17, [.. Enumerable.Range(101, 32).Select(i => (byte)i)]),
        ];
        var (leaves, tree) = AnchorTree.Build(checkpoints.Concat(others));
        var proofs = new JsonArray();
        foreach (var checkpoint in json["checkpoints"]!.AsArray().OfType<JsonObject>())
        {
            var index = leaves.ToList().FindIndex(l => l.Origin == checkpoint["origin"]!.GetValue<string>());
            proofs.Add(new JsonObject
            {
                ["origin"] = leaves[index].Origin,
                ["size"] = leaves[index].Size,
                ["leafIndex"] = index,
                ["inclusionProof"] = new JsonArray([.. tree.InclusionProof(index).Select(h => (JsonNode)Convert.ToBase64String(h))]),
            });
        }

        json["anchorStatus"] = ProofBundle.Anchored;
        json["anchor"] = new JsonObject
        {
            ["chainId"] = 31337,
            ["contract"] = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            ["transactionHash"] = "0x9c2f1ab47e5d36a08f4c1b2e7d90a3c65e8f1d2b4a6c8e0f1a3b5c7d9e1f2a3b",
            ["blockNumber"] = 4021,
            ["blockHash"] = "0x1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00",
            ["logIndex"] = 0,
            ["sequence"] = 12,
            ["logs"] = leaves.Count,
            ["root"] = Convert.ToBase64String(tree.Root),
            ["anchoredAt"] = "2026-06-02T09:00:00+07:00",
            ["checkpoints"] = proofs,
        };
        return json.ToJsonString();
    }

    /// <summary>The bundle's checkpoints signed again by <paramref name="forger"/>, which the bundle then names as its signing key.</summary>
    public static string SignedBy(string bundle, CheckpointSigner forger)
    {
        var json = JsonNode.Parse(bundle)!.AsObject();
        foreach (var checkpoint in json["checkpoints"]!.AsArray().OfType<JsonObject>())
        {
            checkpoint["note"] = forger.Sign(new Checkpoint(
                checkpoint["origin"]!.GetValue<string>(), checkpoint["size"]!.GetValue<long>(), Convert.FromBase64String(checkpoint["root"]!.GetValue<string>())));
        }

        json["signingKey"] = forger.VerifierKey;
        return json.ToJsonString();
    }

    public static void FlipByte(JsonArray hashes, int index, int at)
    {
        var hash = Convert.FromBase64String(hashes[index]!.GetValue<string>());
        hash[at] ^= 0x20;
        hashes[index] = Convert.ToBase64String(hash);
    }

    private static string NoteWithSize(string note, int more)
    {
        var lines = note.Split('\n');
        lines[1] = (long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture) + more).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('\n', lines);
    }

    private static string NoteWithSignatureByteFlipped(string note)
    {
        var lines = note.Split('\n');
        var signatureLine = Array.FindIndex(lines, l => l.StartsWith("\u2014 ", StringComparison.Ordinal));
        var space = lines[signatureLine].LastIndexOf(' ');
        var signature = Convert.FromBase64String(lines[signatureLine][(space + 1)..]);
        signature[10] ^= 0x01;
        lines[signatureLine] = lines[signatureLine][..(space + 1)] + Convert.ToBase64String(signature);
        return string.Join('\n', lines);
    }
}
