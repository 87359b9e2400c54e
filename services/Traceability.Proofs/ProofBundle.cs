using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Traceability.Proofs;

/// <summary>
/// Everything needed to check a lot's record offline, without trusting the platform: the lot's
/// packing event and every event of its backward trace (steps, harvests, and the registrations of
/// the areas, sites, facilities and product they name), each with its inclusion proof in its
/// facility's log up to a signed checkpoint, and those checkpoints. Schema: docs/proof-bundle.md.
/// </summary>
public sealed record ProofBundle
{
    /// <summary>The format of this document; verifiers refuse any other.</summary>
    public const string FormatV1 = "https://id.traceability.vn/proof-bundle/v1";

    /// <summary>What <see cref="AnchorStatus"/> says when no confirmed anchor covers the bundle's checkpoints.</summary>
    public const string NotAnchored = "signed, not anchored";

    /// <summary>What <see cref="AnchorStatus"/> says when <see cref="Anchor"/> covers every checkpoint of the bundle.</summary>
    public const string Anchored = "anchored";

    [JsonPropertyName("format")]
    public required string Format { get; init; }

    [JsonPropertyName("lot")]
    public required BundleLot Lot { get; init; }

    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The signed-note verifier key of the platform key that signed the checkpoints.</summary>
    [JsonPropertyName("signingKey")]
    public required string SigningKey { get; init; }

    [JsonPropertyName("events")]
    public required IReadOnlyList<BundleEvent> Events { get; init; }

    [JsonPropertyName("checkpoints")]
    public required IReadOnlyList<BundleCheckpoint> Checkpoints { get; init; }

    [JsonPropertyName("anchorStatus")]
    public required string AnchorStatus { get; init; }

    /// <summary>The confirmed on-chain anchor covering every checkpoint, or absent.</summary>
    [JsonPropertyName("anchor")]
    public BundleAnchor? Anchor { get; init; }

    /// <summary>Serialises the bundle as indented JSON (the document served and saved).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a bundle; a document that is not one throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static ProofBundle Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ProofBundle>(json, Options) ?? throw new FormatException("The bundle is empty (JSON null).");
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            throw new FormatException($"Not a proof bundle{where}: {exception.Message}", exception);
        }
    }

    internal static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Served as application/json and saved as a file, never inlined in HTML: Vietnamese names and '+' stay readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}

/// <summary>The lot the bundle proves: GTIN-14, lot code and its canonical GS1 Digital Link URI.</summary>
public sealed record BundleLot(
    [property: JsonPropertyName("gtin")] string Gtin,
    [property: JsonPropertyName("lot")] string Lot,
    [property: JsonPropertyName("uri")] string Uri);

/// <summary>
/// One event: its EPCIS 2.0 JSON-LD, its CBV 2.0 hash ID, and the audit path of its leaf
/// (<c>SHA-256(0x00 ‖ hash)</c>) in its facility's log of <see cref="TreeSize"/> leaves.
/// </summary>
public sealed record BundleEvent(
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("record")] string Record,
    [property: JsonPropertyName("facility")] string Facility,
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("leafIndex")] long LeafIndex,
    [property: JsonPropertyName("treeSize")] long TreeSize,
    [property: JsonPropertyName("inclusionProof")] IReadOnlyList<string> InclusionProof,
    [property: JsonPropertyName("event")] JsonObject Event);

/// <summary>A signed checkpoint of one facility's log: origin, size, root (base64) and the signed note.</summary>
public sealed record BundleCheckpoint(
    [property: JsonPropertyName("facility")] string Facility,
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("note")] string Note,
    [property: JsonPropertyName("cutAt")] DateTimeOffset CutAt);

/// <summary>
/// Where the checkpoints are anchored: the transaction that emitted <c>Anchored(root, logs, sequence)</c>
/// from the anchor contract, and each bundle checkpoint's audit path in that root (leaf data: the
/// checkpoint's note text; leaves in ordinal order of origin; RFC 6962 hashing).
/// </summary>
public sealed record BundleAnchor(
    [property: JsonPropertyName("chainId")] long ChainId,
    [property: JsonPropertyName("contract")] string Contract,
    [property: JsonPropertyName("transactionHash")] string TransactionHash,
    [property: JsonPropertyName("blockNumber")] long BlockNumber,
    [property: JsonPropertyName("blockHash")] string BlockHash,
    [property: JsonPropertyName("logIndex")] long LogIndex,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("logs")] long Logs,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("anchoredAt")] DateTimeOffset AnchoredAt,
    [property: JsonPropertyName("checkpoints")] IReadOnlyList<AnchorProof> Checkpoints);

/// <summary>A bundle checkpoint's leaf in the anchor tree and its audit path (base64).</summary>
public sealed record AnchorProof(
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("leafIndex")] long LeafIndex,
    [property: JsonPropertyName("inclusionProof")] IReadOnlyList<string> InclusionProof);
