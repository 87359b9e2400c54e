using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Traceability.Cli;

/// <summary>
/// The command-line words for a protobuf enum: the proto value name without the enum's prefix,
/// in lower case with hyphens (<c>SITE_KIND_POINT_OF_SALE</c> is <c>point-of-sale</c>). The
/// <c>…_UNSPECIFIED</c> value has no word. Taken from the generated code, so a value added to
/// the proto is accepted without a change here.
/// </summary>
internal static class Keywords<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<string, TEnum> ByWord = Read();
    private static readonly FrozenDictionary<TEnum, string> ByValue = ByWord.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>Every word, in proto order, e.g. <c>cooperative|enterprise|household</c>.</summary>
    public static string Choices { get; } =
        string.Join('|', ByWord.OrderBy(pair => pair.Value).Select(pair => pair.Key));

    /// <summary>The words, in proto order.</summary>
    public static IEnumerable<string> Words => ByWord.OrderBy(pair => pair.Value).Select(pair => pair.Key);

    public static bool TryParse(string text, out TEnum value, [NotNullWhen(false)] out string? error)
    {
        if (ByWord.TryGetValue(text.Trim().ToLowerInvariant(), out value))
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not one of {string.Join(", ", Words)}";
        return false;
    }

    /// <summary>The word for a value; <c>unspecified</c> or the number for values the CLI does not know.</summary>
    public static string Word(TEnum value) =>
        ByValue.TryGetValue(value, out var word) ? word
        : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0 ? "unspecified"
        : value.ToString();

    private static FrozenDictionary<string, TEnum> Read()
    {
        var names = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (Value: (TEnum)field.GetValue(null)!, Name: field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name))
            .ToList();
        var unspecified = names.Single(entry => Convert.ToInt32(entry.Value, System.Globalization.CultureInfo.InvariantCulture) == 0).Name;
        var prefix = unspecified[..(unspecified.Length - "UNSPECIFIED".Length)];
        return names
            .Where(entry => entry.Name != unspecified)
            .ToFrozenDictionary(
                entry => entry.Name[prefix.Length..].ToLowerInvariant().Replace('_', '-'),
                entry => entry.Value,
                StringComparer.Ordinal);
    }
}
