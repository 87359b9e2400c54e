using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary><c>trace harvest</c>: records a raw-material batch harvested from a registered area.</summary>
internal sealed class HarvestCommand
{
    private readonly Argument<string> facilityId = CliOptions.Id("facility-id", "The facility that harvested");
    private readonly Argument<string> batchId = CliOptions.Id("batch-id", "The new batch's identifier; a retry with the same id is harmless");
    private readonly Option<string> area = CliOptions.Text("--area", "The code of the raw-material area harvested");
    private readonly Option<string> species = CliOptions.Text("--species", "The species harvested, e.g. \"Codonopsis javanica\"");
    private readonly Option<long> mass = CliOptions.Parsed<long>("--mass-g", "The harvested mass in grams", "grams", ValueSyntax.TryParsePositive);
    private readonly Option<Timestamp> harvestedAt = CliOptions.Parsed<Timestamp>("--at", "When it was harvested, ISO 8601 with offset", "time", ValueSyntax.TryParseTime);
    private readonly Option<string> harvester = CliOptions.Text("--harvester", "Who harvested");

    public HarvestCommand(GlobalOptions global)
    {
        Command = new Command("harvest", "Record a raw-material batch harvested from a registered area")
        {
            facilityId, batchId, area, species, mass, harvestedAt, harvester,
        };
        Command.SetCall(global, ToRequest,
            (channel, request, cancellation) => new Batches.BatchesClient(channel).HarvestAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Batch);
    }

    /// <summary><c>trace harvest</c>.</summary>
    public Command Command { get; }

    public HarvestRequest ToRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(facilityId),
        BatchId = parse.GetRequiredValue(batchId),
        AreaCode = parse.GetValue(area) ?? "",
        Species = parse.GetValue(species) ?? "",
        MassG = parse.GetValue(mass),
        HarvestedAt = parse.GetValue(harvestedAt),
        Harvester = parse.GetValue(harvester) ?? "",
    };
}
