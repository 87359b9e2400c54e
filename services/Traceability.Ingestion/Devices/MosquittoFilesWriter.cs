using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Traceability.Ingestion.Devices;

/// <summary>
/// Keeps mosquitto's password file and ACL (<see cref="MosquittoFiles"/>) in step with the <see cref="DeviceRegistry"/>
/// when the platform runs against an external mosquitto: written once by <see cref="Write"/> (at start) and again after
/// every change of the registry (<see cref="DeviceRegistry.Changed"/>: a device registered, rotated or revoked), before
/// the call that made the change returns. mosquitto reads the files only when it starts or gets SIGHUP: with a
/// <c>pid_file</c> of mosquitto's (<see cref="PidFile"/>) the writer sends SIGHUP itself (it must run as mosquitto's user
/// or root); otherwise an operator reloads mosquitto (<c>kill -HUP</c>, <c>systemctl reload mosquitto</c>). A write or
/// signal that fails is logged and counted in <see cref="Failures"/>, never undoes the registry's change.
/// Thread-safe: writes are serialised. Dispose to stop following the registry.
/// </summary>
public sealed partial class MosquittoFilesWriter : IDisposable
{
    private readonly DeviceRegistry _registry;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private long _writes;
    private long _failures;

    public MosquittoFilesWriter(DeviceRegistry registry, string passwordFile, string aclFile, string? pidFile = null, ILogger<MosquittoFilesWriter>? logger = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        ArgumentException.ThrowIfNullOrEmpty(passwordFile);
        ArgumentException.ThrowIfNullOrEmpty(aclFile);
        PasswordFile = passwordFile;
        AclFile = aclFile;
        PidFile = string.IsNullOrWhiteSpace(pidFile) ? null : pidFile;
        _logger = logger ?? NullLogger<MosquittoFilesWriter>.Instance;
        _registry.Changed += OnChanged;
    }

    /// <summary>Where the password file is written.</summary>
    public string PasswordFile { get; }

    /// <summary>Where the ACL is written.</summary>
    public string AclFile { get; }

    /// <summary>mosquitto's <c>pid_file</c>: the process sent SIGHUP after each write; null to leave the reload to an operator.</summary>
    public string? PidFile { get; }

    /// <summary>How many times both files were written.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>How many writes or reload signals failed (each logged).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Writes both files from the registry now, then signals mosquitto when <see cref="PidFile"/> is set. Throws when writing fails.</summary>
    public void Write()
    {
        lock (_gate)
        {
            MosquittoFiles.Write(_registry, PasswordFile, AclFile);
            Interlocked.Increment(ref _writes);
            Log.Written(_logger, PasswordFile, AclFile);
            if (PidFile is { } pidFile)
            {
                Reload(pidFile);
            }
        }
    }

    public void Dispose() => _registry.Changed -= OnChanged;

    private void OnChanged(AccountChange change)
    {
        try
        {
            Write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or System.ComponentModel.Win32Exception)
        {
            Interlocked.Increment(ref _failures);
            Log.WriteFailed(_logger, e, change.Kind.ToString(), change.Account.Username, PasswordFile, AclFile);
        }
    }

    /// <summary>Sends SIGHUP to the process in <paramref name="pidFile"/> (mosquitto reloads its password file and ACL).</summary>
    private void Reload(string pidFile)
    {
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-HUP", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false, RedirectStandardError = true })
            ?? throw new InvalidOperationException("kill did not start.");
        var error = kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -HUP {pid} failed ({kill.ExitCode}): {error.Trim()}");
        }

        Log.Reloaded(_logger, pid);
    }

    private static partial class Log
    {
        [LoggerMessage(4120, LogLevel.Information, "mosquitto files written from the device registry: {PasswordFile}, {AclFile}")]
        public static partial void Written(ILogger logger, string passwordFile, string aclFile);

        [LoggerMessage(4121, LogLevel.Information, "mosquitto (pid {Pid}) sent SIGHUP to reload its password file and ACL")]
        public static partial void Reloaded(ILogger logger, int pid);

        [LoggerMessage(4122, LogLevel.Error, "mosquitto files not updated after {Change} of {Username} ({PasswordFile}, {AclFile}): mosquitto still has the old logins until they are written and it is reloaded")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string change, string username, string passwordFile, string aclFile);
    }
}
