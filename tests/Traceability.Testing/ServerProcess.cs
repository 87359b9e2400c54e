using System.Diagnostics;
using System.Net;
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

    private readonly TaskCompletionSource<(Uri Http, Uri Grpc)> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _httpUrl;

    private ServerProcess(Process process, string dataDir, bool ownsDataDir)
    {
        _process = process;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public string DataDir { get; }

    /// <summary>The HTTP/1.1 address: JSON, gRPC-Web, /healthz.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The native gRPC (HTTP/2) address.</summary>
    public Uri GrpcUrl { get; private set; } = null!;

    /// <summary>The port of the embedded MQTT broker on 127.0.0.1 (0 when the server runs none).</summary>
    public int MqttPort { get; private set; }

    /// <summary>An HTTP client that acts as the right person for each request (<see cref="ServerCredentials"/>) unless the request names its own Authorization.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>An HTTP client without credentials: the public.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A native gRPC channel to <see cref="GrpcUrl"/>, with the same credentials as <see cref="Http"/>.</summary>
    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The admin key and the operator and inspector keys the test clients use.</summary>
    public ServerCredentials Credentials { get; private set; } = null!;

    /// <summary>The running test servers by their HTTP and gRPC addresses, for helpers that only get a URL (the CLI runner).</summary>
    public static ServerProcess? At(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Running.GetValueOrDefault(url.GetLeftPart(UriPartial.Authority));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ServerProcess> Running = new(StringComparer.Ordinal);

    /// <summary>Where the first start's printed admin key is kept for later starts on the same folder.</summary>
    public const string AdminKeyFile = "test-admin.key";

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

    /// <summary>
    /// Starts a server on <paramref name="dataDir"/> (a new temporary folder when null), with
    /// <paramref name="settings"/> as further command-line arguments, and waits until /healthz answers 200.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string? dataDir = null, bool demo = false, params string[] settings)
    {
        var owns = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("traceability-test-").FullName;

        // The silo port is chosen by the server, then bound (Orleans cannot bind port 0): another
        // process may take it in between. The server then exits at once; start it again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(dataDir, owns, demo, settings);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    private static async Task<ServerProcess> StartOnceAsync(string dataDir, bool owns, bool demo, string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        start.ArgumentList.Add(ServerAssembly());
        // Port 0 everywhere: the server binds free ports itself and prints them, so no port can be taken in between.
        foreach (var arg in new[] { "--urls", "http://127.0.0.1:0", "--grpc-port", "0", "--data-dir", dataDir, "--silo-port", "0", "--Mqtt:Port", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        if (demo)
        {
            start.ArgumentList.Add("--demo");
        }

        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Traceability"] = "Information";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var server = new ServerProcess(process, dataDir, owns);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException($"The server exited with code {process.ExitCode}:\n{server.Output}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var (http, grpc) = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            server.Url = http;
            server.GrpcUrl = grpc;
            server.Credentials = new ServerCredentials(http, server.ReadAdminKey());
            server.Http = new HttpClient(new CredentialsHandler(server.Credentials, new SocketsHttpHandler())) { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
            server.Anonymous = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
            server.Channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions { HttpHandler = new CredentialsHandler(server.Credentials, new SocketsHttpHandler { EnableMultipleHttp2Connections = true }) });
            server.KnowDemoOperators();
            Running[http.GetLeftPart(UriPartial.Authority)] = server;
            Running[grpc.GetLeftPart(UriPartial.Authority)] = server;
        }
        catch (TimeoutException)
        {
            await server.KillAsync();
            throw new TimeoutException($"The server did not listen within 60 s:\n{server.Output}");
        }

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
        if (Url is not null)
        {
            Running.TryRemove(Url.GetLeftPart(UriPartial.Authority), out _);
            Running.TryRemove(GrpcUrl.GetLeftPart(UriPartial.Authority), out _);
        }

        Channel?.Dispose();
        Http?.Dispose();
        Anonymous?.Dispose();
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

    /// <summary>
    /// The admin key: printed by the server at the first start on its folder (and kept in
    /// <see cref="AdminKeyFile"/> for later starts), or the demo file's.
    /// </summary>
    private string ReadAdminKey()
    {
        var keptPath = Path.Combine(DataDir, AdminKeyFile);
        const string prefix = "Admin API key (shown once, keep it safe): ";
        var printed = Output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        if (printed is not null)
        {
            File.WriteAllText(keptPath, printed);
            return printed;
        }

        if (File.Exists(keptPath))
        {
            return File.ReadAllText(keptPath).Trim();
        }

        var demo = Path.Combine(DataDir, "demo-credentials.json");
        if (File.Exists(demo))
        {
            return System.Text.Json.JsonDocument.Parse(File.ReadAllText(demo)).RootElement.GetProperty("admin").GetString()!;
        }

        throw new InvalidOperationException($"The server printed no admin key and {DataDir} keeps none:\n{Output}");
    }

    private void KnowDemoOperators()
    {
        var demo = Path.Combine(DataDir, "demo-credentials.json");
        if (File.Exists(demo))
        {
            foreach (var facility in System.Text.Json.JsonDocument.Parse(File.ReadAllText(demo)).RootElement.GetProperty("operators").EnumerateObject())
            {
                Credentials.Know(facility.Name, facility.Value.GetString()!);
            }
        }
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

        const string prefix = "Listening on ";
        if (line.StartsWith(prefix, StringComparison.Ordinal))
        {
            var url = new Uri(line[prefix.Length..line.IndexOf(' ', prefix.Length)]);
            if (url.Scheme == "mqtt")
            {
                MqttPort = url.Port;
            }
            else if (line.EndsWith("for gRPC (HTTP/2)", StringComparison.Ordinal))
            {
                _listening.TrySetResult((_httpUrl ?? throw new InvalidOperationException("gRPC endpoint reported before HTTP."), url));
            }
            else
            {
                _httpUrl ??= url;
            }
        }
    }

    /// <summary>The server's own build output, next to the tests' (same configuration).</summary>
    private static string ServerAssembly() => BuiltAssembly("Traceability.Server", "Traceability.Server.dll");

    /// <summary>
    /// The build output of <paramref name="project"/> under <c>services/</c>, in the configuration
    /// the calling tests were built in.
    /// </summary>
    public static string BuiltAssembly(string project, string assembly)
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

        var path = Path.Combine(root.FullName, "services", project, "bin", configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first.", path);
    }
}
