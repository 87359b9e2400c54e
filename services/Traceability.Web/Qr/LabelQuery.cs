using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Traceability.Rules;

namespace Traceability.Web.Qr;

/// <summary>
/// What a label sheet request asks for: <c>?count=N</c> labels, and with <c>?serials=true</c> one
/// serial per package, <c>first</c> to <c>first+count-1</c> (<c>?first=</c>, 1 by default).
/// </summary>
internal sealed record LabelQuery(int Count, int First, bool Serials)
{
    /// <summary>The most labels one sheet request prints (about 21 A4 pages of 24).</summary>
    public const int MaxCount = 500;

    /// <summary>Serials are zero-padded to at least this many digits (<c>001</c>), more when the lot's unit count has more.</summary>
    public const int MinSerialDigits = 3;

    /// <summary>Reads the query string, or names the parameter at fault and why.</summary>
    public static bool TryParse(IQueryCollection query, [NotNullWhen(true)] out LabelQuery? parsed, [NotNullWhen(false)] out RuleViolation? violation)
    {
        ArgumentNullException.ThrowIfNull(query);
        parsed = null;
        if (!QueryValues.TryGetSingle(query, "count", out var countText, out violation)
            || !QueryValues.TryGetSingle(query, "first", out var firstText, out violation)
            || !QueryValues.TryGetSingle(query, "serials", out var serialsText, out violation))
        {
            return false;
        }

        if (countText is null)
        {
            violation = RuleViolation.Invalid("count", $"is required: how many labels to print, 1 to {MaxCount}");
            return false;
        }

        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxCount)
        {
            violation = RuleViolation.Invalid("count", $"must be a whole number from 1 to {MaxCount} (labels per sheet request), not '{countText}'");
            return false;
        }

        var first = 1;
        if (firstText is not null && (!int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out first) || first < 1))
        {
            violation = RuleViolation.Invalid("first", $"must be a whole number from 1 (the first package's serial), not '{firstText}'");
            return false;
        }

        var serials = false;
        if (serialsText is not null && !bool.TryParse(serialsText, out serials))
        {
            violation = RuleViolation.Invalid("serials", $"must be true or false, not '{serialsText}'");
            return false;
        }

        parsed = new LabelQuery(count, first, serials);
        return true;
    }

    /// <summary>
    /// Checks the request against the lot: no more labels than packages, and serials within
    /// 1..<paramref name="unitCount"/> (a serial names one package of the lot). Null when it fits.
    /// </summary>
    public RuleViolation? CheckAgainst(int unitCount)
    {
        if (Count > unitCount)
        {
            return RuleViolation.Invalid("count", $"is {Count}, but the lot has only {unitCount} units: at most one label per package");
        }

        if (Serials && (long)First + Count - 1 > unitCount)
        {
            return RuleViolation.Invalid("first", $"serials {First} to {(long)First + Count - 1} go beyond the lot's {unitCount} units");
        }

        return null;
    }

    /// <summary>The serial of each label, zero-padded to the width of the lot's unit count; nulls without <see cref="Serials"/>.</summary>
    public IReadOnlyList<string?> SerialsOf(int unitCount)
    {
        if (!Serials)
        {
            return new string?[Count];
        }

        var digits = Math.Max(MinSerialDigits, unitCount.ToString(CultureInfo.InvariantCulture).Length);
        return [.. Enumerable.Range(First, Count).Select(n => n.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0'))];
    }
}
