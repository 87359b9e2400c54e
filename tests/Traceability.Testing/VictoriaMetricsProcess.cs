using System.Diagnostics;
using System.Globalization;

namespace Traceability.Testing;

/// <summary>
/// A real VictoriaMetrics (the Debian package's <c>/usr/bin/victoria-metrics</c>, 1.79; installed by
/// <c>./test.sh</c>) as a child process on a free 127.0.0.1 port with a fresh temporary data folder.
/// Flags: <c>-retentionPeriod=100y</c> (tests write fixed past times), <c>-dedup.minScrapeInterval=1ms</c>
/// (samples of one series with the same millisecond collapse to one, as a redelivered message must),
/// <c>-search.latencyOffset=0s</c> (query APIs show the newest points too; export never hides them).
/// Started by <see cref="StartAsync"/> once <c>/health</c> answers; killed, waited for and its folder
/// deleted on dispose.
/// </summary>
public sealed class VictoriaMetricsProcess : IAsyncDisposable
{
    /// <summary>Where the Debian package puts the binary.</summary>
    public const string DefaultExecutable = "/usr/bin/victoria-metrics";

    private const int Attempts = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ProcessLog _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Process? _process;

    private VictoriaMetricsProcess(string dataPath)
    {
        DataPath = dataPath;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The temporary storage folder (<c>-storageDataPath</c>), deleted on dispose.</summary>
    public string DataPath { get; }

    /// <summary>What VictoriaMetrics printed so far (the last 256 KiB).</summary>
    public string Output => _output.ToString();

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts VictoriaMetrics on a free port and waits until <c>/health</c> answers OK. A port taken by
    /// someone else between choosing and binding makes VictoriaMetrics exit; then another port is tried.
    /// </summary>
    public static async Task<VictoriaMetricsProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(DefaultExecutable))
        {
            throw new FileNotFoundException($"VictoriaMetrics is not installed: `apt-get install victoria-metrics` (./test.sh does).", DefaultExecutable);
        }

        var vm = new VictoriaMetricsProcess(Path.Combine(Path.GetTempPath(), "vm-test-" + Guid.NewGuid().ToString("N")));
        try
        {
            Exception? last = null;
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                try
                {
                    await vm.LaunchAsync(ProcessLog.FreeLoopbackPort(), cancellationToken);
                    return vm;
                }
                catch (InvalidOperationException e)
                {
                    // Exited early: most likely the port was taken in between.
                    last = e;
                }
            }

            throw new InvalidOperationException($"VictoriaMetrics did not start in {Attempts} attempts.", last);
        }
        catch
        {
            await vm.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <c>/internal/force_flush</c>: buffered samples become searchable (in 1.79 within about a second:
    /// a buffer flushed in the last second waits for its next tick).
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(Url, "internal/force_flush"), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Kills VictoriaMetrics at once (SIGKILL): what it had not written to disk is lost.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _http.Dispose();
        for (var attempt = 0; attempt < 10 && Directory.Exists(DataPath); attempt++)
        {
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task LaunchAsync(int port, CancellationToken cancellationToken)
    {
        await KillAsync();
        _process?.Dispose();
        Url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(DefaultExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "-httpListenAddr=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "-storageDataPath=" + DataPath,
            "-retentionPeriod=100y",
            "-dedup.minScrapeInterval=1ms",
            "-search.latencyOffset=0s",
            "-loggerLevel=WARN",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _output.Append($"$ victoria-metrics {string.Join(' ', arguments)}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("victoria-metrics did not start.");
        _process = process;
        process.OutputDataReceived += (_, e) => _output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"victoria-metrics exited with code {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var health = await _http.GetAsync(new Uri(Url, "health"), cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    // Another server that took the port in between would answer too; ours exits at once then.
                    await Task.Delay(200, cancellationToken);
                    if (!process.HasExited)
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken);
        }

        await KillAsync();
        throw new TimeoutException($"victoria-metrics did not answer /health within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

}
