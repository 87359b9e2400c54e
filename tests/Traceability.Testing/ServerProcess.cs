using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;

namespace Traceability.Testing;

/// <summary>
/// The real server, started as a child process on free loopback ports with its own data folder,
/// exactly as the README runs it. Stopped (and its data folder deleted, when it owns it) on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsDataDir;

    private ServerProcess(Process process, string dataDir, Uri url, bool ownsDataDir)
    {
        _process = process;
        DataDir = dataDir;
        Url = url;
        _ownsDataDir = ownsDataDir;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        Channel = GrpcChannel.ForAddress(url);
    }

    public string DataDir { get; }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public GrpcChannel Channel { get; }

    /// <summary>What the server printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a server on <paramref name="dataDir"/> (a new temporary folder when null) and waits until /healthz answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string? dataDir = null, bool demo = false)
    {
        var owns = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("traceability-test-").FullName;
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        start.ArgumentList.Add(ServerAssembly());
        foreach (var arg in new[] { "--urls", url.ToString().TrimEnd('/'), "--data-dir", dataDir, "--silo-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        if (demo)
        {
            start.ArgumentList.Add("--demo");
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Traceability"] = "Information";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var server = new ServerProcess(process, dataDir, url, owns);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>Kills the process at once (SIGKILL): nothing is flushed or shut down.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Channel.Dispose();
        Http.Dispose();
        _process.Dispose();
        if (_ownsDataDir)
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await KillAsync();
        throw new TimeoutException($"The server was not ready within 60 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server's own build output, next to the tests' (same configuration).</summary>
    private static string ServerAssembly()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Traceability.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Traceability.sln not found above " + AppContext.BaseDirectory);
        }

        var path = Path.Combine(root.FullName, "services", "Traceability.Server", "bin", configuration, "net10.0", "Traceability.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the server first.", path);
    }
}
