using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace harvest-batch</c>: records a file of harvests in one call (Batches.HarvestBatch), the
/// way a cooperative syncs the harvests its members noted in the field. The file is the JSON body
/// of <c>POST /v1/facilities/{facility_id}/harvests:batch</c> (<c>{"harvests": [ … ]}</c>) or just
/// its array. Exit 0 when every harvest is recorded or repeats an earlier record, 2 when any was
/// refused (each refusal is listed with its field).
/// </summary>
internal sealed class HarvestBatchCommand
{
    private readonly Argument<string> facilityId = CliOptions.Id("facility-id", "The facility that harvested");
    private readonly Option<HarvestBatchRequest> file = CliOptions.Parsed<HarvestBatchRequest>(
        "--file", "A JSON file of harvests: {\"harvests\": [ … ]} as the HTTP route takes it, or the array alone", "path", TryRead);

    public HarvestBatchCommand(GlobalOptions global)
    {
        Command = new Command("harvest-batch", "Record a file of harvests (up to 1,000) in one call; each gets its own outcome")
        {
            facilityId, file,
        };
        Command.SetCallWriting(global, ToRequest,
            (channel, request, cancellation) => new Batches.BatchesClient(channel).HarvestBatchAsync(request, cancellationToken: cancellation).ResponseAsync,
            (output, response) =>
            {
                output.Write(response, Render);
                return response.Refused == 0 ? ExitCodes.Ok : ExitCodes.Rejected;
            });
    }

    /// <summary><c>trace harvest-batch</c>.</summary>
    public Command Command { get; }

    public HarvestBatchRequest ToRequest(ParseResult parse)
    {
        var request = parse.GetRequiredValue(file).Clone();
        request.FacilityId = parse.GetRequiredValue(facilityId);
        return request;
    }

    /// <summary>Reads the harvests of <paramref name="path"/>; a clear error for a missing file or JSON that is not harvests.</summary>
    internal static bool TryRead(string path, [MaybeNullWhen(false)] out HarvestBatchRequest request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read '{path}': {e.Message}";
            return false;
        }

        var trimmed = text.TrimStart();
        try
        {
            request = trimmed.StartsWith('[')
                ? JsonParser.Default.Parse<HarvestBatchRequest>("{\"harvests\":" + text + "}")
                : JsonParser.Default.Parse<HarvestBatchRequest>(text);
        }
        catch (InvalidProtocolBufferException e)
        {
            error = $"'{path}' is not a JSON list of harvests: {e.Message}";
            return false;
        }
        catch (InvalidJsonException e)
        {
            error = $"'{path}' is not JSON: {e.Message}";
            return false;
        }

        if (request.Harvests.Count == 0)
        {
            error = $"'{path}' holds no harvests";
            request = null;
            return false;
        }

        error = null;
        return true;
    }

    private static IRenderable Render(HarvestBatchResponse response)
    {
        var table = new Table()
            .Title(string.Create(CultureInfo.InvariantCulture, $"{response.Recorded} recorded, {response.Repeated} repeated, {response.Refused} refused"))
            .AddColumns("#", "batch", "outcome", "detail");
        for (var i = 0; i < response.Outcomes.Count; i++)
        {
            var outcome = response.Outcomes[i];
            var (batch, result, detail) = outcome.OutcomeCase == HarvestOutcome.OutcomeOneofCase.Error
                ? ("", outcome.Error.Code, outcome.Error.Message)
                : (outcome.Batch.BatchId, outcome.Repeated ? "repeated" : "recorded", "");
            table.AddRow(Markup.Escape(i.ToString(CultureInfo.InvariantCulture)), Markup.Escape(batch), Markup.Escape(result), Markup.Escape(detail));
        }

        return table;
    }
}
