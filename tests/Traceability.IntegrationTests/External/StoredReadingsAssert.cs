using Traceability.Devices.Simulator;

namespace Traceability.IntegrationTests.External;

/// <summary>What "every reading stored exactly once" means to a user of <c>GET /v1/sites/{site}/readings</c>.</summary>
internal static class StoredReadingsAssert
{
    /// <summary>Whether each site holds at least as many readings as were sent to it (the condition to wait on before asserting).</summary>
    public static bool AllArrived(IReadOnlyList<SentReading> sent, IReadOnlyDictionary<string, IReadOnlyList<StoredReading>> stored) =>
        sent.GroupBy(s => s.Site).All(site => stored.TryGetValue(site.Key, out var readings) && readings.Count >= site.Count());

    /// <summary>A summary of how far each site is, for a timeout's message.</summary>
    public static string Progress(IReadOnlyList<SentReading> sent, IReadOnlyDictionary<string, IReadOnlyList<StoredReading>>? stored) =>
        string.Join(", ", sent.GroupBy(s => s.Site).Select(site => $"{site.Key}: {(stored is not null && stored.TryGetValue(site.Key, out var r) ? r.Count : 0)}/{site.Count()}"));

    /// <summary>
    /// Each site holds exactly the readings sent to it: the same count, each identity (device, sensor, time)
    /// once, with the value, quantity and unit that were sent.
    /// </summary>
    public static void ExactlyOnce(IReadOnlyList<SentReading> sent, IReadOnlyDictionary<string, IReadOnlyList<StoredReading>> stored)
    {
        foreach (var site in sent.GroupBy(s => s.Site))
        {
            var readings = stored[site.Key];
            var duplicates = readings.GroupBy(Identity).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{site.Key}: {duplicates.Count} identities stored more than once, e.g. {duplicates.FirstOrDefault()}");
            Assert.Equal(site.Count(), readings.Count);

            var byIdentity = readings.ToDictionary(Identity);
            foreach (var expected in site)
            {
                var key = (expected.Device, expected.Reading.Sensor, expected.Reading.At.ToUnixTimeMilliseconds());
                Assert.True(byIdentity.TryGetValue(key, out var actual), $"{site.Key}: {key} was sent and is not stored");
                Assert.Equal(expected.Reading.Value, actual!.Value);
                Assert.Equal(expected.Reading.Quantity, actual.Quantity);
                Assert.Equal(expected.Reading.Unit, actual.Unit);
            }
        }
    }

    private static (string Device, string Sensor, long AtMs) Identity(StoredReading r) => (r.Device, r.Sensor, r.At.ToUnixTimeMilliseconds());
}
