using System.Numerics;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Traceability.Anchoring.Tests;

/// <summary>The committed build of deploy/contracts/Anchor.sol, as copied next to the tests.</summary>
public static class AnchorArtifacts
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Contracts");

    /// <summary>The ABI (build/Anchor.abi.json).</summary>
    public static string Abi => File.ReadAllText(Path.Combine(Folder, "Anchor.abi.json"));

    /// <summary>The creation bytecode, 0x-prefixed (build/Anchor.bin).</summary>
    public static string Bytecode => "0x" + File.ReadAllText(Path.Combine(Folder, "Anchor.bin")).Trim();

    /// <summary>build/Anchor.meta.json: compiler, settings, source hashes, runtime bytecode.</summary>
    public static JsonDocument Meta() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "Anchor.meta.json")));
}

[Function("anchor")]
public sealed class AnchorFunction : FunctionMessage
{
    [Parameter("bytes32", "root", 1)]
    public byte[] Root { get; set; } = [];

    [Parameter("uint64", "logs", 2)]
    public ulong Logs { get; set; }

    [Parameter("uint64", "sequence", 3)]
    public ulong Sequence { get; set; }
}

[Function("last", typeof(LastOutput))]
public sealed class LastFunction : FunctionMessage;

[FunctionOutput]
public sealed class LastOutput : IFunctionOutputDTO
{
    [Parameter("uint64", "sequence", 1)]
    public ulong Sequence { get; set; }

    [Parameter("bytes24", "rootPrefix", 2)]
    public byte[] RootPrefix { get; set; } = [];
}

[Function("owner", "address")]
public sealed class OwnerFunction : FunctionMessage;

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

[Error("NotOwner")]
public sealed class NotOwnerError;

[Error("SequenceNotIncreasing")]
public sealed class SequenceNotIncreasingError
{
    [Parameter("uint64", "last", 1)]
    public ulong Last { get; set; }

    [Parameter("uint64", "sequence", 2)]
    public ulong Sequence { get; set; }
}

[Error("RootAlreadyAnchored")]
public sealed class RootAlreadyAnchoredError
{
    [Parameter("bytes32", "root", 1)]
    public byte[] Root { get; set; } = [];
}

/// <summary>A deployed anchor contract, driven through Nethereum with a locally signing account.</summary>
public sealed class AnchorContract
{
    private AnchorContract(Web3 web3, string address)
    {
        Web3 = web3;
        Address = address;
    }

    public Web3 Web3 { get; }

    public string Address { get; }

    public string From => Web3.TransactionManager.Account.Address;

    /// <summary>A Web3 whose transactions <paramref name="privateKey"/> signs locally (EIP-1559 where the chain has it).</summary>
    public static Web3 Connect(string rpcUrl, string privateKey, long chainId) =>
        new(new Account(privateKey, new BigInteger(chainId)), rpcUrl);

    /// <summary>How long a test waits for a receipt before it fails rather than hangs.</summary>
    public static TimeSpan ReceiptTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Deploys the committed bytecode with the committed ABI; returns the contract and the deployment receipt.</summary>
    public static async Task<(AnchorContract Contract, TransactionReceipt Receipt)> DeployAsync(Web3 web3)
    {
        var from = web3.TransactionManager.Account.Address;
        // Nethereum 6.1.0 does not estimate a deployment's gas: without a limit it signs one of
        // DefaultGas (21,000), which the node takes into its pool and never mines.
        var gas = await web3.Eth.DeployContract.EstimateGasAsync(AnchorArtifacts.Abi, AnchorArtifacts.Bytecode, from);
        using var timeout = new CancellationTokenSource(ReceiptTimeout);
        var receipt = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            AnchorArtifacts.Abi, AnchorArtifacts.Bytecode, from, gas, timeout.Token);
        Assert.Equal(1, (int)receipt.Status.Value);
        return (new AnchorContract(web3, receipt.ContractAddress), receipt);
    }

    /// <summary>The same contract, with the transactions signed by another key.</summary>
    public AnchorContract As(Web3 other) => new(other, Address);

    /// <summary>Sends anchor(root, logs, sequence) and waits for the receipt (gas estimated by the node, which reverts first when the contract would).</summary>
    public async Task<TransactionReceipt> AnchorAsync(byte[] root, ulong logs, ulong sequence, BigInteger? gas = null)
    {
        var message = new AnchorFunction { Root = root, Logs = logs, Sequence = sequence };
        if (gas is { } limit)
        {
            message.Gas = limit;
        }

        using var timeout = new CancellationTokenSource(ReceiptTimeout);
        return await Web3.Eth.GetContractTransactionHandler<AnchorFunction>().SendRequestAndWaitForReceiptAsync(Address, message, timeout.Token);
    }

    public Task<LastOutput> LastAsync() =>
        Web3.Eth.GetContractQueryHandler<LastFunction>().QueryDeserializingToObjectAsync<LastOutput>(new LastFunction(), Address);

    public Task<string> OwnerAsync() =>
        Web3.Eth.GetContractQueryHandler<OwnerFunction>().QueryAsync<string>(Address, new OwnerFunction());

    /// <summary>A fresh random 32-byte root.</summary>
    public static byte[] NewRoot() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public static string Hex(byte[] bytes) => bytes.ToHex(prefix: true);
}
