using System.Numerics;
using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Traceability.Anchoring;

/// <summary>The <c>Anchored(root, logs, sequence)</c> event of the anchor contract.</summary>
[Event("Anchored")]
public sealed class AnchoredEvent : IEventDTO
{
    [Parameter("bytes32", "root", 1, false)]
    public byte[] Root { get; set; } = [];

    [Parameter("uint64", "logs", 2, false)]
    public ulong Logs { get; set; }

    [Parameter("uint64", "sequence", 3, false)]
    public ulong Sequence { get; set; }
}

/// <summary>An <c>Anchored</c> event found on chain, with where it is.</summary>
public sealed record FoundAnchor(byte[] Root, long Logs, long Sequence, string Contract, string TransactionHash, long BlockNumber, string BlockHash, long LogIndex);

/// <summary>
/// The chain as the anchoring service and the verifier use it, through Nethereum: the anchor
/// contract (the committed ABI and bytecode of deploy/contracts), transactions signed locally
/// with the platform's key (EIP-1559), receipts, blocks and the <c>Anchored</c> events.
/// </summary>
public sealed class EthereumAnchorClient
{
    private static readonly Lazy<string> Abi = new(() => Resource("Anchor.abi.json"));
    private static readonly Lazy<string> Bytecode = new(() => Resource("Anchor.bin").Trim());

    private readonly Web3 _web3;
    private readonly Account? _account;

    /// <summary>A client of <paramref name="rpcUrl"/>; without <paramref name="privateKey"/> it can only read.</summary>
    public EthereumAnchorClient(string rpcUrl, string? privateKey = null, long? chainId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rpcUrl);
        if (privateKey is { Length: > 0 })
        {
            _account = chainId is { } id ? new Account(privateKey, new BigInteger(id)) : new Account(privateKey);
            _web3 = new Web3(_account, rpcUrl);
        }
        else
        {
            _web3 = new Web3(rpcUrl);
        }
    }

    /// <summary>The platform account's address.</summary>
    public string Address => _account?.Address ?? throw new InvalidOperationException("No private key: this client only reads.");

    public async Task<long> ChainIdAsync() => (long)(await _web3.Eth.ChainId.SendRequestAsync().ConfigureAwait(false)).Value;

    public async Task<long> BlockNumberAsync() => (long)(await _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().ConfigureAwait(false)).Value;

    /// <summary>The hash, time and base fee of block <paramref name="number"/>, or null when the chain has no such block.</summary>
    public async Task<(string Hash, DateTimeOffset Time, BigInteger? BaseFee)?> BlockAsync(long number)
    {
        var block = await _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number)).ConfigureAwait(false);
        return block is null ? null : (block.BlockHash, DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value), block.BaseFeePerGas?.Value);
    }

    /// <summary>The account's next nonce, counting pending transactions (<paramref name="pending"/>) or only mined ones.</summary>
    public async Task<long> NonceAsync(bool pending) =>
        (long)(await _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(Address, pending ? BlockParameter.CreatePending() : BlockParameter.CreateLatest()).ConfigureAwait(false)).Value;

    /// <summary>Deploys the anchor contract from the committed bytecode and returns its address.</summary>
    public async Task<string> DeployAsync(CancellationToken cancellationToken = default)
    {
        var receipt = await _web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(Abi.Value, Bytecode.Value, Address, new HexBigInteger(1_000_000), cancellationToken).ConfigureAwait(false);
        if (receipt.Status?.Value != 1 || string.IsNullOrEmpty(receipt.ContractAddress))
        {
            throw new InvalidOperationException($"Deploying the anchor contract failed (transaction {receipt.TransactionHash}).");
        }

        return receipt.ContractAddress;
    }

    /// <summary>Whether <paramref name="contract"/> holds code on the chain.</summary>
    public async Task<bool> HasCodeAsync(string contract)
    {
        var code = await _web3.Eth.GetCode.SendRequestAsync(contract).ConfigureAwait(false);
        return code is { Length: > 2 } && code != "0x";
    }

    /// <summary>Signs (without sending) an EIP-1559 call of <c>anchor(root, logs, sequence)</c>; returns the raw transaction and its hash.</summary>
    public async Task<(string Raw, string Hash)> SignAnchorAsync(string contract, byte[] root, long logs, long sequence, long nonce, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, long gas, long chainId)
    {
        var data = _web3.Eth.GetContract(Abi.Value, contract).GetFunction("anchor").GetData(root, (ulong)logs, (ulong)sequence);
        var input = new TransactionInput
        {
            From = Address,
            To = contract,
            Data = data,
            Gas = new HexBigInteger(gas),
            Value = new HexBigInteger(0),
            Nonce = new HexBigInteger(nonce),
            MaxFeePerGas = new HexBigInteger(maxFeePerGas),
            MaxPriorityFeePerGas = new HexBigInteger(maxPriorityFeePerGas),
            Type = new HexBigInteger(2),
            ChainId = new HexBigInteger(chainId),
        };
        var raw = await _account!.TransactionManager.SignTransactionAsync(input).ConfigureAwait(false);
        raw = raw.StartsWith("0x", StringComparison.Ordinal) ? raw : "0x" + raw;
        var hash = Nethereum.Util.TransactionUtils.CalculateTransactionHash(raw);
        return (raw, hash.StartsWith("0x", StringComparison.Ordinal) ? hash : "0x" + hash);
    }

    /// <summary>Broadcasts a signed transaction; one the node already knows (or has mined) is fine.</summary>
    public async Task BroadcastAsync(string raw)
    {
        try
        {
            await _web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(raw).ConfigureAwait(false);
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException exception) when (AlreadyThere(exception.Message))
        {
            // The same transaction again: nothing to do.
        }
    }

    public Task<TransactionReceipt?> ReceiptAsync(string hash) => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash)!;

    /// <summary>Whether the node knows the transaction (pending or mined).</summary>
    public async Task<bool> KnowsAsync(string hash) => await _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash).ConfigureAwait(false) is not null;

    /// <summary>The <c>Anchored</c> event that <paramref name="receipt"/> carries from <paramref name="contract"/>, or null.</summary>
    public static FoundAnchor? AnchorIn(TransactionReceipt receipt, string contract)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var anchored = receipt.DecodeAllEvents<AnchoredEvent>()
            .FirstOrDefault(e => string.Equals(e.Log.Address, contract, StringComparison.OrdinalIgnoreCase));
        return anchored is null
            ? null
            : new FoundAnchor(anchored.Event.Root, (long)anchored.Event.Logs, (long)anchored.Event.Sequence, anchored.Log.Address,
                receipt.TransactionHash, (long)receipt.BlockNumber.Value, receipt.BlockHash, (long)anchored.Log.LogIndex.Value);
    }

    private static bool AlreadyThere(string message) =>
        message.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || message.Contains("already imported", StringComparison.OrdinalIgnoreCase)
        || message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase);

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The anchor contract's {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
