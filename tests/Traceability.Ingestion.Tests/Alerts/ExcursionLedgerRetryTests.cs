using Microsoft.Extensions.Logging.Abstractions;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Ingestion.Alerts;
using Traceability.Ingestion.Pipeline;
using Traceability.Rules;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>Closed excursions into the ledger: a failing call is made again with back-off, a refusal is final.</summary>
public sealed class ExcursionLedgerRetryTests : IDisposable
{
    private static readonly ExcursionRecorded Excursion = new(
        "coop", "dryer-1", "x-0123456789abcdef0123456789abcdef", "gw-1", "t1", "temperature", "CEL", "above", 60,
        new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), new(2026, 11, 28, 8, 4, 0, TimeSpan.Zero), 63, 9, "drying.sam-ngoc-linh", 3);

    private readonly IngestionMetrics _metrics = new();
    private readonly List<ExcursionRecorded> _calls = [];

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task WhenTheSiloFailsTwice_TheSameExcursionIsRecordedOnTheThirdCall()
    {
        var failures = 2;
        using var ledger = Ledger(e => --failures >= 0 ? throw new TimeoutException("silo busy") : new CaptureResult(null, false, null));
        await ledger.StartAsync(CancellationToken.None);

        ledger.Enqueue(Excursion);
        await Eventually(() => Calls() == 3, seconds: 20);
        await ledger.StopAsync(CancellationToken.None);

        Assert.All(_calls, c => Assert.Same(Excursion, c));
    }

    [Fact]
    public async Task ARefusalIsNotRetried_AndTheNextExcursionIsRecorded()
    {
        using var ledger = Ledger(e => e == Excursion ? CaptureResult.Refused(RuleViolation.NotFound("site_id", "site 'dryer-1' is not registered")) : new CaptureResult(null, false, null));
        await ledger.StartAsync(CancellationToken.None);
        var next = Excursion with { ExcursionId = "x-ffffffffffffffffffffffffffffffff" };

        ledger.Enqueue(Excursion);
        ledger.Enqueue(next);
        await Eventually(() => Calls() == 2);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await ledger.StopAsync(CancellationToken.None);

        Assert.Equal([Excursion.ExcursionId, next.ExcursionId], _calls.Select(c => c.ExcursionId));
    }

    [Fact]
    public async Task AnExcursionLeftWaitingByAStop_IsRecordedAfterTheRestart_AndThenWaitsNoMore()
    {
        var folder = Directory.CreateTempSubdirectory("pending-excursions-");
        try
        {
            var path = Path.Combine(folder.FullName, "alerts.db");
            using (var pending = new PendingExcursions(path))
            {
                // The silo never answers before the stop.
                using var ledger = Ledger(_ => throw new TimeoutException("silo busy"), pending);
                await ledger.StartAsync(CancellationToken.None);
                ledger.Enqueue(Excursion);
                await Eventually(() => Calls() >= 1);
                await ledger.StopAsync(CancellationToken.None);
                Assert.Equal([Excursion.ExcursionId], pending.All().Select(e => e.ExcursionId));
            }

            lock (_calls)
            {
                _calls.Clear();
            }

            using (var pending = new PendingExcursions(path))
            {
                using var restarted = Ledger(_ => new CaptureResult(null, false, null), pending);
                await restarted.StartAsync(CancellationToken.None);
                await Eventually(() => Calls() == 1 && pending.All().Count == 0);
                await restarted.StopAsync(CancellationToken.None);

                Assert.Equal(Excursion, Assert.Single(_calls));
            }

            using (var reopened = new PendingExcursions(path))
            {
                Assert.Empty(reopened.All());
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnExcursionQueuedTwice_IsRecordedOnce()
    {
        using var ledger = Ledger(_ => new CaptureResult(null, false, null));
        ledger.Enqueue(Excursion);
        ledger.Enqueue(Excursion);
        await ledger.StartAsync(CancellationToken.None);
        await Eventually(() => Calls() == 1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await ledger.StopAsync(CancellationToken.None);

        Assert.Single(_calls);
    }

    private ExcursionLedger Ledger(Func<ExcursionRecorded, CaptureResult> answer, PendingExcursions? pending = null) =>
        new(e =>
        {
            lock (_calls)
            {
                _calls.Add(e);
            }

            return Task.FromResult(answer(e));
        }, _metrics, TimeProvider.System, NullLogger<ExcursionLedger>.Instance, pending);

    private int Calls()
    {
        lock (_calls)
        {
            return _calls.Count;
        }
    }

    private static async Task Eventually(Func<bool> condition, double seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Not within {seconds} s.");
            await Task.Delay(50);
        }
    }
}
