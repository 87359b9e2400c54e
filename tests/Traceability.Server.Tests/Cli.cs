using System.Diagnostics;

namespace Traceability.Server.Tests;

/// <summary>Runs the built `trace` command line as a process, as a user does.</summary>
internal static class Cli
{
    /// <summary>A config folder no test writes to: a user's own stored token is never read.</summary>
    private static readonly string NoConfig = Path.Combine(Path.GetTempPath(), $"traceability-cli-none-{Environment.ProcessId}");

    public static Task<(int Exit, string Stdout, string Stderr)> TraceAsync(params string[] args) => TraceAsync(NoConfig, actAsTestUser: true, args);

    /// <summary>
    /// Runs <c>trace</c> with <paramref name="configHome"/> as <c>XDG_CONFIG_HOME</c>; with
    /// <paramref name="actAsTestUser"/>, as the test server's admin (or the recalling or harvesting
    /// facility's operator) through <c>TRACE_API_KEY</c>, otherwise with only what <c>trace login</c> stored.
    /// </summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> TraceAsync(string configHome, bool actAsTestUser, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerProcess.BuiltAssembly("Traceability.Cli", "trace.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Acts as the test server's admin, or as the facility's operator for a recall, as a person would.
        start.Environment["XDG_CONFIG_HOME"] = configHome;
        start.Environment.Remove("TRACE_API_KEY");
        var serverAt = Array.IndexOf(args, "--server");
        if (actAsTestUser && serverAt >= 0 && serverAt + 1 < args.Length && ServerProcess.At(new Uri(args[serverAt + 1])) is { } server)
        {
            var facilityAt = Array.IndexOf(args, "--facility");
            start.Environment["TRACE_API_KEY"] = args is ["lot", "recall", ..] && facilityAt >= 0 && facilityAt + 1 < args.Length
                ? await server.Credentials.OperatorAsync(args[facilityAt + 1])
                : args is ["harvest-batch", var harvester, ..]
                ? await server.Credentials.OperatorAsync(harvester)
                : server.Credentials.AdminKey;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
