using System.Numerics;

namespace Traceability.Ledger;

/// <summary>
/// Builds roots, inclusion proofs (RFC 6962 §2.1.1 PATH) and consistency proofs (RFC 6962 §2.1.2
/// PROOF) from stored complete subtrees, never from the whole tree: every hash of a proof is either a
/// stored node or the combination of the complete subtrees of a range's binary decomposition, so a
/// proof reads O(log n) nodes, in one <see cref="IMerkleNodes.Read"/> call. Pure and thread-safe.
/// </summary>
public static class MerkleProofBuilder
{
    /// <summary>The root of the first <paramref name="size"/> leaves (the empty-tree hash for 0).</summary>
    public static byte[] Root(IMerkleNodes nodes, long size)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0 ? MerkleHash.EmptyRoot.ToArray() : Resolve(nodes, [(0, size)])[0];
    }

    /// <summary>
    /// The inclusion proof of leaf <paramref name="index"/> in the tree of the first
    /// <paramref name="size"/> leaves, ordered from the leaf up (RFC 6962 PATH).
    /// </summary>
    public static IReadOnlyList<byte[]> InclusionProof(IMerkleNodes nodes, long index, long size)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var ranges = new List<(long Begin, long End)>(64);
        long begin = 0, end = size;
        while (end - begin > 1)
        {
            var k = LargestPowerOfTwoBelow(end - begin);
            if (index - begin < k)
            {
                ranges.Add((begin + k, end));
                end = begin + k;
            }
            else
            {
                ranges.Add((begin, begin + k));
                begin += k;
            }
        }
        ranges.Reverse(); // PATH lists the deepest sibling first
        return Resolve(nodes, ranges);
    }

    /// <summary>
    /// The consistency proof between the first <paramref name="size1"/> and the first
    /// <paramref name="size2"/> leaves (RFC 6962 PROOF); empty when the sizes are equal. A proof from the
    /// empty tree is meaningless and refused.
    /// </summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IMerkleNodes nodes, long size1, long size2)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        var siblings = new List<(long Begin, long End)>(64);
        (long Begin, long End)? first = null;
        long begin = 0, end = size2, m = size1;
        var whole = true; // SUBPROOF's b: the old tree is this very subtree, whose root the verifier knows
        while (true)
        {
            var n = end - begin;
            if (m == n)
            {
                if (!whole)
                {
                    first = (begin, end);
                }
                break;
            }
            var k = LargestPowerOfTwoBelow(n);
            if (m <= k)
            {
                siblings.Add((begin + k, end));
                end = begin + k;
            }
            else
            {
                siblings.Add((begin, begin + k));
                m -= k;
                begin += k;
                whole = false;
            }
        }
        var ranges = new List<(long Begin, long End)>(siblings.Count + 1);
        if (first is { } f)
        {
            ranges.Add(f);
        }
        for (var i = siblings.Count - 1; i >= 0; i--)
        {
            ranges.Add(siblings[i]);
        }
        return Resolve(nodes, ranges);
    }

    /// <summary>
    /// The complete subtrees that make up the leaves [<paramref name="begin"/>, <paramref name="end"/>),
    /// largest (leftmost) first: one per bit of the range's length. <paramref name="begin"/> must be a
    /// multiple of the smallest power of two not below the length, as every subtree of the tree is.
    /// </summary>
    public static void Decompose(long begin, long end, ICollection<MerkleNodeId> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var length = end - begin;
        for (var level = 62; level >= 0; level--)
        {
            if (((length >> level) & 1) == 1)
            {
                into.Add(new MerkleNodeId(level, begin >> level));
                begin += 1L << level;
            }
        }
    }

    /// <summary>The complete subtrees of the first <paramref name="size"/> leaves: the log's right frontier.</summary>
    public static IReadOnlyList<MerkleNodeId> Frontier(long size)
    {
        var ids = new List<MerkleNodeId>(BitOperations.PopCount((ulong)size));
        Decompose(0, size, ids);
        return ids;
    }

    private static List<byte[]> Resolve(IMerkleNodes nodes, List<(long Begin, long End)> ranges)
    {
        var ids = new List<MerkleNodeId>(ranges.Count * 2);
        var firsts = new int[ranges.Count + 1];
        for (var i = 0; i < ranges.Count; i++)
        {
            firsts[i] = ids.Count;
            Decompose(ranges[i].Begin, ranges[i].End, ids);
        }
        firsts[ranges.Count] = ids.Count;
        var hashes = nodes.Read(ids);
        if (hashes.Count != ids.Count)
        {
            throw new InvalidOperationException($"The node reader returned {hashes.Count} hashes for {ids.Count} nodes.");
        }
        var result = new List<byte[]>(ranges.Count);
        for (var i = 0; i < ranges.Count; i++)
        {
            // MTH of a range splits at its largest power of two: fold its subtrees from the right.
            var last = firsts[i + 1] - 1;
            var hash = hashes[last];
            for (var j = last - 1; j >= firsts[i]; j--)
            {
                hash = MerkleHash.Node(hashes[j], hash);
            }
            result.Add(hash);
        }
        return result;
    }

    private static long LargestPowerOfTwoBelow(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));
}
