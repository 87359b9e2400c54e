using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Traceability.Testing;

/// <summary>How <see cref="MosquittoProcess"/> configures mosquitto.</summary>
public sealed record MosquittoOptions
{
    /// <summary>Whether clients may connect without a username; null: allowed exactly when there is no <see cref="PasswordFile"/>.</summary>
    public bool? AllowAnonymous { get; init; }

    /// <summary>A mosquitto password file (<c>username:$7$…</c> lines); copied into the broker's folder at every start.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>A mosquitto ACL file; copied into the broker's folder at every start.</summary>
    public string? AclFile { get; init; }

    /// <summary>
    /// Keep persistent sessions, their subscriptions and queued QoS 1 messages in
    /// <c>mosquitto.db</c> in the broker's folder, written on a graceful stop (<see cref="MosquittoProcess.StopAsync"/>)
    /// and every <see cref="AutosaveIntervalSeconds"/>; a kill loses what was not saved yet.
    /// </summary>
    public bool Persistence { get; init; } = true;

    /// <summary>Seconds between saves of the in-memory database (mosquitto's <c>autosave_interval</c>).</summary>
    public int AutosaveIntervalSeconds { get; init; } = 1800;

    /// <summary>QoS 1/2 messages queued per offline (or slow) persistent client (<c>max_queued_messages</c>).</summary>
    public int MaxQueuedMessages { get; init; } = 10_000;

    /// <summary>QoS 1/2 messages in flight to one client at a time (<c>max_inflight_messages</c>).</summary>
    public int MaxInflightMessages { get; init; } = 20;

    /// <summary>Further lines for <c>mosquitto.conf</c>.</summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];
}

