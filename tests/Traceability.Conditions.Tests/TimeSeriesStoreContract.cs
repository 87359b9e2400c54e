using System.Diagnostics;
using Traceability.Conditions;

namespace Traceability.Conditions.Tests;

/// <summary>
/// What every <see cref="ITimeSeriesStore"/> promises, run against each store that has a real server
/// here (SQLite; VictoriaMetrics as a child process). Each test uses its own site ids, so stores on a
/// shared server do not see each other's readings.
/// </summary>
public abstract class TimeSeriesStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);

    /// <summary>A store to test; disposed by the test.</summary>
    protected abstract ITimeSeriesStore OpenStore();

    /// <summary>Whether a second write of one identity with another value returns that value (not just one of the two).</summary>
    protected virtual bool LaterValueWins => true;

    /// <summary>How long after a completed write its readings may take to become readable.</summary>
    protected virtual TimeSpan Visibility => TimeSpan.Zero;

    protected static string NewSite(string prefix = "site") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 33)];

    protected static StoredReading Reading(string site, DateTimeOffset at, double value, string device = "dev-1", string sensor = "t-1", string quantity = "temperature", string unit = "CEL") =>
        new("coop-1", site, device, sensor, quantity, unit, value, at);

    /// <summary>Reads until at least <paramref name="expected"/> readings are there or <see cref="Visibility"/> has passed.</summary>
    protected async Task<IReadOnlyList<StoredReading>> ReadSettledAsync(ITimeSeriesStore store, string site, DateTimeOffset since, DateTimeOffset until, int expected)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var readings = await store.ReadAsync(site, since, until);
            if (readings.Count >= expected || watch.Elapsed >= Visibility)
            {
                return readings;
            }

            await Task.Delay(50);
        }
    }

    private static async Task DisposeAsync(ITimeSeriesStore store)
    {
        switch (store)
        {
            case IAsyncDisposable a: await a.DisposeAsync(); break;
            case IDisposable d: d.Dispose(); break;
        }
    }

    private async Task WithStoreAsync(Func<ITimeSeriesStore, Task> test)
    {
        var store = OpenStore();
        try
        {
            await test(store);
        }
        finally
        {
            await DisposeAsync(store);
        }
    }

    [Fact]
    public Task WhenReadingsOfThreeQuantitiesAreWritten_TheyReadBackEqual() => WithStoreAsync(async store =>
    {
        var site = NewSite();
        StoredReading[] written =
        [
            Reading(site, T0, 61.25, sensor: "rh-1", quantity: "relative_humidity", unit: "P1"),
            Reading(site, T0, 48.5),
            Reading(site, T0.AddSeconds(1), 12.125, sensor: "m-1", quantity: "moisture", unit: "P1"),
        ];

        await store.WriteAsync(written);

        Assert.Equal(written, await ReadSettledAsync(store, site, T0, T0.AddMinutes(1), 3));
    });

    [Fact]
    public Task WhenReadingARange_SinceIsIncludedAndUntilIsNot() => WithStoreAsync(async store =>
    {
        var site = NewSite();
        var written = Enumerable.Range(0, 5).Select(i => Reading(site, T0.AddMilliseconds(i), i)).ToArray();
        await store.WriteAsync(written);
        await ReadSettledAsync(store, site, T0, T0.AddSeconds(1), 5);

        var range = await store.ReadAsync(site, T0.AddMilliseconds(1), T0.AddMilliseconds(3));

        Assert.Equal([written[1], written[2]], range);
        Assert.Empty(await store.ReadAsync(site, T0.AddMilliseconds(3), T0.AddMilliseconds(3)));
        Assert.Empty(await store.ReadAsync(site, T0.AddMilliseconds(4), T0.AddMilliseconds(2)));
    });

    [Fact]
    public Task WhenWrittenInAnyOrder_ReadingsComeOrderedByTimeThenDeviceSensorAndQuantity() => WithStoreAsync(async store =>
    {
        var site = NewSite();
        var expected = new List<StoredReading>();
        foreach (var second in (int[])[0, 1])
        {
            foreach (var device in (string[])["dev-a", "dev-b"])
            {
                foreach (var sensor in (string[])["s-1", "s-2"])
                {
                    expected.Add(Reading(site, T0.AddSeconds(second), 50, device, sensor, "moisture", "P1"));
                    expected.Add(Reading(site, T0.AddSeconds(second), 20, device, sensor, "relative_humidity", "P1"));
                    expected.Add(Reading(site, T0.AddSeconds(second), 40, device, sensor, "temperature", "CEL"));
                }
            }
        }

        await store.WriteAsync(expected.AsEnumerable().Reverse().OrderBy(r => r.Quantity.Length).ToArray());

        Assert.Equal(expected, await ReadSettledAsync(store, site, T0, T0.AddMinutes(1), expected.Count));
    });

    [Fact]
    public Task WhenTheSameReadingsAreWrittenTwice_TheyAreReadOnce() => WithStoreAsync(async store =>
    {
        var site = NewSite();
        var written = Enumerable.Range(0, 10).Select(i => Reading(site, T0.AddSeconds(i), 40 + i)).ToArray();

        await store.WriteAsync(written);
        await store.WriteAsync(written);
        await store.WriteAsync(written[..3]);

        var read = await ReadSettledAsync(store, site, T0, T0.AddMinutes(1), 10);
        await Task.Delay(Visibility); // a duplicate must not show up later either
        Assert.Equal(written, read);
        Assert.Equal(written, await store.ReadAsync(site, T0, T0.AddMinutes(1)));
    });

    [Fact]
    public Task WhenAnIdentityIsWrittenAgainWithAnotherValue_OneReadingRemains() => WithStoreAsync(async store =>
    {
        var site = NewSite();
        await store.WriteAsync([Reading(site, T0, 40.0)]);
        await ReadSettledAsync(store, site, T0, T0.AddMinutes(1), 1);

        await store.WriteAsync([Reading(site, T0, 41.5)]);
        await Task.Delay(Visibility);

        var read = Assert.Single(await store.ReadAsync(site, T0, T0.AddMinutes(1)));
        if (LaterValueWins)
        {
            Assert.Equal(41.5, read.Value);
        }
        else
        {
            Assert.True(read.Value is 40.0 or 41.5, $"value {read.Value}");
        }
    });

    [Fact]
    public Task WhenManySitesAreWritten_EachSiteReadsOnlyItsOwn() => WithStoreAsync(async store =>
    {
        var sites = Enumerable.Range(0, 12).Select(i => NewSite("s" + i)).ToArray();
        var written = sites.SelectMany((site, i) => Enumerable.Range(0, 5).Select(k => Reading(site, T0.AddSeconds(k), i * 100 + k))).ToArray();

        await store.WriteAsync(written);

        foreach (var site in sites)
        {
            Assert.Equal(written.Where(r => r.Site == site), await ReadSettledAsync(store, site, T0, T0.AddMinutes(1), 5));
        }
    });

    [Fact]
    public Task WhenIdsHoldDotsDashesAndUnderscores_TheyAreKeptExactly() => WithStoreAsync(async store =>
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var dotted = $"hall.{unique}.a";
        var lookalike = $"hall-{unique}_a"; // a regex would let "." match "-"
        StoredReading[] written =
        [
            new("coop.north-1", dotted, "dev.01-b_x", "probe.t-1_a", "temperature", "CEL", 45.0, T0),
            new("coop.north-1", lookalike, "dev.01-b_x", "probe.t-1_a", "temperature", "CEL", 46.0, T0),
        ];

        await store.WriteAsync(written);

        Assert.Equal([written[0]], await ReadSettledAsync(store, dotted, T0, T0.AddMinutes(1), 1));
        Assert.Equal([written[1]], await ReadSettledAsync(store, lookalike, T0, T0.AddMinutes(1), 1));
    });

    [Fact]
    public Task WhenTwentyThousandReadingsAreWrittenAtOnce_AllReadBack() => WithStoreAsync(async store =>
    {
        var site = NewSite();
        string[] quantities = ["temperature", "relative_humidity", "moisture"];
        var written = Enumerable.Range(0, 20_000)
            .Select(i => new StoredReading("coop-1", site, "dev-" + (i % 40), "s-1", quantities[i / 40 % 3], i / 40 % 3 == 0 ? "CEL" : "P1", (i % 1000) / 8.0, T0.AddSeconds(i / 120)))
            .ToArray();

        await store.WriteAsync(written);

        var read = await ReadSettledAsync(store, site, T0, T0.AddHours(1), written.Length);
        Assert.Equal(written.OrderBy(r => r, Comparer<StoredReading>.Create(ReadingOrder.Compare)), read);
    });

    [Fact]
    public Task WhenTimesHaveSubMillisecondParts_TheyAreTruncatedToTheMillisecond() => WithStoreAsync(async store =>
    {
        var site = NewSite();
        var exact = T0.AddTicks((5 * TimeSpan.TicksPerMillisecond) + 9999).ToOffset(TimeSpan.FromHours(7));

        await store.WriteAsync([Reading(site, exact, 42.0)]);

        var read = Assert.Single(await ReadSettledAsync(store, site, T0, T0.AddMinutes(1), 1));
        Assert.Equal(T0.AddMilliseconds(5), read.At);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
        Assert.Equal(Reading(site, ReadingTime.Truncate(exact), 42.0), read);

        // Bounds keep their meaning for the exact time: since just after it excludes it, until just after includes it.
        Assert.Empty(await store.ReadAsync(site, exact.AddTicks(1), T0.AddMinutes(1)));
        Assert.Single(await store.ReadAsync(site, T0, exact.AddTicks(1)));
    });

    [Fact]
    public Task WhenEightWritersWriteAtOnce_EveryReadingIsKept() => WithStoreAsync(async store =>
    {
        var site = NewSite();
        var batches = Enumerable.Range(0, 8)
            .Select(w => Enumerable.Range(0, 500).Select(i => Reading(site, T0.AddMilliseconds(i * 10), (w * 1000) + (i / 4.0), device: "dev-" + w)).ToArray())
            .ToArray();

        await Task.WhenAll(batches.Select(b => Task.Run(async () =>
        {
            for (var i = 0; i < b.Length; i += 100)
            {
                await store.WriteAsync(b[i..(i + 100)]);
            }
        })));

        var read = await ReadSettledAsync(store, site, T0, T0.AddMinutes(1), 4000);
        Assert.Equal(batches.SelectMany(b => b).OrderBy(r => r, Comparer<StoredReading>.Create(ReadingOrder.Compare)), read);
    });

    [Fact]
    public Task WhenAReadingBreaksTheIdRules_TheWriteIsRefusedNamingTheField() => WithStoreAsync(async store =>
    {
        var site = NewSite();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync([Reading(site, T0, 1), Reading(site, T0, 2, device: "dev 2")]));

        Assert.Contains("Device 'dev 2'", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadAsync("site\"x", T0, T0.AddMinutes(1)));
        await Task.Delay(Visibility);
        Assert.Empty(await store.ReadAsync(site, T0, T0.AddMinutes(1)));
    });
}
