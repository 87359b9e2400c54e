using Traceability.Conditions;

namespace Traceability.Ingestion.Tests.Pipeline;

/// <summary>
/// The SQLite store's write path as the pipeline drives it: many devices' messages interleaved in
/// one write, strings shared between readings, times out of order and repeated identities; and
/// every reading still checked, shared strings or not.
/// </summary>
public sealed class SqliteStoreChunkingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("store-chunks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Interleaved_devices_out_of_order_times_and_repeats_read_back_as_written()
    {
        var random = new Random(5);
        var devices = new[] { "d1", "d2", "d3" };
        var sensors = new[] { "t1", "h1" };
        var readings = new List<StoredReading>();
        for (var message = 0; message < 60; message++)
        {
            // One message: one device's readings sharing the same id strings, as the pipeline builds them.
            var device = devices[random.Next(devices.Length)];
            var sensor = sensors[random.Next(sensors.Length)];
            var quantity = sensor == "t1" ? "temperature" : "relative_humidity";
            var unit = sensor == "t1" ? "CEL" : "P1";
            for (var i = 0; i < 1 + random.Next(8); i++)
            {
                var at = Start.AddMilliseconds(random.Next(0, 5_000) + (random.Next(4) == 0 ? 0.5 : 0));
                readings.Add(new StoredReading("coop", "dryer-1", device, sensor, quantity, unit, Math.Round(random.NextDouble() * 100, 3), ReadingTime.Truncate(at)));
            }
        }

        using var store = new SqliteTimeSeriesStore(Path.Combine(_folder, "readings.db"));
        await store.WriteAsync(readings);
        var stored = await store.ReadAsync("dryer-1", Start, Start.AddHours(1));

        // Expected: per identity (device, sensor, time) the last value written, in the store's read order.
        var expected = ReadingOrder.SortAndCollapse(readings.ToList());
        Assert.Equal(Describe(expected), Describe(stored));
    }

    [Fact]
    public async Task A_bad_id_is_refused_even_after_readings_with_shared_strings()
    {
        var device = "d1";
        var good = new StoredReading("coop", "dryer-1", device, "t1", "temperature", "CEL", 1, Start);
        var sameStrings = good with { Value = 2, At = Start.AddSeconds(1) };
        var badSensor = good with { Sensor = "t 1", At = Start.AddSeconds(2) };
        var notFinite = good with { Value = double.NaN, At = Start.AddSeconds(3) };

        using var store = new SqliteTimeSeriesStore(Path.Combine(_folder, "readings.db"));
        var sensorError = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync([good, sameStrings, badSensor]));
        Assert.Contains("Sensor 't 1'", sensorError.Message, StringComparison.Ordinal);
        var valueError = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync([good, sameStrings, notFinite]));
        Assert.Contains("not a finite number", valueError.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.WriteAsync([good, null!]));
        Assert.Empty(await store.ReadAsync("dryer-1", Start.AddHours(-1), Start.AddHours(1)));
    }

    private static List<string> Describe(IEnumerable<StoredReading> readings) =>
        readings.Select(r => $"{r.Facility}|{r.Site}|{r.Device}|{r.Sensor}|{r.Quantity}|{r.Unit}|{r.Value}|{r.At.UtcTicks}").ToList();
}
