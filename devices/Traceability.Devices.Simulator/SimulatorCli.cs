using System.CommandLine;
using Spectre.Console;

namespace Traceability.Devices.Simulator;

/// <summary>The <c>simulator</c> command line: <c>publish</c> and <c>load</c>, writing to the given output (tests capture it).</summary>
public sealed class SimulatorCli
{
    public SimulatorCli(TextWriter output, TextWriter error, IAnsiConsole? console = null)
    {
        Publish = new PublishCommand(output, error);
        Load = new LoadCommand(output, error, console ?? AnsiConsole.Console);
        Root = new RootCommand("Sensor simulator and load tool for the traceability platform's MQTT ingestion") { Publish.Command, Load.Command };
    }

    public PublishCommand Publish { get; }

    public LoadCommand Load { get; }

    public RootCommand Root { get; }

    /// <summary>Runs <paramref name="args"/>; the command's exit code, or <see cref="ExitCodes.Usage"/> for a wrong command line.</summary>
    public async Task<int> InvokeAsync(string[] args, CancellationToken cancellation = default)
    {
        var parse = Root.Parse(args);
        var exit = await parse.InvokeAsync(null, cancellation).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : exit;
    }
}
