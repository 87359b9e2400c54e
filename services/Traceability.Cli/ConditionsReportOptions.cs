using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using Traceability.Reports;

namespace Traceability.Cli;

/// <summary>
/// <c>--format table|csv|xlsx|html</c> and <c>--output FILE</c> of a conditions report, and the
/// rules between them: a workbook goes to a file, a table does not; without <c>--format</c>, the
/// file's extension names the format.
/// </summary>
internal sealed class ConditionsReportOptions
{
    private static readonly Dictionary<string, ConditionsFormat> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["table"] = ConditionsFormat.Table,
        ["csv"] = ConditionsFormat.Csv,
        ["xlsx"] = ConditionsFormat.Xlsx,
        ["html"] = ConditionsFormat.Html,
    };

    public Option<ConditionsFormat> Format { get; } = CliOptions.Parsed<ConditionsFormat>(
        "--format",
        "A summary table, or the inspector's report as CSV, an Excel workbook or a printable HTML page (default: table, or the --output file's extension)",
        "table|csv|xlsx|html",
        TryParseFormat,
        required: false);

    public Option<string> Output { get; } = new("--output")
    {
        Description = "The file to write the report to (csv and html go to standard output without it; xlsx needs it)",
        HelpName = "file",
    };

    /// <summary>Adds both options to <paramref name="command"/>, with the rules between them.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Validators.Add(Validate);
    }

    /// <summary>What to write and where: the format asked for (or the file's), and the file, if any.</summary>
    public (ConditionsFormat Format, string? Path) Destination(ParseResult parse)
    {
        var path = parse.GetValue(Output);
        var format = parse.GetResult(Format) is null && path is not null && FromExtension(path) is { } implied
            ? implied
            : parse.GetValue(Format);
        return (format, path);
    }

    /// <summary>
    /// The value of <paramref name="option"/> for a validator, or false when it was not given or
    /// its own parser refused it (and said why): reading such a value throws.
    /// </summary>
    public static bool TryGetValid<T>(CommandResult result, Option<T> option, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (result.GetResult(option) is null)
        {
            return false;
        }
        try
        {
            value = result.GetValue(option);
            return value is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void Validate(CommandResult result)
    {
        var path = result.GetValue(Output);
        var given = result.GetResult(Format) is not null;
        if (given && !TryGetValid(result, Format, out _))
        {
            return;
        }
        var format = given ? result.GetValue(Format) : path is null ? ConditionsFormat.Table : FromExtension(path);
        if (format is null)
        {
            result.AddError($"--output: '{path}' does not say which format: add --format csv, xlsx or html");
        }
        else if (format == ConditionsFormat.Xlsx && path is null)
        {
            result.AddError("--output: an xlsx workbook is written to a file: name it with --output");
        }
        else if (format == ConditionsFormat.Table && path is not null)
        {
            result.AddError("--output: a table is printed, not written: add --format csv, xlsx or html");
        }
    }

    /// <summary>The format a file name's extension names: .csv, .xlsx, .html or .htm.</summary>
    private static ConditionsFormat? FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => ConditionsFormat.Csv,
        ".xlsx" => ConditionsFormat.Xlsx,
        ".html" or ".htm" => ConditionsFormat.Html,
        _ => null,
    };

    private static bool TryParseFormat(string text, out ConditionsFormat value, [NotNullWhen(false)] out string? error)
    {
        if (Words.TryGetValue(text.Trim(), out value))
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not one of table, csv, xlsx, html";
        return false;
    }

    /// <summary>The report file format of a <see cref="ConditionsFormat"/> other than a table.</summary>
    public static ReportFormat ReportFormatOf(ConditionsFormat format) => format switch
    {
        ConditionsFormat.Csv => ReportFormat.Csv,
        ConditionsFormat.Xlsx => ReportFormat.Xlsx,
        ConditionsFormat.Html => ReportFormat.Html,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "a table is no report file"),
    };
}
