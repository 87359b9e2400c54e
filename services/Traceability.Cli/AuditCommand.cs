using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Traceability.Persistence.Sqlite;

namespace Traceability.Cli;

/// <summary>
/// <c>trace audit --data-dir data</c>: re-reads the whole event store of a server's data folder,
/// recomputes every event's hash (from its stored EPCIS and from the recorded fact), every
/// facility log and every checkpoint root, and reports the first divergence: an event altered,
/// removed, reordered, or a log truncated or rewritten.
/// </summary>
internal sealed class AuditCommand
{
    private readonly Option<string> dataDir = new("--data-dir") { Description = "The server's data folder (its --data-dir)", HelpName = "path", DefaultValueFactory = _ => "data" };
    private readonly Option<string> key = CliOptions.Text("--key", "The verifier key the checkpoints must be signed with; default: the data folder's own signing key", required: false);

    public AuditCommand(GlobalOptions global)
    {
        Command = new Command("audit", "Recompute every event hash, facility log and checkpoint of a data folder and report the first divergence") { dataDir, key };
        Command.SetAction(async (parse, cancellation) =>
        {
            var output = Output.For(parse, global);
            var folder = parse.GetRequiredValue(dataDir);
            LedgerAuditReport report;
            try
            {
                report = await LedgerAudit.RunAsync(folder, parse.GetValue(key), cancellation).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                output.Error($"cannot audit {folder}: {exception.Message}");
                return ExitCodes.Failure;
            }

            if (parse.GetValue(global.Json))
            {
                output.WriteDocument(JsonSerializer.Serialize(report, JsonOptions));
            }
            else
            {
                foreach (var divergence in report.Divergences)
                {
                    output.Line($"DIVERGENCE {divergence}");
                }

                var scope = string.Create(CultureInfo.InvariantCulture, $"{report.Events} events, {report.Logs} facility logs, {report.Checkpoints} signed checkpoints");
                output.Line(report.Divergences.Count == 0
                    ? $"AUDIT PASSED: {scope} recomputed; no divergence"
                    : $"AUDIT FAILED: {scope} recomputed; first divergence: {report.Divergences[0]}");
            }

            return report.Divergences.Count == 0 ? ExitCodes.Ok : ExitCodes.NotVerified;
        });
    }

    /// <summary><c>trace audit</c>.</summary>
    public Command Command { get; }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
