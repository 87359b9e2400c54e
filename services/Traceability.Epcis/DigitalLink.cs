using System.Text.RegularExpressions;

namespace Traceability.Epcis;

/// <summary>
/// The constrained canonical GS1 Digital Link URI the event hash uses for every GS1 key: on
/// <c>https://id.gs1.org</c>, numeric AIs, no query string, and only the finest level of
/// identification (<c>00 / 01 / 01 21 / 01 10 / 01 235 / 253 / 255 / 401 / 402 / 414 / 414 254 /
/// 417 / 8003 / 8004 / 8006 / 8006 21 / 8006 10 / 8010 / 8010 8011 / 8017 / 8018</c>).
/// </summary>
internal static partial class DigitalLink
{
    private const string Canonical = "https://id.gs1.org/";

    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["gtin"] = "01", ["itip"] = "8006", ["cpid"] = "8010", ["gln"] = "414", ["party"] = "417",
        ["gsrnp"] = "8017", ["gsrn"] = "8018", ["gcn"] = "255", ["sscc"] = "00", ["gdti"] = "253",
        ["ginc"] = "401", ["gsin"] = "402", ["grai"] = "8003", ["giai"] = "8004", ["cpv"] = "22",
        ["lot"] = "10", ["ser"] = "21", ["glnx"] = "254", ["tpx"] = "235", ["cpsn"] = "8011",
    };

    private static readonly HashSet<string> PrimaryKeys = new(StringComparer.Ordinal)
    {
        "00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8017", "8018",
    };

    /// <summary>
    /// <paramref name="value"/> as a constrained canonical Digital Link URI when it is an EPC URI or
    /// an http(s) GS1 Digital Link URI (on any domain) of a valid key; otherwise null.
    /// </summary>
    public static string? Normalise(string value)
    {
        if (value.StartsWith("urn:epc:", StringComparison.Ordinal))
        {
            return EpcUrn.ToDigitalLink(value);
        }
        var start = value.StartsWith("https://", StringComparison.Ordinal) ? 8
            : value.StartsWith("http://", StringComparison.Ordinal) ? 7
            : -1;
        var slash = start < 0 ? -1 : value.IndexOf('/', start);
        if (slash < 0 || !MayHoldKey(value.AsSpan(slash)))
        {
            return null;
        }
        var path = value[slash..];
        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            path = path[..end];
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            var key = Ai(segments[i]);
            if (PrimaryKeys.Contains(key) && LeadingDigits().IsMatch(segments[i + 1]))
            {
                return Constrain(key, segments[i + 1], segments.AsSpan(i + 2));
            }
        }
        return null;
    }

    private static string Ai(string segment) => ShortNames.GetValueOrDefault(segment, segment);

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ShortNamesBySpan =
        ShortNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PrimaryKeysBySpan =
        PrimaryKeys.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Whether a URI path (up to its query or fragment) has a non-empty segment naming a primary key
    /// (<see cref="Ai"/>) followed by one that starts with four digits: the only paths
    /// <see cref="Normalise"/> looks further at. Allocates nothing, so that the platform's own URIs,
    /// which are no Digital Links, cost next to nothing.
    /// </summary>
    private static bool MayHoldKey(ReadOnlySpan<char> path)
    {
        var end = path.IndexOfAny('?', '#');
        if (end >= 0)
        {
            path = path[..end];
        }
        var previousIsKey = false;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty)
            {
                continue;
            }
            if (previousIsKey && segment.Length >= 4 && char.IsDigit(segment[0]) && char.IsDigit(segment[1])
                && char.IsDigit(segment[2]) && char.IsDigit(segment[3]))
            {
                return true;
            }
            var ai = ShortNamesBySpan.TryGetValue(segment, out var number) ? number.AsSpan() : segment;
            previousIsKey = PrimaryKeysBySpan.Contains(ai);
        }
        return false;
    }

    private static string? Constrain(string key, string keyValue, ReadOnlySpan<string> qualifierSegments)
    {
        if (qualifierSegments.Length % 2 != 0)
        {
            return null;
        }
        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < qualifierSegments.Length; i += 2)
        {
            qualifiers[Ai(qualifierSegments[i])] = qualifierSegments[i + 1];
        }
        if (key == "01" && keyValue.Length is 8 or 12 or 13 && keyValue.All(char.IsAsciiDigit))
        {
            keyValue = keyValue.PadLeft(14, '0');
        }
        string Pick(params string[] order)
        {
            foreach (var ai in order)
            {
                if (qualifiers.TryGetValue(ai, out var qualifier))
                {
                    return $"/{ai}/{qualifier}";
                }
            }
            return "";
        }
        var (valid, qualifierPath) = key switch
        {
            "00" => (Matches(Sscc(), keyValue), ""),
            "01" => (Matches(Gtin(), keyValue), Pick("21", "235", "10")),
            "8006" => (Matches(Itip(), keyValue), Pick("21", "10")),
            "253" => (Matches(Gdti(), keyValue), ""),
            "255" => (Matches(Gcn(), keyValue), ""),
            "401" or "8004" => (Matches(Ai82Upto30(), keyValue), ""),
            "402" => (Matches(Gsin(), keyValue), ""),
            "414" => (Matches(Gln(), keyValue), Pick("254")),
            "417" => (Matches(Gln(), keyValue), ""),
            "8003" => (Matches(Grai(), keyValue), ""),
            "8010" => (Matches(Cpid(), keyValue), Pick("8011")),
            "8017" or "8018" => (Matches(Gsrn(), keyValue), ""),
            _ => (false, ""),
        };
        if (!valid || !QualifierValid(qualifierPath))
        {
            return null;
        }
        return $"{Canonical}{key}/{keyValue}{qualifierPath}";
    }

    private static bool Matches(Regex syntax, string value) => syntax.IsMatch(value);

    private static bool QualifierValid(string qualifierPath)
    {
        if (qualifierPath.Length == 0)
        {
            return true;
        }
        var parts = qualifierPath.Split('/', 3);
        return parts[1] switch
        {
            "8011" => Matches(Cpsn(), parts[2]),
            "235" => Matches(Ai82Upto28(), parts[2]),
            _ => Matches(Ai82Upto20(), parts[2]),
        };
    }

    [GeneratedRegex(@"^\d{4}", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingDigits();

    [GeneratedRegex(@"^\d{18}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sscc();

    [GeneratedRegex(@"^\d{14}$", RegexOptions.CultureInvariant)]
    private static partial Regex Gtin();

    [GeneratedRegex(@"^\d{18}$", RegexOptions.CultureInvariant)]
    private static partial Regex Itip();

    [GeneratedRegex(@"^\d{13}([""'\-.0-9;-?A-Z_a-z]|%[0-9A-Fa-f]{2}){0,17}$", RegexOptions.CultureInvariant)]
    private static partial Regex Gdti();

    [GeneratedRegex(@"^\d{13}\d{0,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Gcn();

    [GeneratedRegex(@"^\d{17}$", RegexOptions.CultureInvariant)]
    private static partial Regex Gsin();

    [GeneratedRegex(@"^\d{13}$", RegexOptions.CultureInvariant)]
    private static partial Regex Gln();

    [GeneratedRegex(@"^\d{14}([""'\-.0-9;-?A-Z_a-z]|%[0-9A-Fa-f]{2}){0,16}$", RegexOptions.CultureInvariant)]
    private static partial Regex Grai();

    [GeneratedRegex(@"^\d{18}$", RegexOptions.CultureInvariant)]
    private static partial Regex Gsrn();

    [GeneratedRegex(@"^([#\-0-9A-Z]|%[0-9A-Fa-f]{2}){1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex Cpid();

    [GeneratedRegex(@"^\d{1,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Cpsn();

    [GeneratedRegex(@"^([""'\-.0-9;-?A-Z_a-z]|%[0-9A-Fa-f]{2}){1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex Ai82Upto20();

    [GeneratedRegex(@"^([""'\-.0-9;-?A-Z_a-z]|%[0-9A-Fa-f]{2}){1,28}$", RegexOptions.CultureInvariant)]
    private static partial Regex Ai82Upto28();

    [GeneratedRegex(@"^([""'\-.0-9;-?A-Z_a-z]|%[0-9A-Fa-f]{2}){1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex Ai82Upto30();
}
