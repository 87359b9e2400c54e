using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;

namespace Traceability.Anchoring.Tests;

/// <summary>The committed anchor contract on a real node (anvil 1.7.1, chain 31337).</summary>
public sealed class AnchorContractTests(AnvilFixture fixture, ITestOutputHelper output) : IClassFixture<AnvilFixture>
{
    private const int GasCap = 30_000;

    private async Task<AnchorContract> DeployAsync(int account = 0)
    {
        var anvil = fixture.Anvil;
        var (contract, _) = await AnchorContract.DeployAsync(AnchorContract.Connect(anvil.RpcUrl, anvil.PrivateKeys[account], anvil.ChainId));
        return contract;
    }

    [Fact]
    public async Task The_committed_bytecode_deploys_and_runs_the_committed_runtime_code()
    {
        var anvil = fixture.Anvil;
        var web3 = AnchorContract.Connect(anvil.RpcUrl, anvil.PrivateKeys[0], anvil.ChainId);
        var (contract, receipt) = await AnchorContract.DeployAsync(web3);

        using var meta = AnchorArtifacts.Meta();
        Assert.StartsWith("0.8.37+commit.f401782d", meta.RootElement.GetProperty("compiler").GetProperty("version").GetString(), StringComparison.Ordinal);
        // The committed runtime code, with the deployer's address where solc placed the immutable owner.
        var expected = meta.RootElement.GetProperty("runtimeBytecode").GetString()!.HexToByteArray();
        var owner = anvil.Addresses[0].HexToByteArray();
        foreach (var immutable in meta.RootElement.GetProperty("runtimeImmutableReferences").EnumerateObject())
        {
            foreach (var reference in immutable.Value.EnumerateArray())
            {
                var start = reference.GetProperty("start").GetInt32();
                var length = reference.GetProperty("length").GetInt32();
                Assert.Equal(new byte[length], expected[start..(start + length)]);
                owner.CopyTo(expected, start + length - owner.Length);
            }
        }

        var code = await web3.Eth.GetCode.SendRequestAsync(contract.Address);
        Assert.Equal(expected.ToHex(prefix: true), code);

        Assert.Equal(anvil.Addresses[0], await contract.OwnerAsync(), StringComparer.OrdinalIgnoreCase);
        var last = await contract.LastAsync();
        Assert.Equal(0UL, last.Sequence);
        Assert.Equal(new byte[24], last.RootPrefix);
        output.WriteLine($"deployment: {receipt.GasUsed.Value} gas");
    }

    [Fact]
    public async Task An_anchor_emits_Anchored_with_its_root_logs_and_sequence_in_an_EIP1559_transaction()
    {
        var contract = await DeployAsync();
        var root = AnchorContract.NewRoot();

        var receipt = await contract.AnchorAsync(root, logs: 3, sequence: 1);

        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.Equal(2, (int)receipt.Type.Value);
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(contract.Address, log.Address, StringComparer.OrdinalIgnoreCase);
        var anchored = Assert.Single(receipt.DecodeAllEvents<AnchoredEvent>());
        Assert.Equal(root, anchored.Event.Root);
        Assert.Equal(3UL, anchored.Event.Logs);
        Assert.Equal(1UL, anchored.Event.Sequence);

        var last = await contract.LastAsync();
        Assert.Equal(1UL, last.Sequence);
        Assert.Equal(root[..24], last.RootPrefix);
    }

