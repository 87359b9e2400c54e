namespace Traceability.Ledger;

/// <summary>
/// A complete subtree of a Merkle log: the node at <paramref name="Level"/> (0 = a leaf) and
/// <paramref name="Index"/> on that level, which covers the leaves
/// [<c>Index·2^Level</c>, <c>(Index+1)·2^Level</c>). Once the log has that many leaves the node never
/// changes.
/// </summary>
public readonly record struct MerkleNodeId(int Level, long Index)
{
    /// <summary>The first leaf the node covers.</summary>
    public long FirstLeaf => Index << Level;

    /// <summary>
    /// The node's place in the order in which an append-only log completes its nodes (the "stored hash
    /// index" of Go's <c>golang.org/x/mod/sumdb/tlog</c>): appending leaf n completes its leaf and then the
    /// nodes it closes, all numbered after every node completed before. Storage keyed by it is written
    /// strictly at the end.
    /// </summary>
    public long StoredPosition
    {
        get
        {
            var n = Index;
            for (var l = Level; l > 0; l--)
            {
                n = (2 * n) + 1;
            }
            long position = 0;
            for (; n > 0; n >>= 1)
            {
                position += n;
            }
            return position + Level;
        }
    }
}
