using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Traceability.Reports;

/// <summary>
/// The word for a protobuf enum value: its proto name without the enum's prefix, in lower case with
/// hyphens (<c>VERDICT_FAIL</c> is <c>fail</c>, <c>PERIOD_KIND_STORAGE</c> is <c>storage</c>), the
/// same words the command line takes. The <c>…_UNSPECIFIED</c> value is the empty string.
/// </summary>
internal static class ProtoWords
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<int, string>> Words = new();

    public static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        return Words.GetOrAdd(typeof(TEnum), Read).TryGetValue(number, out var word)
            ? word
            : number.ToString(CultureInfo.InvariantCulture);
    }

    private static IReadOnlyDictionary<int, string> Read(Type type)
    {
        var names = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (Number: Convert.ToInt32(field.GetValue(null), CultureInfo.InvariantCulture),
                Name: field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name))
            .ToList();
        var unspecified = names.Single(entry => entry.Number == 0).Name;
        var prefix = unspecified.EndsWith("UNSPECIFIED", StringComparison.Ordinal) ? unspecified[..^"UNSPECIFIED".Length] : "";
        return names.ToDictionary(
            entry => entry.Number,
            entry => entry.Number == 0 ? "" : entry.Name[prefix.Length..].ToLowerInvariant().Replace('_', '-'));
    }
}