    [Fact]
    public async Task The_anchor_is_found_again_by_an_independent_read_of_the_chain_at_its_transaction_and_log_index()
    {
        var contract = await DeployAsync();
        var root = AnchorContract.NewRoot();
        var receipt = await contract.AnchorAsync(root, logs: 1_000, sequence: 7);
        var logIndex = receipt.Logs[0].LogIndex;

        // Another client, reading only: the receipt by transaction hash, then the logs of that block.
        var reader = new Nethereum.Web3.Web3(fixture.Anvil.RpcUrl);
        var again = await reader.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash);
        Assert.Equal(receipt.BlockHash, again.BlockHash);
        var anchored = reader.Eth.GetEvent<AnchoredEvent>(contract.Address);
        var logs = await anchored.GetAllChangesAsync(anchored.CreateFilterInput(
            new BlockParameter(receipt.BlockNumber), new BlockParameter(receipt.BlockNumber)));
        var found = Assert.Single(logs, l => l.Log.LogIndex.Value == logIndex.Value && l.Log.TransactionHash == receipt.TransactionHash);
        Assert.Equal(root, found.Event.Root);
        Assert.Equal(1_000UL, found.Event.Logs);
        Assert.Equal(7UL, found.Event.Sequence);
    }

    [Fact]
    public async Task The_last_root_again_is_refused_and_a_new_root_is_taken()
    {
        var contract = await DeployAsync();
        var first = AnchorContract.NewRoot();
        await contract.AnchorAsync(first, logs: 2, sequence: 1);

        var refused = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() => contract.AnchorAsync(first, logs: 2, sequence: 2));
        Assert.True(refused.IsCustomErrorFor<RootAlreadyAnchoredError>(), refused.ExceptionEncodedData);
        Assert.Equal(first, refused.DecodeError<RootAlreadyAnchoredError>().Root);

        var second = AnchorContract.NewRoot();
        Assert.Equal(1, (int)(await contract.AnchorAsync(second, logs: 2, sequence: 2)).Status.Value);
        var last = await contract.LastAsync();
        Assert.Equal(2UL, last.Sequence);
        Assert.Equal(second[..24], last.RootPrefix);
    }

    [Theory]
    [InlineData(5UL, 5UL)]
    [InlineData(5UL, 4UL)]
    [InlineData(5UL, 0UL)]
    public async Task A_sequence_not_above_the_last_is_refused(ulong anchored, ulong next)
    {
        var contract = await DeployAsync();
        await contract.AnchorAsync(AnchorContract.NewRoot(), logs: 1, sequence: anchored);

        var refused = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() => contract.AnchorAsync(AnchorContract.NewRoot(), logs: 1, sequence: next));

        Assert.True(refused.IsCustomErrorFor<SequenceNotIncreasingError>(), refused.ExceptionEncodedData);
        var error = refused.DecodeError<SequenceNotIncreasingError>();
        Assert.Equal(anchored, error.Last);
        Assert.Equal(next, error.Sequence);
        Assert.Equal(anchored, (await contract.LastAsync()).Sequence);
    }

    [Fact]
    public async Task Sequence_zero_is_refused_on_a_new_contract()
    {
        var contract = await DeployAsync();

        var refused = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() => contract.AnchorAsync(AnchorContract.NewRoot(), logs: 1, sequence: 0));

        Assert.True(refused.IsCustomErrorFor<SequenceNotIncreasingError>(), refused.ExceptionEncodedData);
    }

    [Fact]
    public async Task Another_account_than_the_deployer_is_refused()
    {
        var anvil = fixture.Anvil;
        var contract = await DeployAsync();
        var stranger = contract.As(AnchorContract.Connect(anvil.RpcUrl, anvil.PrivateKeys[1], anvil.ChainId));

        var refused = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() => stranger.AnchorAsync(AnchorContract.NewRoot(), logs: 1, sequence: 1));

        Assert.True(refused.IsCustomErrorFor<NotOwnerError>(), refused.ExceptionEncodedData);
        Assert.Equal(0UL, (await contract.LastAsync()).Sequence);
    }

    [Fact]
    public async Task A_refused_anchor_mined_anyway_fails_without_an_event_and_changes_nothing()
    {
        var contract = await DeployAsync();
        var root = AnchorContract.NewRoot();
        await contract.AnchorAsync(root, logs: 1, sequence: 1);

        // A fixed gas limit skips the node's estimate, so the refused call is mined and fails on chain.
        var receipt = await contract.AnchorAsync(root, logs: 1, sequence: 2, gas: new BigInteger(100_000));

        Assert.Equal(0, (int)receipt.Status.Value);
        Assert.Empty(receipt.Logs);
        var last = await contract.LastAsync();
        Assert.Equal(1UL, last.Sequence);
        Assert.Equal(root[..24], last.RootPrefix);
    }

    [Fact]
    public async Task One_anchor_costs_at_most_30000_gas_whatever_the_number_of_logs_the_first_one_too()
    {
        var contract = await DeployAsync();
        var used = new List<(ulong Logs, ulong Sequence, BigInteger Gas)>();
        ulong sequence = 0;
        foreach (var logs in new ulong[] { 1, 1_000, 1_000_000, 1, 1_000, 1_000_000, 12, 40 })
        {
            var receipt = await contract.AnchorAsync(AnchorContract.NewRoot(), logs, ++sequence);
            Assert.Equal(1, (int)receipt.Status.Value);
            used.Add((logs, sequence, receipt.GasUsed.Value));
        }

        foreach (var (logs, seq, gas) in used)
        {
            output.WriteLine($"anchor #{seq}, {logs} logs: {gas} gas");
        }

        Assert.All(used, u => Assert.True(u.Gas <= GasCap, $"anchor #{u.Sequence} used {u.Gas} gas, more than {GasCap}"));
        // The same code path every time: only the calldata's count of non-zero bytes moves the cost (16 vs 4 gas a byte).
        var spread = used.Max(u => u.Gas) - used.Min(u => u.Gas);
        Assert.True(spread <= 200, $"gas per anchor varies by {spread}");
    }

    [Fact]
    public void The_committed_ABI_encodes_anchor_as_the_typed_message_does()
    {
        var web3 = new Nethereum.Web3.Web3();
        var root = AnchorContract.NewRoot();
        var fromAbi = web3.Eth.GetContract(AnchorArtifacts.Abi, "0x0000000000000000000000000000000000000001")
            .GetFunction("anchor").GetData(root, 5UL, 9UL);
        var typed = new AnchorFunction { Root = root, Logs = 5, Sequence = 9 }.GetCallData().ToHex(prefix: true);

        Assert.Equal(typed, fromAbi);
        Assert.StartsWith("0x" + Nethereum.Util.Sha3Keccack.Current.CalculateHash("anchor(bytes32,uint64,uint64)")[..8], fromAbi, StringComparison.Ordinal);
    }
}
