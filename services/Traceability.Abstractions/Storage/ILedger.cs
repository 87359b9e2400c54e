namespace Traceability.Storage;

/// <summary>
/// The hash ledger seen from the platform: one append-only Merkle log per facility, whose leaves
/// are the facility's events in order (appended by the event store with each event), and the
/// signed checkpoints of each log. Thread-safe.
/// </summary>
public interface ILedger
{
    /// <summary>The signed-note verifier key of the key that signs every checkpoint.</summary>
    LedgerKey SigningKey { get; }

    /// <summary>The origin line of <paramref name="facilityId"/>'s log.</summary>
    string OriginOf(string facilityId);

    /// <summary>Every log with its size and latest checkpoint, in facility order.</summary>
    Task<IReadOnlyList<LedgerLog>> LogsAsync(CancellationToken cancellationToken = default);

    /// <summary>The latest checkpoint of a log, or null when none was cut yet.</summary>
    Task<LedgerCheckpoint?> LatestAsync(string facilityId, CancellationToken cancellationToken = default);

    /// <summary>The checkpoint of a log at exactly <paramref name="size"/>, or null when none was cut at that size.</summary>
    Task<LedgerCheckpoint?> CheckpointAsync(string facilityId, long size, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cuts a checkpoint for every log (or only <paramref name="facilityId"/>'s) that has grown
    /// since its latest one and returns the new ones.
    /// </summary>
    Task<IReadOnlyList<LedgerCheckpoint>> CutAsync(string? facilityId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The earliest checkpoint of the log that includes leaf <paramref name="leafIndex"/>; one is
    /// cut when no checkpoint covers the leaf yet.
    /// </summary>
    Task<LedgerCheckpoint> CoveringAsync(string facilityId, long leafIndex, CancellationToken cancellationToken = default);

    /// <summary>The audit path of leaf <paramref name="leafIndex"/> in the log's first <paramref name="treeSize"/> leaves.</summary>
    Task<IReadOnlyList<byte[]>> InclusionProofAsync(string facilityId, long leafIndex, long treeSize, CancellationToken cancellationToken = default);

    /// <summary>The proof that the log's first <paramref name="toSize"/> leaves extend its first <paramref name="fromSize"/>.</summary>
    Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(string facilityId, long fromSize, long toSize, CancellationToken cancellationToken = default);
}

/// <summary>The checkpoint signing key: signer name, signed-note verifier key and raw Ed25519 public key.</summary>
public sealed record LedgerKey(string Name, string VerifierKey, byte[] PublicKey);

/// <summary>A facility log: its origin, its size now and its latest checkpoint.</summary>
public sealed record LedgerLog(string FacilityId, string Origin, long Size, LedgerCheckpoint? Latest);

/// <summary>A signed tree head: the log's root over its first <paramref name="Size"/> leaves, and the signed note.</summary>
public sealed record LedgerCheckpoint(string FacilityId, string Origin, long Size, byte[] Root, string Note, DateTimeOffset CutAt);
