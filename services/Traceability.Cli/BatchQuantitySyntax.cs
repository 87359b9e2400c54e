using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// The <c>BATCH=GRAMS</c> syntax of <c>--input</c> (mass taken from a batch) and the
/// <c>BATCH=GRAMS[:description]</c> syntax of <c>--output</c> (a batch a step produces).
/// </summary>
internal static class BatchQuantitySyntax
{
    /// <summary>Parses <c>BATCH=GRAMS</c>, e.g. <c>B-2024-001=12500</c>.</summary>
    public static bool TryParsePortion(string text, [MaybeNullWhen(false)] out BatchPortion portion, [NotNullWhen(false)] out string? error)
    {
        portion = null;
        if (!TrySplit(text, "BATCH=GRAMS", out var batchId, out var rest, out error))
        {
            return false;
        }
        if (!TryParseGrams(text, rest, out var grams, out error))
        {
            return false;
        }
        portion = new BatchPortion { BatchId = batchId, MassG = grams };
        return true;
    }

    /// <summary>Parses <c>BATCH=GRAMS[:description]</c>, e.g. <c>B-2024-007=3100:dried slices</c>.</summary>
    public static bool TryParseOutput(string text, [MaybeNullWhen(false)] out BatchOutput output, [NotNullWhen(false)] out string? error)
    {
        output = null;
        if (!TrySplit(text, "BATCH=GRAMS[:description]", out var batchId, out var rest, out error))
        {
            return false;
        }
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var gramsText = colon < 0 ? rest : rest[..colon];
        var description = colon < 0 ? "" : rest[(colon + 1)..].Trim();
        if (!TryParseGrams(text, gramsText, out var grams, out error))
        {
            return false;
        }
        output = new BatchOutput { BatchId = batchId, MassG = grams, Description = description };
        return true;
    }

    private static bool TrySplit(string text, string form, out string batchId, out string rest, [NotNullWhen(false)] out string? error)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        batchId = equals < 0 ? "" : text[..equals].Trim();
        rest = equals < 0 ? "" : text[(equals + 1)..];
        error = equals < 0 || batchId.Length == 0 ? $"'{text}' is not {form}" : null;
        return error is null;
    }

    private static bool TryParseGrams(string text, string grams, out long value, [NotNullWhen(false)] out string? error)
    {
        // NumberStyles.None: digits only, so "1.5", "-3", "1,000" and "12 kg" are all refused.
        if (long.TryParse(grams, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0)
        {
            error = null;
            return true;
        }
        error = $"'{text}': '{grams}' is not a whole number of grams above 0";
        return false;
    }
}
