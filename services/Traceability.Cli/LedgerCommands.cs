using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Rendering;
using Traceability.Contracts.V1;
using LedgerApi = Traceability.Contracts.V1.Ledger;

namespace Traceability.Cli;

/// <summary><c>trace ledger key|logs|checkpoint|cut|consistency</c>: the hash ledger's key, logs and signed checkpoints.</summary>
internal sealed class LedgerCommands
{
    private readonly Argument<string> checkpointFacility = CliOptions.Id("facility-id", "The facility whose log it is");
    private readonly Option<string> cutFacility = CliOptions.Text("--facility", "Only this facility's log (default: every log)", required: false);
    private readonly Argument<string> consistencyFacility = CliOptions.Id("facility-id", "The facility whose log it is");
    private readonly Option<long> from = CliOptions.Parsed<long>("--from", "The older tree size (at least 1)", "size", ValueSyntax.TryParsePositive, required: true);
    private readonly Option<long> to = CliOptions.Parsed<long>("--to", "The newer tree size", "size", ValueSyntax.TryParsePositive, required: true);

    public LedgerCommands(GlobalOptions global)
    {
        var key = new Command("key", "Print the public key that signs every checkpoint (signed-note verifier key)");
        key.SetCall(global, _ => new GetSigningKeyRequest(),
            (channel, request, cancellation) => new LedgerApi.LedgerClient(channel).GetSigningKeyAsync(request, cancellationToken: cancellation).ResponseAsync,
            k => new Text(k.VerifierKey + Environment.NewLine));

        var logs = new Command("logs", "List the facility logs with their size and latest checkpoint");
        logs.SetCall(global, _ => new ListLogsRequest(),
            (channel, request, cancellation) => new LedgerApi.LedgerClient(channel).ListLogsAsync(request, cancellationToken: cancellation).ResponseAsync,
            Logs);

        var checkpoint = new Command("checkpoint", "Print the latest signed checkpoint of a facility's log") { checkpointFacility };
        checkpoint.SetCall(global, parse => new GetCheckpointRequest { FacilityId = parse.GetRequiredValue(checkpointFacility) },
            (channel, request, cancellation) => new LedgerApi.LedgerClient(channel).GetCheckpointAsync(request, cancellationToken: cancellation).ResponseAsync,
            c => new Text(c.Note));

        var cut = new Command("cut", "Cut a signed checkpoint now for every log that has grown") { cutFacility };
        cut.SetCall(global, parse => new CutCheckpointsRequest { FacilityId = parse.GetValue(cutFacility) ?? "" },
            (channel, request, cancellation) => new LedgerApi.LedgerClient(channel).CutCheckpointsAsync(request, cancellationToken: cancellation).ResponseAsync,
            response => response.Checkpoints.Count == 0
                ? new Text("no log has grown since its latest checkpoint" + Environment.NewLine)
                : new Rows([.. response.Checkpoints.Select(c => new Text(c.Note))]));

        var consistency = new Command("consistency", "Print the proof that a log's newer tree extends its older one") { consistencyFacility, from, to };
        consistency.SetCall(global, parse => new GetConsistencyProofRequest
        {
            FacilityId = parse.GetRequiredValue(consistencyFacility),
            From = parse.GetValue(from),
            To = parse.GetValue(to),
        },
            (channel, request, cancellation) => new LedgerApi.LedgerClient(channel).GetConsistencyProofAsync(request, cancellationToken: cancellation).ResponseAsync,
            proof => new Rows([.. proof.Hashes.Select(h => new Text(Convert.ToBase64String(h.Span)))]));

        Command = new Command("ledger", "The hash ledger: signing key, facility logs, signed checkpoints") { key, logs, checkpoint, cut, consistency };
    }

    /// <summary><c>trace ledger</c>.</summary>
    public Command Command { get; }

    private static Table Logs(ListLogsResponse response)
    {
        var table = new Table().Title("Facility logs").AddColumns("facility", "origin", "size", "checkpoint size", "checkpoint root", "cut at");
        foreach (var log in response.Logs)
        {
            var latest = log.LatestCheckpoint;
            table.AddRow(
                new Text(log.FacilityId),
                new Text(log.Origin),
                new Text(log.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(latest is null ? "none yet" : latest.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(latest is null ? "" : Convert.ToBase64String(latest.Root.Span)),
                new Text(Rendering.Time(latest?.CutAt)));
        }
        return table;
    }
}
