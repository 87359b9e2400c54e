using System.Security.Cryptography;
using System.Text;
using Traceability.Conditions;
using Traceability.Events;

namespace Traceability.Ingestion.Pipeline;

/// <summary>
/// Turns closed readings windows of one site, and the raw readings the time-series store holds
/// for each device over its window's span, into the ledger event that records them. Pure and
/// deterministic: the same windows and readings always give the same event (and window id), so a
/// sealing retried after a crash is answered as a repeat.
/// </summary>
public static class WindowSummary
{
    /// <summary>
    /// The event for <paramref name="windows"/> (all of one facility and site, at most one per
    /// device), or null when the store holds no readings for any of them.
    /// </summary>
    public static ReadingsRecorded? Build(IReadOnlyList<ReadingsWindow> windows, Func<ReadingsWindow, IReadOnlyList<StoredReading>> readingsOf)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(readingsOf);
        if (windows.Count == 0)
        {
            return null;
        }

        var facility = windows[0].Facility;
        var site = windows[0].Site;
        var devices = new List<DeviceReadings>();
        foreach (var window in windows.OrderBy(w => w.Device, StringComparer.Ordinal))
        {
            if (window.Facility != facility || window.Site != site)
            {
                throw new ArgumentException($"Windows of '{facility}/{site}' and '{window.Facility}/{window.Site}' given together.", nameof(windows));
            }

            var readings = readingsOf(window).Where(r => r.Device == window.Device).ToList();
            if (readings.Count == 0)
            {
                continue;
            }

            devices.Add(new DeviceReadings(
                window.Device,
                window.FirstSequence,
                window.LastSequence,
                readings.Min(r => r.At),
                readings.Max(r => r.At),
                readings.Count,
                ReadingsDigest.Compute(readings),
                Sensors(readings)));
        }

        if (devices.Count == 0)
        {
            return null;
        }

        return new ReadingsRecorded(facility, site, WindowId(site, devices), [.. devices]);
    }

    /// <summary>Count, minimum, maximum and mean per sensor and quantity, in sensor then quantity order.</summary>
    public static SensorSummary[] Sensors(IEnumerable<StoredReading> readings) =>
    [
        .. readings
            .GroupBy(r => (r.Sensor, r.Quantity, r.Unit))
            .OrderBy(g => g.Key.Sensor, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Quantity, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Unit, StringComparer.Ordinal)
            .Select(g =>
            {
                var min = g.Min(r => r.Value);
                var max = g.Max(r => r.Value);
                // Floating-point summation can land a hair outside [min, max] when all values are equal.
                var mean = Math.Clamp(g.Average(r => r.Value), min, max);
                return new SensorSummary(g.Key.Sensor, g.Key.Quantity, g.Key.Unit, g.LongCount(), min, max, mean);
            }),
    ];

    /// <summary>The window's id: <c>w-</c> and 32 hex digits of the SHA-256 of the site and each device's sequence range and digest.</summary>
    public static string WindowId(string site, IEnumerable<DeviceReadings> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var text = new StringBuilder(site);
        foreach (var d in devices)
        {
            text.Append('\n').Append(d.DeviceId).Append('\t').Append(d.FirstSequence).Append('\t').Append(d.LastSequence).Append('\t').Append(d.RawDigest);
        }

        return "w-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
