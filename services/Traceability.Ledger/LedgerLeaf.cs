namespace Traceability.Ledger;

/// <summary>A stored leaf of a log: its index, its data and the reference it was appended with.</summary>
public sealed record LedgerLeaf(long Index, byte[] Data, long Reference)
{
    /// <summary>The leaf hash, <c>SHA-256(0x00 ‖ Data)</c>.</summary>
    public byte[] Hash => MerkleHash.Leaf(Data);
}
