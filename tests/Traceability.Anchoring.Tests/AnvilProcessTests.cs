using System.Net.Sockets;
using System.Numerics;
using Nethereum.Hex.HexTypes;
using Traceability.Testing;

namespace Traceability.Anchoring.Tests;

/// <summary>The test node's own controls, on which the anchoring failure tests rely.</summary>
public sealed class AnvilProcessTests
{
    [Fact]
    public async Task It_listens_on_loopback_with_chain_31337_and_the_default_funded_accounts_and_stops_on_dispose()
    {
        string url;
        await using (var anvil = await AnvilProcess.StartAsync())
        {
            url = anvil.RpcUrl;
            Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
            Assert.Equal(31337, await anvil.GetChainIdAsync());
            Assert.Equal(10, anvil.PrivateKeys.Count);
            Assert.Equal(10, anvil.Addresses.Count);
            Assert.Equal("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", anvil.PrivateKeys[0]);
            Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", anvil.Addresses[0]);
            var account = new Nethereum.Web3.Accounts.Account(anvil.PrivateKeys[3], anvil.ChainId);
            Assert.Equal(anvil.Addresses[3], account.Address, StringComparer.OrdinalIgnoreCase);
        }

        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", new Uri(url).Port));
    }

    [Fact]
    public async Task Snapshot_and_revert_take_an_anchor_away()
    {
        await using var anvil = await AnvilProcess.StartAsync();
        var (contract, _) = await AnchorContract.DeployAsync(AnchorContract.Connect(anvil.RpcUrl, anvil.PrivateKeys[0], anvil.ChainId));
        var snapshot = await anvil.SnapshotAsync();
        var receipt = await contract.AnchorAsync(AnchorContract.NewRoot(), logs: 1, sequence: 1);

        Assert.True(await anvil.RevertAsync(snapshot));

        Assert.Null(await contract.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash));
        Assert.Equal(0UL, (await contract.LastAsync()).Sequence);
    }

    [Fact]
    public async Task A_reorg_replaces_the_anchoring_block_at_the_same_height_without_the_anchor()
    {
        await using var anvil = await AnvilProcess.StartAsync();
        var (contract, _) = await AnchorContract.DeployAsync(AnchorContract.Connect(anvil.RpcUrl, anvil.PrivateKeys[0], anvil.ChainId));
        var receipt = await contract.AnchorAsync(AnchorContract.NewRoot(), logs: 1, sequence: 1);
        await anvil.MineAsync(2);
        var height = await anvil.GetBlockNumberAsync();
        var anchoringBlock = (long)receipt.BlockNumber.Value;

        await anvil.ReorgAsync(depth: 3);

        Assert.Equal(height, await anvil.GetBlockNumberAsync());
        Assert.NotEqual(receipt.BlockHash, await anvil.GetBlockHashAsync(anchoringBlock));
        Assert.Null(await contract.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash));
        Assert.Equal(0UL, (await contract.LastAsync()).Sequence);

        await anvil.RollbackAsync(1);
        Assert.Equal(height - 1, await anvil.GetBlockNumberAsync());
    }

    [Fact]
    public async Task Without_automine_a_transaction_waits_in_the_pool_until_mined_or_dropped()
    {
        await using var anvil = await AnvilProcess.StartAsync();
        var web3 = AnchorContract.Connect(anvil.RpcUrl, anvil.PrivateKeys[0], anvil.ChainId);
        var (contract, _) = await AnchorContract.DeployAsync(web3);
        await anvil.SetAutomineAsync(false);
        var handler = web3.Eth.GetContractTransactionHandler<AnchorFunction>();

        var first = await handler.SendRequestAsync(contract.Address, new AnchorFunction { Root = AnchorContract.NewRoot(), Logs = 1, Sequence = 1 });
        Assert.Equal([first], await anvil.GetPendingTransactionsAsync());
        await anvil.DropTransactionAsync(first);
        Assert.Empty(await anvil.GetPendingTransactionsAsync());
        await anvil.MineAsync();
        Assert.Null(await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(first));

        var second = await handler.SendRequestAsync(contract.Address, new AnchorFunction
        {
            Root = AnchorContract.NewRoot(), Logs = 1, Sequence = 1,
            Nonce = new HexBigInteger(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(web3.TransactionManager.Account.Address)),
        });
        await anvil.EvmMineAsync();
        Assert.Equal(1, (int)(await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(second)).Status.Value);

        await anvil.SetAutomineAsync(true);
        Assert.Equal(1UL, (await contract.LastAsync()).Sequence);
    }

    [Fact]
    public async Task The_next_block_base_fee_can_be_raised()
    {
        await using var anvil = await AnvilProcess.StartAsync(new AnvilOptions { NoMining = true });
        var fee = BigInteger.Parse("250000000000", System.Globalization.CultureInfo.InvariantCulture); // 250 gwei

        await anvil.SetNextBlockBaseFeePerGasAsync(fee);
        await anvil.MineAsync();

        var block = await anvil.RpcAsync("eth_getBlockByNumber", "latest", false);
        Assert.Equal(fee, AnvilProcess.ParseQuantity(block.GetProperty("baseFeePerGas")));
    }

    [Fact]
    public async Task A_restart_keeps_the_url_and_with_a_state_file_the_chain()
    {
        var folder = Directory.CreateTempSubdirectory("traceability-anvil-").FullName;
        try
        {
            await using var anvil = await AnvilProcess.StartAsync(new AnvilOptions { StatePath = Path.Combine(folder, "state.json") });
            var url = anvil.RpcUrl;
            var (contract, _) = await AnchorContract.DeployAsync(AnchorContract.Connect(anvil.RpcUrl, anvil.PrivateKeys[0], anvil.ChainId));
            await contract.AnchorAsync(AnchorContract.NewRoot(), logs: 1, sequence: 1);
            var height = await anvil.GetBlockNumberAsync();

            await anvil.KillAsync();
            Assert.False(anvil.IsRunning);
            await Assert.ThrowsAsync<HttpRequestException>(() => anvil.GetChainIdAsync());

            // Killed, nothing was dumped: a graceful stop dumps the state the restart loads.
            await anvil.RestartAsync();
            Assert.Equal(url, anvil.RpcUrl);
            Assert.Equal(0, await anvil.GetBlockNumberAsync());
            (contract, _) = await AnchorContract.DeployAsync(AnchorContract.Connect(anvil.RpcUrl, anvil.PrivateKeys[0], anvil.ChainId));
            await contract.AnchorAsync(AnchorContract.NewRoot(), logs: 1, sequence: 4);
            height = await anvil.GetBlockNumberAsync();

            await anvil.RestartAsync();

            Assert.Equal(url, anvil.RpcUrl);
            Assert.Equal(height, await anvil.GetBlockNumberAsync());
            Assert.Equal(4UL, (await contract.LastAsync()).Sequence);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
