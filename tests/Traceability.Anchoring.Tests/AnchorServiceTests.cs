using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Traceability.Anchoring;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Persistence.Sqlite;
using Traceability.Storage;
using Traceability.Testing;

namespace Traceability.Anchoring.Tests;

/// <summary>
/// The anchoring service against a real anvil chain, one step at a time: an anchor is recorded,
/// sent once and confirmed; and every failure the issue names (node unreachable, transaction
/// dropped, nonce taken, reorganisation, gas above the cap, restart mid-anchor) loses nothing and
/// never anchors twice.
/// </summary>
#pragma warning disable CA1001 // xunit disposes the store and the chain through IAsyncLifetime.DisposeAsync.
public sealed class AnchorServiceTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-anchoring-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
    private SqliteEventStore _events = null!;
    private AnchorStore _anchors = null!;
    private AnvilProcess _chain = null!;
    private int _harvests;

    public async Task InitializeAsync()
    {
        _events = new SqliteEventStore(Path.Combine(_folder.FullName, "events.db"));
        _anchors = new AnchorStore(Path.Combine(_folder.FullName, "anchors.db"));
        _chain = await AnvilProcess.StartAsync(new AnvilOptions { StatePath = Path.Combine(_folder.FullName, "anvil-state.json") });
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        await _events.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task AnAnchorIsRecordedSentOnceAndConfirmed_AndNothingNewMeansNoNewAnchor()
    {
        var service = Service();
        await RecordAsync("HTX-A", 3);
        await RecordAsync("HTX-B", 2);

        await SettleAsync(service);
        Later();
        await service.StepAsync();

        var anchor = Assert.Single(_anchors.All());
        Assert.Equal(AnchorState.Confirmed, anchor.State);
        Assert.Equal(2, anchor.Checkpoints.Count);
        Assert.Single(_anchors.Attempts(anchor.Sequence));
        var onChain = await AnchoredEventsAsync(anchor.OnChain!.Contract);
        var only = Assert.Single(onChain);
        Assert.Equal(anchor.Root, only.Root);
        Assert.Equal(1, only.Sequence);
        Assert.Equal(2, only.Logs);
    }

    [Fact]
    public async Task WhenTheNodeIsUnreachable_AnchorsQueueUp_AndAreSentInOrderOnceItIsBack()
    {
        var service = Service();
        await RecordAsync("HTX-A", 1);
        await SettleAsync(service);
        await _chain.StopAsync();

        await RecordAsync("HTX-A", 1);
        Later();
        await Assert.ThrowsAnyAsync<Exception>(() => service.StepAsync());
        await RecordAsync("HTX-B", 1);
        Later();
        await Assert.ThrowsAnyAsync<Exception>(() => service.StepAsync());
        Assert.Equal(2, _anchors.Unsettled().Count);

        await _chain.RestartAsync();
        await SettleAsync(service);

        Assert.All(_anchors.All(), a => Assert.Equal(AnchorState.Confirmed, a.State));
        var onChain = await AnchoredEventsAsync(_anchors.All()[0].OnChain!.Contract);
        Assert.Equal([1L, 2L, 3L], onChain.Select(e => e.Sequence));
    }

    [Fact]
    public async Task WhenTheTransactionIsDropped_TheSameOneIsBroadcastAgain()
    {
        var service = Service();
        var (anchor, sent) = await SendUnminedAsync(service);

        await _chain.DropTransactionAsync(sent.TransactionHash);
        Assert.Empty(await _chain.GetPendingTransactionsAsync());
        await service.StepAsync();

        Assert.Contains(sent.TransactionHash, await _chain.GetPendingTransactionsAsync(), StringComparer.OrdinalIgnoreCase);
        await _chain.MineAsync();
        await SettleAsync(service);
        Assert.Equal(AnchorState.Confirmed, _anchors.All()[0].State);
        Assert.Single(_anchors.Attempts(anchor.Sequence));
        Assert.Single(await AnchoredEventsAsync(_anchors.All()[0].OnChain!.Contract));
    }

    [Fact]
    public async Task WhenAnotherTransactionTakesTheNonce_TheAnchorIsSignedAgainWithTheNext_AndLandsOnce()
    {
        var service = Service();
        var (anchor, first) = await SendUnminedAsync(service);
        await _chain.DropTransactionAsync(first.TransactionHash);

        // The same account spends the nonce elsewhere (another tool, a restart with a stale nonce …).
        var web3 = new Web3(new Account(_chain.PrivateKeys[0], _chain.ChainId), _chain.RpcUrl);
        await web3.TransactionManager.SendTransactionAsync(new TransactionInput
        {
            From = _chain.Addresses[0],
            To = _chain.Addresses[1],
            Value = new HexBigInteger(1),
            Nonce = new HexBigInteger(first.Nonce),
            Gas = new HexBigInteger(21_000),
        });
        await _chain.MineAsync();
        await service.StepAsync();
        await _chain.MineAsync();
        await SettleAsync(service);

        var attempts = _anchors.Attempts(anchor.Sequence);
        Assert.Equal(2, attempts.Count);
        Assert.Equal(first.Nonce + 1, attempts[0].Nonce);
        Assert.Equal(AnchorState.Confirmed, _anchors.All()[0].State);
        Assert.Single(await AnchoredEventsAsync(_anchors.All()[0].OnChain!.Contract));
    }

    [Fact]
    public async Task WhenAReorganisationRemovesTheAnchoringBlock_ItIsDetectedResentAndRecordedAnew()
    {
        var service = Service();
        await RecordAsync("HTX-A", 2);
        await DeployFirstAsync();
        var beforeAnchor = await _chain.SnapshotAsync();
        await SettleAsync(service); // anchors (mined at once), confirms on a next step
        var confirmed = _anchors.All()[0].OnChain!;

        await _chain.RevertAsync(beforeAnchor);
        await _chain.MineAsync(3);
        await service.StepAsync(); // sees the block hash change, resends
        await SettleAsync(service); // confirms again

        var again = _anchors.All()[0];
        Assert.Equal(AnchorState.Confirmed, again.State);
        Assert.NotEqual(confirmed.BlockHash, again.OnChain!.BlockHash);
        Assert.True(again.OnChain.BlockNumber > confirmed.BlockNumber);
        Assert.Equal(await _chain.GetBlockHashAsync(again.OnChain.BlockNumber), again.OnChain.BlockHash, StringComparer.OrdinalIgnoreCase);
        Assert.Single(await AnchoredEventsAsync(again.OnChain.Contract));
    }

    [Fact]
    public async Task WhenTheBaseFeeIsAboveTheCap_TheAnchorWaitsAndSaysSo_ThenGoesOutWhenItFalls()
    {
        await _chain.SetNextBlockBaseFeePerGasAsync(50_000_000_000); // 50 gwei
        await _chain.MineAsync();
        var service = Service(o => o.Ethereum.MaxFeePerGasGwei = 10);
        await RecordAsync("HTX-A", 1);
        await DeployFirstAsync();

        await service.StepAsync();

        Assert.True(service.WaitingForGas);
        Assert.Empty(_anchors.Attempts(1));
        await _chain.SetNextBlockBaseFeePerGasAsync(1_000_000_000);
        await _chain.MineAsync();
        await SettleAsync(service);
        Assert.False(service.WaitingForGas);
        Assert.Equal(AnchorState.Confirmed, _anchors.All()[0].State);
    }

    [Fact]
    public async Task WhenTheServerRestartsMidAnchor_TheNewOneResumesTheSameTransaction()
    {
        var first = Service();
        var (pending, sent) = await SendUnminedAsync(first);
        first.Dispose();

        var second = Service();
        await second.StepAsync();
        await _chain.MineAsync();
        await SettleAsync(second);

        Assert.Equal(sent.TransactionHash, Assert.Single(_anchors.Attempts(pending.Sequence)).TransactionHash);
        var anchored = Assert.Single(_anchors.All());
        Assert.Equal(AnchorState.Confirmed, anchored.State);
        Assert.Single(await AnchoredEventsAsync(anchored.OnChain!.Contract));
    }

    /// <summary>
    /// Records two events, deploys the contract, stops mining and lets the service send its first
    /// anchor: the anchor and its one transaction, waiting in the node's pool.
    /// </summary>
    private async Task<(AnchorRecord Anchor, AnchorAttempt Sent)> SendUnminedAsync(AnchorService service)
    {
        await RecordAsync("HTX-A", 2);
        await DeployFirstAsync();
        await _chain.SetAutomineAsync(false);
        await service.StepAsync();
        var anchor = Assert.Single(_anchors.Unsettled());
        return (anchor, Assert.Single(_anchors.Attempts(anchor.Sequence)));
    }

    /// <summary>Deploys the contract as the service would on its first step, so that the next step's transaction is the anchor.</summary>
    private async Task DeployFirstAsync() =>
        _anchors.Remember("contract", await new EthereumAnchorClient(_chain.RpcUrl, _chain.PrivateKeys[0], _chain.ChainId).DeployAsync());

    private AnchorService Service(Action<AnchoringOptions>? configure = null)
    {
        var options = new AnchoringOptions
        {
            IntervalSeconds = 60,
            Confirmations = 1,
            Ethereum = new EthereumOptions { RpcUrl = _chain.RpcUrl, PrivateKey = _chain.PrivateKeys[0] },
        };
        configure?.Invoke(options);
        return new AnchorService(_events, _anchors, Options.Create(options), _time, NullLogger<AnchorService>.Instance);
    }

    /// <summary>
    /// Steps until no anchor is unsettled: a node may answer a transaction before its receipt can be
    /// read, so a confirmation can take a step or two more on a busy machine.
    /// </summary>
    private async Task SettleAsync(AnchorService service)
    {
        for (var step = 0; step < 100; step++)
        {
            await service.StepAsync();
            if (_anchors.Unsettled().Count == 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Anchors still unsettled after 100 steps: {string.Join(", ", _anchors.Unsettled().Select(a => $"{a.Sequence} {a.State}"))}");
    }

    private void Later() => _time.Advance(TimeSpan.FromMinutes(2));

    private async Task RecordAsync(string facility, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var n = ++_harvests;
            var harvest = new BatchHarvested(facility, $"{facility}-B{n:D4}", $"{facility}-PLOT", "Codonopsis javanica", 10_000, _time.GetUtcNow(), "Y Nhung");
            var (epcis, id) = EpcisRendering.Identified(harvest, _time.GetUtcNow());
            var outcome = await _events.AppendAsync(new PendingEvent(harvest, _time.GetUtcNow(), epcis, id));
            Assert.NotNull(outcome.Recorded);
        }
    }

    private async Task<List<FoundAnchor>> AnchoredEventsAsync(string contract)
    {
        var web3 = new Web3(_chain.RpcUrl);
        var handler = web3.Eth.GetEvent<AnchoredEvent>(contract);
        var logs = await handler.GetAllChangesAsync(handler.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest()));
        return [.. logs.Select(l => new FoundAnchor(l.Event.Root, (long)l.Event.Logs, (long)l.Event.Sequence, l.Log.Address, l.Log.TransactionHash, (long)l.Log.BlockNumber.Value, l.Log.BlockHash, (long)l.Log.LogIndex.Value))];
    }
}
