using System.CommandLine;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary><c>trace batch show|recall</c>: one batch, and the forward trace used for a recall.</summary>
internal sealed class BatchCommands
{
    private readonly Argument<string> showId = CliOptions.Id("batch-id", "The batch's identifier");
    private readonly Argument<string> recallId = CliOptions.Id("batch-id", "The batch to recall");

    public BatchCommands(GlobalOptions global)
    {
        var show = new Command("show", "Show one batch, where it came from and what used it") { showId };
        show.SetCall(global, ToGetRequest,
            (channel, request, cancellation) => new Batches.BatchesClient(channel).GetBatchAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Batch);

        var recall = new Command("recall", "Trace a batch forward to every lot that contains any of it") { recallId };
        recall.SetCall(global, ToRecallRequest,
            (channel, request, cancellation) => new Trace.TraceClient(channel).RecallBatchAsync(request, cancellationToken: cancellation).ResponseAsync,
            TraceTrees.Forward);

        Command = new Command("batch", "Batches: show, recall") { show, recall };
    }

    /// <summary><c>trace batch</c>.</summary>
    public Command Command { get; }

    public GetBatchRequest ToGetRequest(ParseResult parse) => new() { BatchId = parse.GetRequiredValue(showId) };

    public RecallBatchRequest ToRecallRequest(ParseResult parse) => new() { BatchId = parse.GetRequiredValue(recallId) };
}
