using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Web3;
using Traceability.Anchoring;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Persistence.Sqlite;
using Traceability.Storage;
using Traceability.Testing;
using Xunit.Abstractions;

namespace Traceability.Anchoring.Tests;

/// <summary>
/// Gas per anchor does not grow with the records anchored (issue target: at most 30,000 gas per
/// anchor, whatever the record count): the anchoring service anchors a store of 1 event, and one of
/// 1,000 events over 8 facility logs, on a real anvil, and the anchor transaction's receipt says the
/// gas used. The 1,000,000-event figure is measured by hand (docs/benchmarks.md: <c>load --anchor-gas</c>).
/// </summary>
#pragma warning disable CA1001 // xunit disposes the store and the chain through IAsyncLifetime.DisposeAsync.
public sealed class GasPerRecordsTests(ITestOutputHelper output) : IAsyncLifetime
#pragma warning restore CA1001
{
    private const long GasTarget = 30_000;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-anchor-gas-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
    private SqliteEventStore _events = null!;
    private AnchorStore _anchors = null!;
    private AnvilProcess _chain = null!;

    public async Task InitializeAsync()
    {
        _events = new SqliteEventStore(Path.Combine(_folder.FullName, "events.db"));
        _anchors = new AnchorStore(Path.Combine(_folder.FullName, "anchors.db"));
        _chain = await AnvilProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        await _events.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1_000, 8)]
    public async Task AnAnchorCostsAtMost30000Gas_WhateverTheNumberOfRecords(int records, int facilities)
    {
        await RecordAsync(records, facilities);
        using var service = Service();

        var first = await AnchorAsync(service);
        // A later anchor of the same store, one record more: the contract's storage is no longer fresh.
        await RecordAsync(1, 1, offset: records);
        _time.Advance(TimeSpan.FromMinutes(2));
        var next = await AnchorAsync(service);

        foreach (var (anchor, gas) in new[] { first, next })
        {
            output.WriteLine($"anchor {anchor.Sequence}: {anchor.Checkpoints.Sum(c => c.Size):#,0} records, {anchor.Checkpoints.Count} logs covered, {gas:#,0} gas");
            Assert.InRange(gas, 21_000, GasTarget);
        }

        Assert.Equal(records, first.Anchor.Checkpoints.Sum(c => c.Size));
        Assert.Equal(facilities, first.Anchor.Checkpoints.Count);
    }

    /// <summary>Steps the service until the newest anchor is confirmed; its transaction's gas used.</summary>
    private async Task<(AnchorRecord Anchor, long Gas)> AnchorAsync(AnchorService service)
    {
        var before = _anchors.LatestConfirmed()?.Sequence ?? 0;
        // A node may answer a transaction before its receipt can be read: step (briefly waiting) until confirmed.
        for (var step = 0; step < 100 && (_anchors.LatestConfirmed()?.Sequence ?? 0) == before; step++)
        {
            await service.StepAsync();
            if ((_anchors.LatestConfirmed()?.Sequence ?? 0) == before)
            {
                await Task.Delay(50);
            }
        }

        var anchor = _anchors.LatestConfirmed();
        Assert.NotNull(anchor);
        Assert.True(anchor.Sequence > before, "no new anchor was confirmed");
        var receipt = await new Web3(_chain.RpcUrl).Eth.Transactions.GetTransactionReceipt.SendRequestAsync(anchor.OnChain!.TransactionHash);
        Assert.Equal(1, (int)receipt.Status.Value);
        return (anchor, (long)receipt.GasUsed.Value);
    }

    private AnchorService Service()
    {
        var options = new AnchoringOptions
        {
            IntervalSeconds = 60,
            Confirmations = 1,
            Ethereum = new EthereumOptions { RpcUrl = _chain.RpcUrl, PrivateKey = _chain.PrivateKeys[0] },
        };
        return new AnchorService(_events, _anchors, Options.Create(options), _time, NullLogger<AnchorService>.Instance);
    }

    /// <summary><paramref name="count"/> harvests spread over <paramref name="facilities"/> facilities, appended concurrently per facility.</summary>
    private Task RecordAsync(int count, int facilities, int offset = 0) =>
        Task.WhenAll(Enumerable.Range(0, facilities).Select(f => Task.Run(async () =>
        {
            var facility = $"GAS-{f + 1}";
            var appends = new List<Task>();
            for (var n = offset + f; n < offset + count; n += facilities)
            {
                var at = _time.GetUtcNow();
                var harvest = new BatchHarvested(facility, $"{facility}-B{n:D7}", $"{facility}-PLOT", "Codonopsis javanica", 10_000, at, "Y Nhung");
                var (epcis, id) = EpcisRendering.Identified(harvest, at);
                appends.Add(Append(new PendingEvent(harvest, at, epcis, id)));
            }

            await Task.WhenAll(appends);
        })));

    private async Task Append(PendingEvent pending)
    {
        var outcome = await _events.AppendAsync(pending);
        Assert.NotNull(outcome.Recorded);
    }
}
