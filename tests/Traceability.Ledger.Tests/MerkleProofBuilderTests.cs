namespace Traceability.Ledger.Tests;

public sealed class MerkleProofBuilderTests
{
    private const int MaxLeaves = 70;

    [Fact]
    public void TheHashesAreRfc6962s()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleHash.EmptyRoot));
        // RFC 6962 leaf hash of the empty leaf: SHA-256(0x00).
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(MerkleHash.Leaf([])));
    }

    [Fact]
    public void EveryRootEqualsTheRecursiveMth()
    {
        var tree = ReferenceTree.WithLeaves(MaxLeaves);
        for (var size = 0; size <= MaxLeaves; size++)
        {
            Assert.Equal(tree.Mth(0, size), MerkleProofBuilder.Root(tree, size));
        }
    }

    [Fact]
    public void EveryInclusionProofEqualsRfcPathAndVerifies()
    {
        var tree = ReferenceTree.WithLeaves(MaxLeaves);
        for (var size = 1; size <= MaxLeaves; size++)
        {
            var root = tree.Mth(0, size);
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleProofBuilder.InclusionProof(tree, index, size);

                Assert.Equal(tree.Path(index, 0, size), proof);
                var check = MerkleProofs.VerifyInclusion(index, size, MerkleHash.Leaf(tree.Leaves[index]), proof, root);
                Assert.True(check.Ok, check.Failure);
            }
        }
    }

    [Fact]
    public void EveryConsistencyProofEqualsRfcProofAndVerifies()
    {
        var tree = ReferenceTree.WithLeaves(MaxLeaves);
        for (var size2 = 1; size2 <= MaxLeaves; size2++)
        {
            var root2 = tree.Mth(0, size2);
            for (var size1 = 1; size1 <= size2; size1++)
            {
                var proof = MerkleProofBuilder.ConsistencyProof(tree, size1, size2);

                Assert.Equal(tree.Proof(size1, size2), proof);
                var check = MerkleProofs.VerifyConsistency(size1, size2, proof, tree.Mth(0, size1), root2);
                Assert.True(check.Ok, check.Failure);
            }
        }
    }

    [Fact]
    public void AProofReadsLogarithmicallyManyNodesInOneCall()
    {
        var tree = ReferenceTree.WithLeaves(MaxLeaves);
        for (var size = 1; size <= MaxLeaves; size++)
        {
            for (var index = 0; index < size; index++)
            {
                tree.Reads.Clear();
                MerkleProofBuilder.InclusionProof(tree, index, size);
                var height = (int)Math.Ceiling(Math.Log2(size));
                Assert.InRange(tree.Reads.Count, 0, 2 * height);
            }
        }
    }

    [Fact]
    public void AProofOfALeafBeyondTheSizeIsRefused()
    {
        var tree = ReferenceTree.WithLeaves(4);

        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofBuilder.InclusionProof(tree, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofBuilder.InclusionProof(tree, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofBuilder.ConsistencyProof(tree, 0, 4));
    }

    [Fact]
    public void StoredPositionsFollowTheOrderOfCompletion()
    {
        var seen = new List<long>();
        for (long n = 0; n < 1000; n++)
        {
            seen.Add(new MerkleNodeId(0, n).StoredPosition);
            for (var level = 1; ((n + 1) & ((1L << level) - 1)) == 0; level++)
            {
                seen.Add(new MerkleNodeId(level, n >> level).StoredPosition);
            }
        }
        Assert.Equal(Enumerable.Range(0, seen.Count).Select(i => (long)i), seen);
    }
}
