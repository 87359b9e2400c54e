using System.Diagnostics;
using Traceability.Conditions;
using Traceability.Testing;
using Xunit.Abstractions;

namespace Traceability.Conditions.Tests;

/// <summary>
/// The contract on a real VictoriaMetrics 1.79 (child process, see <see cref="VictoriaMetricsProcess"/>),
/// written through InfluxDB.Client's line protocol and read through <c>/api/v1/export</c>.
/// </summary>
public sealed class VictoriaMetricsTimeSeriesStoreTests(VictoriaMetricsFixture fixture, ITestOutputHelper output)
    : TimeSeriesStoreContract, IClassFixture<VictoriaMetricsFixture>
{
    // VictoriaMetrics keeps one of two values written for one series and millisecond, not promised the later.
    protected override bool LaterValueWins => false;

    // Samples become searchable within about a second of the write's force_flush; allow for a busy machine.
    protected override TimeSpan Visibility => TimeSpan.FromSeconds(5);

    protected override ITimeSeriesStore OpenStore() => new VictoriaMetricsTimeSeriesStore(fixture.Server.Url);

    [Fact]
    public async Task WhenAWriteCompletes_ItsReadingsBecomeReadableWithinTheFlushTime()
    {
        using var store = (VictoriaMetricsTimeSeriesStore)OpenStore();
        var site = NewSite();
        var now = ReadingTime.Truncate(DateTimeOffset.UtcNow);
        var written = Enumerable.Range(0, 6).Select(i => Reading(site, now.AddMilliseconds(-i), i)).Reverse().ToArray();

        await store.WriteAsync(written);
        var watch = Stopwatch.StartNew();
        var read = await ReadSettledAsync(store, site, now.AddMinutes(-1), now.AddMinutes(1), written.Length);
        output.WriteLine($"readable {watch.ElapsedMilliseconds} ms after the write completed");

        Assert.Equal(written, read);
    }

    [Fact]
    public async Task WhenTheServerAnswersAnError_TheWriteThrows()
    {
        await using var other = await VictoriaMetricsProcess.StartAsync();
        using var store = new VictoriaMetricsTimeSeriesStore(other.Url);
        await other.KillAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync([Reading(NewSite(), T0, 1)]));
    }

    [Fact]
    public void TheFactoryMakesVictoriaMetricsWhenConfigured()
    {
        using var store = (VictoriaMetricsTimeSeriesStore)TimeSeriesStores.Create(
            new ReadingsStoreOptions { Store = "VictoriaMetrics", Url = fixture.Server.Url.ToString() }, Path.GetTempPath());

        Assert.NotNull(store);
    }
}
