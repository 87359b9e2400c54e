using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Traceability.Cli;

/// <summary>
/// <c>trace lot qr|labels</c>: a lot's QR code (its GS1 Digital Link URI) as an SVG or PNG file,
/// and its printable label sheet (HTML for A4 sticker sheets), downloaded from the server's web
/// routes <c>/v1/lots/{gtin}/{lot}/qr.svg|qr.png|labels</c>. The server validates: the command
/// passes the values on and reports the server's answer.
/// </summary>
internal sealed class LotPrintCommands
{
    private readonly Argument<string> qrGtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> qrLot = CliOptions.Id("lot", "The lot code");
    private readonly Option<string> qrFormat = CliOptions.Parsed<string>(
        "--format", "svg (scales to any print size) or png (default: the --output file's extension, else svg)", "svg|png", TryParseFormat, required: false);
    private readonly Option<string> qrSerial = CliOptions.Text("--serial", "A package's serial: the code then ends in /21/{serial}", required: false);
    private readonly Option<string> qrOutput = CliOptions.Text("--output", "The image file to write");

    private readonly Argument<string> labelsGtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> labelsLot = CliOptions.Id("lot", "The lot code");
    private readonly Option<int> labelsCount = CliOptions.Parsed("--count", "How many labels: 1 to 500, at most the lot's unit count", "N", ValueSyntax.Range(int.MaxValue));
    private readonly Option<int> labelsFirst = CliOptions.Parsed("--first", "With --serials, the first label's serial (default 1)", "N", ValueSyntax.Range(int.MaxValue), required: false);
    private readonly Option<bool> labelsSerials = new("--serials") { Description = "Number the packages: each label shows its serial and its QR code carries it (/21/{serial})" };
    private readonly Option<string> labelsOutput = CliOptions.Text("--output", "The HTML file to write; open it in a browser and print it on A4 sheets of 3 × 8 labels of 70 × 37 mm");

    public LotPrintCommands(GlobalOptions global)
    {
        ArgumentNullException.ThrowIfNull(global);
        Qr = new Command("qr", "Download the lot's QR code, its GS1 Digital Link URI, as an SVG or PNG file") { qrGtin, qrLot, qrFormat, qrSerial, qrOutput };
        qrOutput.HelpName = "file";
        Qr.Validators.Add(result =>
        {
            if (ConditionsReportOptions.TryGetValid(result, qrFormat, out var format) && result.GetValue(qrOutput) is { } path
                && FormatOf(path) is { } implied && implied != format)
            {
                result.AddError($"--output: '{path}' is named as a {implied} file, but --format asks for {format}");
            }
        });
        Qr.SetAction((parse, cancellation) => WebDownload.ToFileAsync(parse, global, QrRoute(parse), parse.GetRequiredValue(qrOutput),
            response => response.DigitalLink is { } uri ? $"QR code of {uri}" : "QR code", cancellation));

        Labels = new Command("labels", "Download a printable label sheet of the lot (HTML: A4, 3 × 8 labels of 70 × 37 mm, each with its QR code)")
        {
            labelsGtin, labelsLot, labelsCount, labelsFirst, labelsSerials, labelsOutput,
        };
        labelsOutput.HelpName = "file.html";
        Labels.SetAction((parse, cancellation) => WebDownload.ToFileAsync(parse, global, LabelsRoute(parse), parse.GetRequiredValue(labelsOutput),
            _ => $"{parse.GetValue(labelsCount)} label(s) of lot {parse.GetRequiredValue(labelsGtin)}/{parse.GetRequiredValue(labelsLot)}", cancellation));
    }

    /// <summary><c>trace lot qr</c>.</summary>
    public Command Qr { get; }

    /// <summary><c>trace lot labels</c>.</summary>
    public Command Labels { get; }

    /// <summary>Adds <c>qr</c> and <c>labels</c> to the <c>lot</c> command.</summary>
    public static void AddTo(Command lot, GlobalOptions global)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var commands = new LotPrintCommands(global);
        lot.Subcommands.Add(commands.Qr);
        lot.Subcommands.Add(commands.Labels);
    }

    /// <summary>The route <c>trace lot qr</c> downloads, relative to the server's URL.</summary>
    public string QrRoute(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var output = parse.GetRequiredValue(qrOutput);
        var format = parse.GetResult(qrFormat) is null ? FormatOf(output) ?? "svg" : parse.GetRequiredValue(qrFormat);
        var route = $"{LotRoute(parse.GetRequiredValue(qrGtin), parse.GetRequiredValue(qrLot))}/qr.{format}";
        return parse.GetValue(qrSerial) is { } serial ? $"{route}?serial={Uri.EscapeDataString(serial)}" : route;
    }

    /// <summary>The route <c>trace lot labels</c> downloads, relative to the server's URL.</summary>
    public string LabelsRoute(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var route = new StringBuilder(LotRoute(parse.GetRequiredValue(labelsGtin), parse.GetRequiredValue(labelsLot)))
            .Append(CultureInfo.InvariantCulture, $"/labels?count={parse.GetRequiredValue(labelsCount)}");
        if (parse.GetResult(labelsFirst) is not null)
        {
            route.Append(CultureInfo.InvariantCulture, $"&first={parse.GetValue(labelsFirst)}");
        }
        if (parse.GetValue(labelsSerials))
        {
            route.Append("&serials=true");
        }
        return route.ToString();
    }

    /// <summary>The lot's path: the lot code percent-encoded, since it may hold '/', '%', '?' or '#'.</summary>
    private static string LotRoute(string gtin, string lot) => $"v1/lots/{Uri.EscapeDataString(gtin.Trim())}/{Uri.EscapeDataString(lot)}";

    private static string? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".svg" => "svg",
        ".png" => "png",
        _ => null,
    };

    private static bool TryParseFormat(string text, [MaybeNullWhen(false)] out string value, [NotNullWhen(false)] out string? error)
    {
        value = text.Trim().ToLowerInvariant();
        if (value is "svg" or "png")
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not one of svg, png";
        value = null;
        return false;
    }
}
