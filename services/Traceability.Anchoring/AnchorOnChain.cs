using System.Globalization;
using Traceability.Proofs;

namespace Traceability.Anchoring;

/// <summary>
/// Checks a bundle's anchor against a chain: the transaction is mined, successful, in the block the
/// bundle names (same hash), on the same chain, and its event from the anchor contract at the named
/// log index carries the bundle's root, number of logs and sequence.
/// </summary>
public static class AnchorOnChain
{
    /// <summary>The findings of checking <paramref name="bundle"/>'s anchor on the chain at <paramref name="rpcUrl"/>.</summary>
    public static async Task<IReadOnlyList<Finding>> VerifyAsync(ProofBundle bundle, string rpcUrl)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Anchor is not { } anchor)
        {
            return [new Finding(false, "chain", $"the bundle carries no anchor to check on chain ({bundle.AnchorStatus})")];
        }

        var subject = $"anchor {anchor.Sequence} on chain";
        var client = new EthereumAnchorClient(rpcUrl);
        long chainId;
        try
        {
            chainId = await client.ChainIdAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An unreachable node is a finding: the anchor could not be checked.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return [new Finding(false, subject, $"cannot reach {rpcUrl}: {exception.Message}")];
        }

        if (chainId != anchor.ChainId)
        {
            return [new Finding(false, subject, $"{rpcUrl} is chain {chainId}, the anchor is on chain {anchor.ChainId}")];
        }

        var receipt = await client.ReceiptAsync(anchor.TransactionHash).ConfigureAwait(false);
        if (receipt is null)
        {
            return [new Finding(false, subject, $"transaction {anchor.TransactionHash} is not on this chain: the anchor does not hold here")];
        }

        if (receipt.Status?.Value != 1)
        {
            return [new Finding(false, subject, $"transaction {anchor.TransactionHash} failed on chain")];
        }

        var block = (long)receipt.BlockNumber.Value;
        if (block != anchor.BlockNumber || !string.Equals(receipt.BlockHash, anchor.BlockHash, StringComparison.OrdinalIgnoreCase))
        {
            return [new Finding(false, subject, $"transaction {anchor.TransactionHash} is in block {block} ({receipt.BlockHash}), not in block {anchor.BlockNumber} ({anchor.BlockHash}) as the bundle says")];
        }

        var found = EthereumAnchorClient.AnchorIn(receipt, anchor.Contract);
        if (found is null || found.LogIndex != anchor.LogIndex)
        {
            return [new Finding(false, subject, $"transaction {anchor.TransactionHash} carries no Anchored event of contract {anchor.Contract} at log index {anchor.LogIndex}")];
        }

        if (Convert.ToBase64String(found.Root) != anchor.Root || found.Logs != anchor.Logs || found.Sequence != anchor.Sequence)
        {
            return [new Finding(false, subject, $"the event on chain anchors root {Convert.ToBase64String(found.Root)} ({found.Logs} logs, sequence {found.Sequence}), not the bundle's root {anchor.Root} ({anchor.Logs} logs, sequence {anchor.Sequence})")];
        }

        var head = await client.BlockNumberAsync().ConfigureAwait(false);
        var time = (await client.BlockAsync(block).ConfigureAwait(false))?.Time;
        return [new Finding(true, subject, string.Create(CultureInfo.InvariantCulture,
            $"contract {anchor.Contract} emitted the bundle's root in transaction {anchor.TransactionHash}, block {block} (mined {time:u}), {head - block + 1} confirmations"))];
    }
}
