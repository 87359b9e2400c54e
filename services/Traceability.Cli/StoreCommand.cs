using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace store</c>: records a storage period, in which batches and lots of a facility were held
/// at one of its sites, so that a lot's conditions include the time it spent in store.
/// </summary>
internal sealed class StoreCommand
{
    private readonly Option<string> facilityId = CliOptions.Text("--facility", "The facility that held the goods");
    private readonly Option<string> storageId = CliOptions.Text("--storage-id", "The storage period's identifier; a retry with the same id is harmless");
    private readonly Option<string> site = CliOptions.Text("--site", "The site where the goods were held");
    private readonly Option<Timestamp> from = CliOptions.Parsed<Timestamp>("--from", "When the goods were put in, ISO 8601 with offset", "time", ValueSyntax.TryParseTime);
    private readonly Option<Timestamp> to = CliOptions.Parsed<Timestamp>("--to", "When the goods were taken out, ISO 8601 with offset", "time", ValueSyntax.TryParseTime);
    private readonly Option<string[]> batches = CliOptions.RepeatedText("--batch", "A batch held", required: false);
    private readonly Option<string[]> lots = CliOptions.Repeated<string>("--lot", "A lot held", "GTIN/LOT", TryParseLotKey, required: false);

    public StoreCommand(GlobalOptions global)
    {
        batches.HelpName = "batch";
        Command = new Command("store", "Record a storage period: batches and lots held at a site from one time to another")
        {
            facilityId, storageId, site, from, to, batches, lots,
        };
        Command.Validators.Add(result =>
        {
            if ((result.GetValue(batches) ?? []).Length == 0 && (result.GetValue(lots) ?? []).Length == 0)
            {
                result.AddError("Name at least one --batch or --lot.");
            }
        });
        Command.SetCall(global, ToRequest,
            (channel, request, cancellation) => new Processing.ProcessingClient(channel).RecordStorageAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Storage);
    }

    /// <summary><c>trace store</c>.</summary>
    public Command Command { get; }

    public RecordStorageRequest ToRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(facilityId),
        StorageId = parse.GetRequiredValue(storageId),
        SiteId = parse.GetValue(site) ?? "",
        StartedAt = parse.GetValue(from),
        EndedAt = parse.GetValue(to),
        BatchIds = { parse.GetValue(batches) ?? [] },
        LotKeys = { parse.GetValue(lots) ?? [] },
    };

    /// <summary>
    /// A lot as <c>GTIN/LOT</c> (the lot code may hold '/' itself; the first one ends the GTIN).
    /// Only the form is checked here: the server says what is wrong with the GTIN or the code.
    /// </summary>
    private static bool TryParseLotKey(string text, [MaybeNullWhen(false)] out string value, [NotNullWhen(false)] out string? error)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            value = null;
            error = $"'{text}' is not GTIN/LOT, e.g. 08938521000013/L2605-01";
            return false;
        }

        value = text;
        error = null;
        return true;
    }
}
