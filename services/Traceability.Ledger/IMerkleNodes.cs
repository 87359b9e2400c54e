namespace Traceability.Ledger;

/// <summary>
/// Reads stored complete-subtree hashes of one Merkle log. The proof builder asks for O(log n) of them
/// at a time, in one call, so that a store can fetch them in one round trip.
/// </summary>
public interface IMerkleNodes
{
    /// <summary>
    /// Returns the hashes of <paramref name="ids"/>, in the same order (a level-0 node is the leaf hash
    /// <c>SHA-256(0x00 ‖ data)</c>). Throws <see cref="ArgumentOutOfRangeException"/> when a node is not
    /// stored, which means the log is smaller than the size asked about.
    /// </summary>
    IReadOnlyList<byte[]> Read(IReadOnlyList<MerkleNodeId> ids);
}
