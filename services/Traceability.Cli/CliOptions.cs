using System.CommandLine;
using System.CommandLine.Parsing;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// Makes the options and arguments of the commands, so that every option parses, names itself in
/// its errors and shows its syntax in help the same way.
/// </summary>
internal static class CliOptions
{
    /// <summary>A positional identifier such as <c>facility-id</c>.</summary>
    public static Argument<string> Id(string name, string description) => new(name) { Description = description };

    /// <summary>A free-text option.</summary>
    public static Option<string> Text(string name, string description, bool required = true) =>
        new(name) { Description = description, Required = required, HelpName = "text" };

    /// <summary>A free-text option given once per value.</summary>
    public static Option<string[]> RepeatedText(string name, string description, bool required = true) =>
        new(name) { Description = $"{description} (repeatable)", Required = required, HelpName = "text" };

    /// <summary>An option whose single value <paramref name="parse"/> reads.</summary>
    public static Option<T> Parsed<T>(string name, string description, string helpName, ValueParser<T> parse, bool required = true) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            Required = required,
            CustomParser = result => Parse(result, parse, result.Tokens.Count == 0 ? null : result.Tokens[^1].Value),
        };

    /// <summary>An option given once per value (<c>--input a=1 --input b=2</c>).</summary>
    public static Option<T[]> Repeated<T>(string name, string description, string helpName, ValueParser<T> parse, bool required = true) =>
        new(name)
        {
            Description = $"{description} (repeatable)",
            HelpName = helpName,
            Required = required,
            CustomParser = result => [.. result.Tokens.Select(token => Parse(result, parse, token.Value)).OfType<T>()],
        };

    /// <summary>An option whose value is one word of a protobuf enum, e.g. <c>--kind drying</c>.</summary>
    public static Option<TEnum> Keyword<TEnum>(string name, string description, bool required = true)
        where TEnum : struct, Enum
    {
        var option = Parsed<TEnum>(name, Choose<TEnum>(description), HelpName<TEnum>(), Keywords<TEnum>.TryParse, required);
        option.CompletionSources.Add([.. Keywords<TEnum>.Words]);
        return option;
    }

    /// <summary>A repeatable option whose values are words of a protobuf enum.</summary>
    public static Option<TEnum[]> RepeatedKeyword<TEnum>(string name, string description, bool required = true)
        where TEnum : struct, Enum
    {
        var option = Repeated<TEnum>(name, Choose<TEnum>(description), HelpName<TEnum>(), Keywords<TEnum>.TryParse, required);
        option.CompletionSources.Add([.. Keywords<TEnum>.Words]);
        return option;
    }

    /// <summary><c>--input BATCH=GRAMS</c>, repeatable: the mass taken from each input batch.</summary>
    public static Option<BatchPortion[]> Inputs(string description) =>
        Repeated<BatchPortion>("--input", description, "BATCH=GRAMS", BatchQuantitySyntax.TryParsePortion);

    // A long list of words would widen the whole help table: it goes in the description instead.
    private const int LongestHelpName = 40;

    private static string HelpName<TEnum>()
        where TEnum : struct, Enum =>
        Keywords<TEnum>.Choices.Length <= LongestHelpName ? Keywords<TEnum>.Choices : "word";

    private static string Choose<TEnum>(string description)
        where TEnum : struct, Enum =>
        Keywords<TEnum>.Choices.Length <= LongestHelpName
            ? description
            : $"{description}: {string.Join(", ", Keywords<TEnum>.Words)}";

    private static T? Parse<T>(ArgumentResult result, ValueParser<T> parse, string? text)
    {
        // No token: the parser reports the missing value itself.
        if (text is null)
        {
            return default;
        }
        if (parse(text, out var value, out var error))
        {
            return value;
        }
        var name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
        result.AddError($"{name}: {error}");
        return default;
    }
}
