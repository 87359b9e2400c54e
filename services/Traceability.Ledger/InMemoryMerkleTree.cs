namespace Traceability.Ledger;

/// <summary>
/// A small Merkle tree held in memory (RFC 6962 hashing), for trees of a few thousand leaves such
/// as the anchor tree over the facility logs' checkpoints: every complete subtree is computed once,
/// and <see cref="MerkleProofBuilder"/> builds the root and proofs from them as it does from a
/// stored log. Immutable and thread-safe.
/// </summary>
public sealed class InMemoryMerkleTree : IMerkleNodes
{
    private readonly List<byte[][]> _levels = [];

    /// <summary>A tree over the leaves whose data are <paramref name="leafData"/>, in order.</summary>
    public InMemoryMerkleTree(IEnumerable<byte[]> leafData)
    {
        ArgumentNullException.ThrowIfNull(leafData);
        var level = leafData.Select(data => MerkleHash.Leaf(data)).ToArray();
        Size = level.Length;
        while (level.Length > 0)
        {
            _levels.Add(level);
            var parents = new byte[level.Length / 2][];
            for (var i = 0; i < parents.Length; i++)
            {
                parents[i] = MerkleHash.Node(level[2 * i], level[(2 * i) + 1]);
            }

            level = parents;
        }
    }

    /// <summary>The number of leaves.</summary>
    public long Size { get; }

    /// <summary>The RFC 6962 root (the hash of the empty string for no leaves).</summary>
    public byte[] Root => Size == 0 ? MerkleHash.EmptyRoot.ToArray() : MerkleProofBuilder.Root(this, Size);

    /// <summary>The audit path of leaf <paramref name="index"/>.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index) => MerkleProofBuilder.InclusionProof(this, index, Size);

    /// <inheritdoc />
    public IReadOnlyList<byte[]> Read(IReadOnlyList<MerkleNodeId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var hashes = new byte[ids.Count][];
        for (var i = 0; i < ids.Count; i++)
        {
            var (level, index) = (ids[i].Level, ids[i].Index);
            if (level >= _levels.Count || index < 0 || index >= _levels[level].Length)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"No complete subtree at level {level}, index {index} in a tree of {Size} leaves.");
            }

            hashes[i] = _levels[level][index];
        }

        return hashes;
    }
}
