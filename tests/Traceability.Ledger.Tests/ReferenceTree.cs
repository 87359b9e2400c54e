namespace Traceability.Ledger.Tests;

/// <summary>
/// RFC 6962 §2.1 written as the RFC states it (MTH, PATH, PROOF, recursive over the whole leaf list),
/// to compare the stored-node proof builder with; and an in-memory node store built from it.
/// </summary>
internal sealed class ReferenceTree(IReadOnlyList<byte[]> leaves) : IMerkleNodes
{
    public static ReferenceTree WithLeaves(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => System.Text.Encoding.UTF8.GetBytes($"leaf {i}"))]);

    public IReadOnlyList<byte[]> Leaves => leaves;

    public List<MerkleNodeId> Reads { get; } = [];

    public byte[] Mth(int begin, int end)
    {
        var n = end - begin;
        if (n == 0)
        {
            return MerkleHash.EmptyRoot.ToArray();
        }
        if (n == 1)
        {
            return MerkleHash.Leaf(leaves[begin]);
        }
        var k = Split(n);
        return MerkleHash.Node(Mth(begin, begin + k), Mth(begin + k, end));
    }

    public List<byte[]> Path(int m, int begin, int end)
    {
        var n = end - begin;
        if (n == 1)
        {
            return [];
        }
        var k = Split(n);
        return m < k
            ? [.. Path(m, begin, begin + k), Mth(begin + k, end)]
            : [.. Path(m - k, begin + k, end), Mth(begin, begin + k)];
    }

    public List<byte[]> Proof(int m, int n) => SubProof(m, 0, n, true);

    public IReadOnlyList<byte[]> Read(IReadOnlyList<MerkleNodeId> ids)
    {
        Reads.AddRange(ids);
        return [.. ids.Select(id =>
        {
            var begin = checked((int)(id.Index << id.Level));
            var end = begin + (1 << id.Level);
            if (end > leaves.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(ids));
            }
            return Mth(begin, end);
        })];
    }

    private List<byte[]> SubProof(int m, int begin, int end, bool b)
    {
        var n = end - begin;
        if (m == n)
        {
            return b ? [] : [Mth(begin, end)];
        }
        var k = Split(n);
        return m <= k
            ? [.. SubProof(m, begin, begin + k, b), Mth(begin + k, end)]
            : [.. SubProof(m - k, begin + k, end, false), Mth(begin, begin + k)];
    }

    private static int Split(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }
        return k;
    }
}
