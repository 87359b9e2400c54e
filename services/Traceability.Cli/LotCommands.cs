using System.CommandLine;
using Grpc.Core;
using Traceability.Contracts.V1;
using LedgerApi = Traceability.Contracts.V1.Ledger;

namespace Traceability.Cli;

/// <summary><c>trace lot list|show|trace|recall</c>: packaged lots, their backward trace, their recall.</summary>
internal sealed class LotCommands
{
    private readonly Option<int> pageSize =
        CliOptions.Parsed("--page-size", "Lots per page, at most 1000; the server's default when 0", "count", ValueSyntax.Range(1000), required: false);
    private readonly Option<string> pageToken = CliOptions.Text("--page-token", "The next_page_token of the previous page", required: false);
    private readonly Option<bool> all = new("--all") { Description = "Follow every page and print the lots as one response" };
    private readonly Argument<string> showGtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> showLot = CliOptions.Id("lot", "The lot code");
    private readonly Argument<string> traceGtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> traceLot = CliOptions.Id("lot", "The lot code");
    private readonly Argument<string> proofGtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> proofLot = CliOptions.Id("lot", "The lot code");
    private readonly Argument<string> anchorGtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> anchorLot = CliOptions.Id("lot", "The lot code");

    public LotCommands(GlobalOptions global)
    {
        var list = new Command("list", "List packaged lots") { pageSize, pageToken, all };
        list.SetCall(global, parse => (Request: ToListRequest(parse), All: parse.GetValue(all)),
            (channel, listing, cancellation) => ListAsync(new Lots.LotsClient(channel), listing.Request, listing.All, cancellation),
            Rendering.LotPage);

        var show = new Command("show", "Show one lot") { showGtin, showLot };
        show.SetCall(global, ToGetRequest,
            (channel, request, cancellation) => new Lots.LotsClient(channel).GetLotAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Lot);

        var trace = new Command("trace", "Trace a lot back through its batches and steps to its raw-material areas") { traceGtin, traceLot };
        trace.SetCall(global, ToTraceRequest,
            (channel, request, cancellation) => new Trace.TraceClient(channel).TraceLotAsync(request, cancellationToken: cancellation).ResponseAsync,
            TraceTrees.Backward);

        var proof = new Command("proof", "Print the lot's proof bundle (JSON): its events and backward trace with inclusion proofs and signed checkpoints; check it with `trace verify`") { proofGtin, proofLot };
        proof.SetCallWriting(global, ToProofRequest,
            (channel, request, cancellation) => new LedgerApi.LedgerClient(channel).GetLotProofAsync(request, cancellationToken: cancellation).ResponseAsync,
            (output, body) => output.WriteDocument(body.Data.ToStringUtf8()));

        var anchor = new Command("anchor", "Say whether the lot's whole backward trace is anchored on chain, and when") { anchorGtin, anchorLot };
        anchor.SetCall(global, parse => new GetLotProofRequest { Gtin = parse.GetRequiredValue(anchorGtin), Lot = parse.GetRequiredValue(anchorLot) },
            (channel, request, cancellation) => new LedgerApi.LedgerClient(channel).GetLotAnchorStatusAsync(request, cancellationToken: cancellation).ResponseAsync,
            status => Rendering.Fields(
                $"Lot {status.Gtin}/{status.Lot}",
                ("status", status.Status),
                ("events", status.Events.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("anchored at", status.Anchor is null ? "" : Rendering.Time(status.Anchor.AnchoredAt)),
                ("chain", status.Anchor is null ? "" : status.Anchor.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("transaction", status.Anchor?.TransactionHash ?? ""),
                ("block", status.Anchor is null ? "" : status.Anchor.BlockNumber.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Command = new Command("lot", "Packaged lots: list, show, trace back, prove, anchor status, recall") { list, show, trace, proof, anchor };
        LotPrintCommands.AddTo(Command, global);
        Recall = new LotRecallCommand(global);
        Command.Subcommands.Add(Recall.Command);
    }

    /// <summary><c>trace lot recall</c>.</summary>
    public LotRecallCommand Recall { get; }

    /// <summary><c>trace lot</c>.</summary>
    public Command Command { get; }

    public ListLotsRequest ToListRequest(ParseResult parse) => new()
    {
        PageSize = parse.GetValue(pageSize),
        PageToken = parse.GetValue(pageToken) ?? "",
    };

    public GetLotRequest ToGetRequest(ParseResult parse) => new()
    {
        Gtin = parse.GetRequiredValue(showGtin),
        Lot = parse.GetRequiredValue(showLot),
    };

    public TraceLotRequest ToTraceRequest(ParseResult parse) => new()
    {
        Gtin = parse.GetRequiredValue(traceGtin),
        Lot = parse.GetRequiredValue(traceLot),
    };

    public GetLotProofRequest ToProofRequest(ParseResult parse) => new()
    {
        Gtin = parse.GetRequiredValue(proofGtin),
        Lot = parse.GetRequiredValue(proofLot),
    };

    /// <summary>One page, or with <paramref name="all"/> every page from the request's on, as one response.</summary>
    private static async Task<ListLotsResponse> ListAsync(Lots.LotsClient client, ListLotsRequest request, bool all, CancellationToken cancellation)
    {
        var page = await client.ListLotsAsync(request, cancellationToken: cancellation).ConfigureAwait(false);
        if (!all)
        {
            return page;
        }
        var everything = new ListLotsResponse { Lots = { page.Lots } };
        while (page.NextPageToken.Length > 0)
        {
            var next = request.Clone();
            next.PageToken = page.NextPageToken;
            page = await client.ListLotsAsync(next, cancellationToken: cancellation).ConfigureAwait(false);
            everything.Lots.Add(page.Lots);
        }
        return everything;
    }
}
