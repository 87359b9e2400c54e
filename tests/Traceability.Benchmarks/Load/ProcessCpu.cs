using System.Diagnostics;

namespace Traceability.Benchmarks.Load;

/// <summary>CPU time of this process and of the server it started, to tell a CPU-bound run from a disk-bound one.</summary>
public sealed class ProcessCpu(Process? server)
{
    private TimeSpan _self;
    private TimeSpan _server;
    private (long Busy, long Total) _machine;
    private long _start;

    /// <summary>The server process started on <paramref name="dataDir"/> (Linux only: read from /proc), or null.</summary>
    public static Process? FindServer(string dataDir)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Any(a => a.EndsWith("Traceability.Server.dll", StringComparison.Ordinal)) && arguments.Contains(dataDir))
                {
                    return Process.GetProcessById(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return null;
    }

    public void Start()
    {
        _self = Process.GetCurrentProcess().TotalProcessorTime;
        _server = ServerTime();
        _machine = MachineTicks();
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Cores used since <see cref="Start"/>: by this process, by the server (NaN when unknown) and
    /// by the whole machine (NaN off Linux), so that what other processes took can be told apart.
    /// </summary>
    public (double Self, double Server, double Machine) Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        var self = (Process.GetCurrentProcess().TotalProcessorTime - _self).TotalSeconds / wall;
        var serverTime = server is null ? double.NaN : (ServerTime() - _server).TotalSeconds / wall;
        var machine = MachineTicks();
        var total = machine.Total - _machine.Total;
        var busy = total > 0 ? (double)(machine.Busy - _machine.Busy) / total * Environment.ProcessorCount : double.NaN;
        return (self, serverTime, busy);
    }

    /// <summary>Busy and total CPU ticks of the machine from /proc/stat (busy excludes idle and iowait); zeros off Linux.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }

    private TimeSpan ServerTime()
    {
        if (server is null)
        {
            return TimeSpan.Zero;
        }

        server.Refresh();
        return server.TotalProcessorTime;
    }
}