/// <summary>
/// A real MQTT broker (Debian's mosquitto 2.0, <c>/usr/sbin/mosquitto</c>, installed by <c>./test.sh</c>)
/// as a child process on a free 127.0.0.1 port, configured by a generated <c>mosquitto.conf</c> in a
/// temporary folder of its own (with its persistence database and the copied password and ACL files).
/// <see cref="StartAsync(CancellationToken)"/> again after <see cref="StopAsync"/> or <see cref="KillAsync"/>
/// restarts it on the same port with the same folder. Disposal kills it, waits for it and deletes the folder;
/// a test host that exits without disposing kills it too. Not thread-safe: one test drives it.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    /// <summary>Where Debian (and <c>./test.sh</c>) installs mosquitto.</summary>
    public const string Executable = "/usr/sbin/mosquitto";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly MosquittoOptions _options;
    private readonly ProcessLog _output = new();
    private Process? _process;
    private int _reloads;
    private bool _listening;
    private bool _disposed;

    private MosquittoProcess(MosquittoOptions options, string folder)
    {
        _options = options;
        Folder = folder;
        AppDomain.CurrentDomain.ProcessExit += OnHostExit;
    }

    /// <summary>The address the broker listens on.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The port the broker listens on, chosen at the first start and kept across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>The broker's own folder: <c>mosquitto.conf</c>, <c>mosquitto.db</c>, <c>passwd</c>, <c>acl</c>.</summary>
    public string Folder { get; }

    /// <summary>The path of the generated configuration.</summary>
    public string ConfigPath => Path.Combine(Folder, "mosquitto.conf");

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => !_disposed && _process is { HasExited: false };

    /// <summary>What mosquitto logged so far (all log types; the last 256 KiB).</summary>
    public string Output => _output.ToString();

    /// <summary>Whether mosquitto is installed where <see cref="Executable"/> says.</summary>
    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>Starts mosquitto on a free port and waits until the port accepts connections.</summary>
    public static async Task<MosquittoProcess> StartAsync(MosquittoOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!IsInstalled)
        {
            throw new FileNotFoundException("mosquitto is not installed: `apt-get install mosquitto` (./test.sh does).", Executable);
        }

        var broker = new MosquittoProcess(options ?? new MosquittoOptions(), Directory.CreateTempSubdirectory("traceability-mosquitto-").FullName);
        try
        {
            await broker.StartAsync(cancellationToken);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    /// <summary>
    /// Starts the broker (again): on a fresh free port the first time (another port is tried when it was taken
    /// in between), on the same port afterwards (retried while the old socket is still held). A running broker
    /// is stopped gracefully first. With <see cref="MosquittoOptions.Persistence"/> the sessions and queued
    /// messages saved at the last stop are restored.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await StopAsync();
        var firstStart = Port == 0;
        Exception? last = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var port = firstStart ? ProcessLog.FreeLoopbackPort() : Port;
            try
            {
                await LaunchAsync(port, cancellationToken);
                Port = port;
                return;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                // Someone took the free port before mosquitto bound it, or the previous run's socket lingers.
                last = e;
                await Task.Delay(firstStart ? 0 : 250, cancellationToken);
            }
        }

        throw new InvalidOperationException($"mosquitto did not start{(firstStart ? "" : $" again on port {Port}")}.", last);
    }

    /// <summary>Stops mosquitto gracefully (SIGTERM: it saves its persistence database), killing it after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        Signal(process, "TERM");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>Kills mosquitto at once (SIGKILL): nothing is saved since the last save.</summary>
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

    /// <summary>
    /// Copies the password and ACL files again and makes mosquitto reload them (SIGHUP), as an operator does
    /// after regenerating them; connected clients keep their sessions. Returns once mosquitto logged the reload.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not { HasExited: false } process)
        {
            throw new InvalidOperationException("mosquitto is not running.");
        }

        CopyAuthFiles();
        var before = Volatile.Read(ref _reloads);
        Signal(process, "HUP");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (Volatile.Read(ref _reloads) == before)
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                throw new TimeoutException($"mosquitto did not reload:\n{Output}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnHostExit;
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still being written by a process that just died; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The configuration file's text for <paramref name="port"/>.</summary>
    public string Config(int port)
    {
        var lines = new List<string>
        {
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            $"allow_anonymous {((_options.AllowAnonymous ?? _options.PasswordFile is null) ? "true" : "false")}",
            $"persistence {(_options.Persistence ? "true" : "false")}",
            $"persistence_location {Folder}/",
            $"autosave_interval {_options.AutosaveIntervalSeconds.ToString(CultureInfo.InvariantCulture)}",
            $"max_queued_messages {_options.MaxQueuedMessages.ToString(CultureInfo.InvariantCulture)}",
            $"max_inflight_messages {_options.MaxInflightMessages.ToString(CultureInfo.InvariantCulture)}",
            // stderr: mosquitto writes stdout through a full stdio buffer when it is a pipe, so lines would arrive late.
            "log_dest stderr",
            "log_type all",
            "log_timestamp false",
        };
        if (_options.PasswordFile is not null)
        {
            lines.Add($"password_file {Path.Combine(Folder, "passwd")}");
        }

        if (_options.AclFile is not null)
        {
            lines.Add($"acl_file {Path.Combine(Folder, "acl")}");
        }

        if (Environment.IsPrivilegedProcess)
        {
            // As root mosquitto switches to the user `mosquitto`, who cannot write the test's 0700 folder.
            lines.Add("user root");
        }

        lines.AddRange(_options.ExtraConfig);
        return string.Join('\n', lines) + "\n";
    }

    private async Task LaunchAsync(int port, CancellationToken cancellationToken)
    {
        CopyAuthFiles();
        await File.WriteAllTextAsync(ConfigPath, Config(port), cancellationToken);
        _process?.Dispose();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ConfigPath);
        Append($"$ mosquitto -c {ConfigPath} (port {port})");
        Volatile.Write(ref _listening, false);
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start.");
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitListeningAsync(process, port, cancellationToken);
    }

    private async Task WaitListeningAsync(Process process, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                // Let the output readers drain what it said before dying.
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode}:\n{Output}");
            }

            // Another process could hold the port (a lost bind race): only our broker's log line says it is ours.
            if (Volatile.Read(ref _listening))
            {
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return;
                }
                catch (SocketException)
                {
                    // Not accepting yet.
                }
            }

            await Task.Delay(20, cancellationToken);
        }

        await KillAsync();
        throw new TimeoutException($"mosquitto did not accept connections on port {port} within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void CopyAuthFiles()
    {
        if (_options.PasswordFile is { } passwd)
        {
            CopyPrivate(passwd, Path.Combine(Folder, "passwd"));
        }

        if (_options.AclFile is { } acl)
        {
            CopyPrivate(acl, Path.Combine(Folder, "acl"));
        }
    }

    private static void CopyPrivate(string source, string destination)
    {
        File.Copy(source, destination, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Append(line);

        if (line.Contains("Reloading config.", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _reloads);
        }
        else if (line.Contains("listen socket on port", StringComparison.Ordinal))
        {
            Volatile.Write(ref _listening, true);
        }
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }

    private void OnHostExit(object? sender, EventArgs e)
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
