using System.Globalization;
using System.Numerics;

namespace Traceability.Ledger;

/// <summary>
/// Checks inclusion and consistency proofs of an RFC 6962 Merkle log (RFC 9162 §2.1.3.2 and §2.1.4.2),
/// with the semantics of <c>github.com/transparency-dev/merkle/proof</c>: same accepted inputs, same
/// rejected ones. Pure, thread-safe, and never throws on bad input: every failure is a
/// <see cref="ProofCheck"/> that says what is wrong.
/// </summary>
public static class MerkleProofs
{
    /// <summary>
    /// Checks that <paramref name="leafHash"/> is the leaf at <paramref name="index"/> of the tree of
    /// <paramref name="size"/> leaves whose root is <paramref name="root"/>.
    /// </summary>
    public static ProofCheck VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        Span<byte> calculated = stackalloc byte[MerkleHash.Size];
        var check = RootFromInclusionProof(index, size, leafHash, proof, calculated);
        if (!check.Ok)
        {
            return check;
        }
        return calculated.SequenceEqual(root)
            ? ProofCheck.Valid
            : ProofCheck.Invalid($"the root calculated from the proof ({Convert.ToBase64String(calculated)}) is not the expected root ({Convert.ToBase64String(root)})");
    }

    /// <summary>
    /// Calculates into <paramref name="root"/> (32 bytes) the root of the tree of <paramref name="size"/>
    /// leaves implied by an inclusion proof of the leaf <paramref name="leafHash"/> at <paramref name="index"/>.
    /// </summary>
    public static ProofCheck RootFromInclusionProof(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, Span<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (root.Length < MerkleHash.Size)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(root));
        }
        if (index < 0 || size < 0)
        {
            return ProofCheck.Invalid(Invariant($"the index ({index}) and the size ({size}) must not be negative"));
        }
        if (index >= size)
        {
            return ProofCheck.Invalid(Invariant($"the index {index} is beyond the tree size {size}"));
        }
        if (leafHash.Length != MerkleHash.Size)
        {
            return ProofCheck.Invalid(Invariant($"the leaf hash has {leafHash.Length} bytes, not {MerkleHash.Size}"));
        }
        var (inner, border) = DecomposeInclusionProof((ulong)index, (ulong)size);
        if (proof.Count != inner + border)
        {
            return ProofCheck.Invalid(Invariant($"the proof has {proof.Count} hashes, a proof for leaf {index} of {size} has {inner + border}"));
        }

        var chain = new Chain(leafHash, root[..MerkleHash.Size]);
        chain.Inner(proof, 0, inner, (ulong)index);
        chain.BorderRight(proof, inner, border);
        chain.Current.CopyTo(root);
        return ProofCheck.Valid;
    }

    /// <summary>
    /// Checks that the tree of <paramref name="size2"/> leaves with root <paramref name="root2"/> extends
    /// the tree of <paramref name="size1"/> leaves with root <paramref name="root1"/>. As in
    /// transparency-dev/merkle, a proof from the empty tree (<paramref name="size1"/> = 0) is rejected as
    /// meaningless.
    /// </summary>
    public static ProofCheck VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size1 < 0 || size2 < 0)
        {
            return ProofCheck.Invalid(Invariant($"the sizes ({size1}, {size2}) must not be negative"));
        }
        if (size2 < size1)
        {
            return ProofCheck.Invalid(Invariant($"the second size ({size2}) is smaller than the first ({size1})"));
        }
        if (size1 == 0)
        {
            return ProofCheck.Invalid("a consistency proof from the empty tree is meaningless");
        }
        if (size1 == size2)
        {
            if (proof.Count > 0)
            {
                return ProofCheck.Invalid("the sizes are equal, but the proof is not empty");
            }
            return root1.SequenceEqual(root2)
                ? ProofCheck.Valid
                : ProofCheck.Invalid("the sizes are equal, but the roots differ");
        }
        if (proof.Count == 0)
        {
            return ProofCheck.Invalid("the proof is empty");
        }

        var (inner, border) = DecomposeInclusionProof((ulong)size1 - 1, (ulong)size2);
        var shift = BitOperations.TrailingZeroCount((ulong)size1);
        inner -= shift; // shift < inner when size1 < size2.

        // The proof starts with the root of the subtree of size 2^shift, unless size1 is that very subtree.
        var seedIsRoot1 = size1 == 1L << shift;
        var start = seedIsRoot1 ? 0 : 1;
        if (proof.Count != start + inner + border)
        {
            return ProofCheck.Invalid(Invariant($"the proof has {proof.Count} hashes, a proof from {size1} to {size2} has {start + inner + border}"));
        }
        var seed = seedIsRoot1 ? root1 : proof[0];
        var mask = ((ulong)size1 - 1) >> shift;

        var chain1 = new Chain(seed, stackalloc byte[MerkleHash.Size]);
        chain1.InnerRight(proof, start, inner, mask);
        chain1.BorderRight(proof, start + inner, border);
        if (!chain1.Current.SequenceEqual(root1))
        {
            return ProofCheck.Invalid("the proof does not lead to the first root");
        }

        var chain2 = new Chain(seed, stackalloc byte[MerkleHash.Size]);
        chain2.Inner(proof, start, inner, mask);
        chain2.BorderRight(proof, start + inner, border);
        return chain2.Current.SequenceEqual(root2)
            ? ProofCheck.Valid
            : ProofCheck.Invalid("the proof does not lead to the second root");
    }

    /// <summary>
    /// The lengths of the two parts of an inclusion proof for leaf <paramref name="index"/> of a tree of
    /// <paramref name="size"/>: below and above the point where the paths to the leaf and to the last
    /// leaf diverge. Their sum is the length of the proof.
    /// </summary>
    internal static (int Inner, int Border) DecomposeInclusionProof(ulong index, ulong size)
    {
        var inner = 64 - BitOperations.LeadingZeroCount(index ^ (size - 1));
        var border = BitOperations.PopCount(inner >= 64 ? 0 : index >> inner);
        return (inner, border);
    }

    /// <summary>
    /// A hash being chained up the tree from a seed of any length (as in Go, a malformed seed is hashed,
    /// not refused); the running value lives in a 32-byte buffer once the first node is hashed.
    /// </summary>
    private ref struct Chain(ReadOnlySpan<byte> seed, Span<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _seed = seed;
        private readonly Span<byte> _buffer = buffer;
        private bool _hashed;

        public readonly ReadOnlySpan<byte> Current => _hashed ? _buffer : _seed;

        /// <summary>Chains a path below or on the right border, siblings ordered from the bottom up.</summary>
        public void Inner(IReadOnlyList<byte[]> proof, int from, int count, ulong index)
        {
            for (var i = 0; i < count; i++)
            {
                if (((index >> i) & 1) == 0)
                {
                    Hash(Current, proof[from + i]);
                }
                else
                {
                    Hash(proof[from + i], Current);
                }
            }
        }

        /// <summary>Like <see cref="Inner"/> with only the siblings on the left: the earlier version of the subtree.</summary>
        public void InnerRight(IReadOnlyList<byte[]> proof, int from, int count, ulong index)
        {
            for (var i = 0; i < count; i++)
            {
                if (((index >> i) & 1) == 1)
                {
                    Hash(proof[from + i], Current);
                }
            }
        }

        /// <summary>Chains along the right border, where every sibling is on the left.</summary>
        public void BorderRight(IReadOnlyList<byte[]> proof, int from, int count)
        {
            for (var i = 0; i < count; i++)
            {
                Hash(proof[from + i], Current);
            }
        }

        private void Hash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
        {
            MerkleHash.Node(left, right, _buffer);
            _hashed = true;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
