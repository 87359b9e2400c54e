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

    private ExcursionLedger Ledger(Func<ExcursionRecorded, CaptureResult> answer) =>
        new(e =>
        {
            lock (_calls)
            {
                _calls.Add(e);
            }

            return Task.FromResult(answer(e));
        }, _metrics, TimeProvider.System, NullLogger<ExcursionLedger>.Instance);

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
