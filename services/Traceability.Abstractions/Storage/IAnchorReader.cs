namespace Traceability.Storage;

/// <summary>The anchors on chain as far as the platform has confirmed them, for proof bundles and the API.</summary>
public interface IAnchorReader
{
    /// <summary>Whether anchoring is configured (an RPC URL is given).</summary>
    bool Enabled { get; }

    /// <summary>The newest confirmed anchor, or null when none is.</summary>
    Task<ChainAnchor?> LatestConfirmedAsync(CancellationToken cancellationToken = default);

    /// <summary>The newest anchors, newest first, whatever their state.</summary>
    Task<IReadOnlyList<AnchorSummary>> RecentAsync(int limit, CancellationToken cancellationToken = default);
}

/// <summary>An anchor as the API lists it: its state (Pending, Sent, Confirmed, Failed), what it covers and, once confirmed, where.</summary>
public sealed record AnchorSummary(long Sequence, string State, byte[] Root, int Logs, DateTimeOffset CreatedAt, ChainAnchor? OnChain, string? Failure);

/// <summary>A facility log's checkpoint as an anchor covers it: the leaf data is its note text (origin, size, root).</summary>
public sealed record AnchoredCheckpoint(string FacilityId, string Origin, long Size, byte[] Root);

/// <summary>
/// An anchor confirmed on chain: the root over the covered checkpoints (one leaf each, ordinal
/// order of origin), its sequence number, and where the transaction and its event are.
/// </summary>
public sealed record ChainAnchor(
    long Sequence,
    byte[] Root,
    IReadOnlyList<AnchoredCheckpoint> Checkpoints,
    long ChainId,
    string Contract,
    string TransactionHash,
    long BlockNumber,
    string BlockHash,
    long LogIndex,
    DateTimeOffset AnchoredAt);

/// <summary>Anchoring off: no anchor ever.</summary>
public sealed class NoAnchors : IAnchorReader
{
    public bool Enabled => false;

    public Task<ChainAnchor?> LatestConfirmedAsync(CancellationToken cancellationToken = default) => Task.FromResult<ChainAnchor?>(null);

    public Task<IReadOnlyList<AnchorSummary>> RecentAsync(int limit, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AnchorSummary>>([]);
}
