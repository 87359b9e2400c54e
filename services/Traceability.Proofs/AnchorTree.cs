using System.Text;
using Traceability.Ledger;
using Traceability.Storage;

namespace Traceability.Proofs;

/// <summary>
/// The tree an anchor commits to: one leaf per facility log, its checkpoint's note text
/// (origin, size and root lines, C2SP tlog-checkpoint) in UTF-8, leaves in ordinal order of origin,
/// RFC 6962 hashing. Its root goes on chain; each checkpoint's audit path goes in proof bundles.
/// </summary>
public static class AnchorTree
{
    /// <summary>The leaf data of a checkpoint: its note text, without signatures.</summary>
    public static byte[] LeafData(string origin, long size, byte[] root) =>
        Encoding.UTF8.GetBytes(new Checkpoint(origin, size, root).ToNoteText());

    /// <summary>The checkpoints in leaf order, and the tree over them.</summary>
    public static (IReadOnlyList<AnchoredCheckpoint> Leaves, InMemoryMerkleTree Tree) Build(IEnumerable<AnchoredCheckpoint> checkpoints)
    {
        var ordered = checkpoints.OrderBy(c => c.Origin, StringComparer.Ordinal).ToList();
        return (ordered, new InMemoryMerkleTree(ordered.Select(c => LeafData(c.Origin, c.Size, c.Root))));
    }
}
