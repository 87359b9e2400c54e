using System.Diagnostics;
using Traceability.Testing;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>The built device simulator run as a child process, as the README tells users to run it.</summary>
internal static class SimulatorProcess
{
    /// <summary>Runs <c>simulator <paramref name="arguments"/></c>; kills it (and fails) if it has not exited within <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        // ServerProcess finds build outputs under services/; the simulator lives under devices/.
        var dll = ServerProcess.BuiltAssembly(Path.Combine("..", "devices", "Traceability.Devices.Simulator"), "Traceability.Devices.Simulator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The simulator did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"The simulator did not exit within {timeout.TotalSeconds:0} s:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
