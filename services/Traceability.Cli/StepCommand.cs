using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace step</c>: records a processing step (washing, slicing, drying, extraction, …) that
/// takes mass from input batches and produces new output batches.
/// </summary>
internal sealed class StepCommand
{
    private readonly Argument<string> facilityId = CliOptions.Id("facility-id", "The facility that processed");
    private readonly Argument<string> stepId = CliOptions.Id("step-id", "The step's identifier; a retry with the same id is harmless");
    private readonly Option<string> site = CliOptions.Text("--site", "The site where the step ran");
    private readonly Option<StepKind> kind = CliOptions.Keyword<StepKind>("--kind", "What the step does");
    private readonly Option<Timestamp> start = CliOptions.Parsed<Timestamp>("--start", "When the step started, ISO 8601 with offset", "time", ValueSyntax.TryParseTime);
    private readonly Option<Timestamp> end = CliOptions.Parsed<Timestamp>("--end", "When the step ended, ISO 8601 with offset", "time", ValueSyntax.TryParseTime);
    private readonly Option<string> @operator = CliOptions.Text("--operator", "Who ran the step");
    private readonly Option<BatchPortion[]> inputs = CliOptions.Inputs("The grams taken from an input batch");
    private readonly Option<BatchOutput[]> outputs = CliOptions.Repeated<BatchOutput>(
        "--output", "A batch the step produced, its grams and what it is", "BATCH=GRAMS[:description]", BatchQuantitySyntax.TryParseOutput);

    public StepCommand(GlobalOptions global)
    {
        Command = new Command("step", "Record a processing step from input batches to new output batches")
        {
            facilityId, stepId, site, kind, start, end, @operator, inputs, outputs,
        };
        Command.SetCall(global, ToRequest,
            (channel, request, cancellation) => new Processing.ProcessingClient(channel).RecordStepAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Step);
    }

    /// <summary><c>trace step</c>.</summary>
    public Command Command { get; }

    public RecordStepRequest ToRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(facilityId),
        StepId = parse.GetRequiredValue(stepId),
        SiteId = parse.GetValue(site) ?? "",
        Kind = parse.GetValue(kind),
        StartedAt = parse.GetValue(start),
        EndedAt = parse.GetValue(end),
        Operator = parse.GetValue(@operator) ?? "",
        Inputs = { parse.GetValue(inputs) ?? [] },
        Outputs = { parse.GetValue(outputs) ?? [] },
    };
}
