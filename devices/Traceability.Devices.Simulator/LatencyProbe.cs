using System.Diagnostics;
using Traceability.Telemetry;

namespace Traceability.Devices.Simulator;

/// <summary>
/// Samples publish-to-queryable latency: about once per <see cref="Every"/> a producer marks the
/// first reading of the message it is about to append; the probe then polls the platform's query
/// API every <see cref="PollInterval"/> until that reading is there. The latency runs from just
/// before the append (disk buffer and publish included) to the poll that found it, so it
/// overstates by up to one poll interval. Thread-safe.
/// </summary>
public sealed class LatencyProbe(HttpClient http, Uri server)
{
    private readonly Lock _gate = new();
    private readonly List<double> _latencies = [];
    private readonly List<Task> _pending = [];
    private long _lastMark = long.MinValue;
    private int _lost;

    public TimeSpan Every { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a marker may take before it counts as lost.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<double> LatenciesMs { get { lock (_gate) { return [.. _latencies]; } } }

    public int Lost => Volatile.Read(ref _lost);

    /// <summary>Whether the caller should mark its next message (true at most once per <see cref="Every"/>, across all producers).</summary>
    public bool ShouldMark()
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastMark);
        return (last == long.MinValue || Stopwatch.GetElapsedTime(last, now) >= Every) && Interlocked.CompareExchange(ref _lastMark, now, last) == last;
    }

    /// <summary>Starts polling for <paramref name="reading"/> of <paramref name="device"/>, appended at <paramref name="appendedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Track(DeviceCredentials device, SensorReading reading, long appendedAt)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(reading);
        var task = Task.Run(() => PollAsync(device, reading, appendedAt));
        lock (_gate)
        {
            _pending.Add(task);
        }
    }

    /// <summary>Waits for every marker to be found or given up.</summary>
    public async Task SettleAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async Task PollAsync(DeviceCredentials device, SensorReading reading, long appendedAt)
    {
        var url = StoredReadings.Query(server, device.Site, reading.At - TimeSpan.FromSeconds(1), reading.At + TimeSpan.FromSeconds(1));
        while (Stopwatch.GetElapsedTime(appendedAt) < GiveUpAfter)
        {
            try
            {
                using var response = await http.GetAsync(url).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    var stored = StoredReadings.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
                    if (stored.Any(r => r.Device == device.Device && r.Sensor == reading.Sensor && r.At == reading.At))
                    {
                        var ms = Stopwatch.GetElapsedTime(appendedAt).TotalMilliseconds;
                        lock (_gate)
                        {
                            _latencies.Add(ms);
                        }

                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // The server is busy or restarting: poll again.
            }
            catch (System.Text.Json.JsonException)
            {
                // Not the shape assumed: poll again, and count it lost in the end.
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _lost);
    }
}
