using System.CommandLine;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary><c>trace pack</c>: packs a lot of one GTIN and lot code from input batches.</summary>
internal sealed class PackCommand
{
    private readonly Argument<string> facilityId = CliOptions.Id("facility-id", "The facility that packed");
    private readonly Argument<string> gtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> lot = CliOptions.Id("lot", "The lot code printed on the units");
    private readonly Option<string> site = CliOptions.Text("--site", "The site where the lot was packed");
    private readonly Option<int> units = CliOptions.Parsed<int>("--units", "How many units the lot has", "count", ValueSyntax.TryParseCount);
    private readonly Option<long> netMass = CliOptions.Parsed<long>("--net-g", "Net mass of one unit in grams", "grams", ValueSyntax.TryParsePositive);
    private readonly Option<string> producedOn = CliOptions.Parsed<string>("--produced", "Production date", "YYYY-MM-DD", ValueSyntax.TryParseDate);
    private readonly Option<string> expiresOn = CliOptions.Parsed<string>("--expires", "Expiry date", "YYYY-MM-DD", ValueSyntax.TryParseDate);
    private readonly Option<BatchPortion[]> inputs = CliOptions.Inputs("The grams taken from a batch into the lot");

    public PackCommand(GlobalOptions global)
    {
        Command = new Command("pack", "Pack a lot (one GTIN and lot code) from input batches")
        {
            facilityId, gtin, lot, site, units, netMass, producedOn, expiresOn, inputs,
        };
        Command.SetCall(global, ToRequest,
            (channel, request, cancellation) => new Lots.LotsClient(channel).PackAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Lot);
    }

    /// <summary><c>trace pack</c>.</summary>
    public Command Command { get; }

    public PackLotRequest ToRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(facilityId),
        Gtin = parse.GetRequiredValue(gtin),
        Lot = parse.GetRequiredValue(lot),
        SiteId = parse.GetValue(site) ?? "",
        UnitCount = parse.GetValue(units),
        NetMassPerUnitG = parse.GetValue(netMass),
        ProducedOn = parse.GetValue(producedOn) ?? "",
        ExpiresOn = parse.GetValue(expiresOn) ?? "",
        Inputs = { parse.GetValue(inputs) ?? [] },
    };
}
