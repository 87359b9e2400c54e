using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace lot recall</c>: the facility that packed a lot recalls it from consumers (a safety
/// problem) or, with <c>--withdrawal</c>, takes it off the shelves (e.g. a quality problem). Buyers
/// then see it on the lot's trace. The same command again is answered with the first record.
/// </summary>
internal sealed class LotRecallCommand
{
    private readonly Argument<string> gtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> lot = CliOptions.Id("lot", "The lot code");
    private readonly Option<string> facilityId = CliOptions.Text("--facility", "The facility that packed the lot and decides");
    private readonly Option<string> reason = CliOptions.Text("--reason", "Why, for the buyer who scans a package (1 to 500 characters)");
    private readonly Option<bool> withdrawal = new("--withdrawal") { Description = "Take the lot off the shelves only (a withdrawal), rather than recall it from consumers too" };
    private readonly Option<Timestamp> at = CliOptions.Parsed<Timestamp>("--at", "When it was decided, ISO 8601 with offset (default: now)", "time", ValueSyntax.TryParseTime, required: false);

    public LotRecallCommand(GlobalOptions global)
    {
        Command = new Command("recall", "Recall a lot from consumers, or with --withdrawal take it off the shelves; only the facility that packed it may")
        {
            gtin, lot, facilityId, reason, withdrawal, at,
        };
        Command.SetCall(global, ToRequest,
            (channel, request, cancellation) => new Lots.LotsClient(channel).RecallLotAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.LotRecall);
    }

    /// <summary><c>trace lot recall</c>.</summary>
    public Command Command { get; }

    public RecallLotRequest ToRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(facilityId),
        Gtin = parse.GetRequiredValue(gtin),
        Lot = parse.GetRequiredValue(lot),
        Kind = parse.GetValue(withdrawal) ? RecallKind.Withdrawal : RecallKind.Recall,
        Reason = parse.GetRequiredValue(reason),
        DecidedAt = parse.GetValue(at),
    };
}
