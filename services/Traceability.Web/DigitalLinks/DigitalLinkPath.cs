using System.Globalization;
using Traceability.Identifiers;

namespace Traceability.Web.DigitalLinks;

/// <summary>
/// A GS1 Digital Link URI naming a packaged lot, as a buyer's phone sends it to the resolver:
/// <c>/01/{gtin}/10/{lot}[/21/{serial}]</c> (any path prefix before the primary key, the
/// convenience names <c>gtin</c>, <c>lot</c> and <c>ser</c> too) with data attributes in the
/// query string (<c>?17=YYMMDD</c>) and the resolver's own parameters (<c>linkType</c>).
/// </summary>
public sealed record DigitalLinkPath(
    string Gtin,
    string Lot,
    string? Serial,
    IReadOnlyDictionary<string, string> Attributes,
    string? LinkType)
{
    /// <summary>GS1 AI (17), expiry date, when the code carries it.</summary>
    public DateOnly? ExpiresOn => Date("17");

    /// <summary>GS1 AI (11), production date, when the code carries it.</summary>
    public DateOnly? ProducedOn => Date("11");

    /// <summary>The URI path of the lot on a resolver (no serial, no query): <c>/01/{gtin}/10/{lot}</c>.</summary>
    public string LotPath => Of(Gtin, Lot);

    /// <summary>The Digital Link path of a lot; the lot code is percent-encoded where GS1 asks for it.</summary>
    public static string Of(string gtin, string lot, string? serial = null) =>
        serial is null ? $"/01/{gtin}/10/{Escape(lot)}" : $"/01/{gtin}/10/{Escape(lot)}/21/{Escape(serial)}";

    /// <summary>
    /// A lot's full Digital Link URI on <paramref name="resolverBase"/> (e.g. <c>https://qr.example.vn</c>,
    /// a trailing slash and a path prefix are kept).
    /// </summary>
    public static string Uri(string resolverBase, string gtin, string lot, string? serial = null)
    {
        ArgumentNullException.ThrowIfNull(resolverBase);
        return resolverBase.TrimEnd('/') + Of(gtin, lot, serial);
    }

    /// <summary>
    /// GS1 Digital Link percent-encoding of an AI value: every character of set 82 that is not
    /// unreserved in RFC 3986 is escaped (so <c>/</c>, <c>%</c>, <c>#</c>, <c>?</c>, <c>&amp;</c> never break the path).
    /// </summary>
    public static string Escape(string value) => System.Uri.EscapeDataString(value);

    /// <summary>
    /// Parses <paramref name="path"/> (the request path, percent-encoded as received) and
    /// <paramref name="query"/> (pairs as received, decoded). On failure, <paramref name="error"/>
    /// says in plain words which part breaks which rule.
    /// </summary>
    public static bool TryParse(string path, IEnumerable<KeyValuePair<string, string>> query, out DigitalLinkPath? link, out string error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(query);
        link = null;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = Array.FindIndex(segments, s => Ai(s) == "01");
        if (start < 0)
        {
            error = "the path names no GTIN: a GS1 Digital Link for a product starts with /01/{gtin}";
            return false;
        }

        var pairs = segments.AsSpan(start);
        if (pairs.Length % 2 != 0)
        {
            error = $"the path ends with '{Decode(pairs[^1])}' without a value: each GS1 Application Identifier is followed by its value";
            return false;
        }

        string? gtin = null, lot = null, serial = null;
        var order = 0;
        for (var i = 0; i < pairs.Length; i += 2)
        {
            var ai = Ai(pairs[i]);
            var value = Decode(pairs[i + 1]);
            var rank = ai switch { "01" => 0, "22" => 1, "10" => 2, "21" => 3, _ => -1 };
            if (rank < 0)
            {
                error = $"AI ({Decode(pairs[i])}) cannot qualify a GTIN in the path: only (22) variant, (10) lot and (21) serial can, in that order";
                return false;
            }

            if (i > 0 && rank <= order)
            {
                error = $"AI ({ai}) is out of place: a GTIN's qualifiers come in the order (22), (10), (21), each at most once";
                return false;
            }

            order = rank;
            switch (ai)
            {
                case "01":
                    if (!Identifiers.Gtin.TryNormalize(value, out var gtin14, out var gtinError))
                    {
                        error = $"GTIN '{value}' {gtinError}";
                        return false;
                    }

                    gtin = gtin14;
                    break;
                case "10":
                    if (!LotCode.IsValid(value, out var lotError))
                    {
                        error = $"lot '{value}' {lotError}";
                        return false;
                    }

                    lot = value;
                    break;
                case "21":
                    if (!LotCode.IsValid(value, out var serialError))
                    {
                        error = $"serial '{value}' {serialError.Replace("AI 10", "AI 21", StringComparison.Ordinal)}";
                        return false;
                    }

                    serial = value;
                    break;
                default:
                    // (22) consumer product variant: set 82, up to 20 characters; not part of a lot's key.
                    if (!LotCode.IsValid(value, out var variantError))
                    {
                        error = $"variant '{value}' {variantError.Replace("AI 10", "AI 22", StringComparison.Ordinal)}";
                        return false;
                    }

                    break;
            }
        }

        if (lot is null)
        {
            error = $"the path names GTIN {gtin} but no lot: the trace is of a lot, /01/{gtin}/10/{{lot}}";
            return false;
        }

        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? linkType = null;
        foreach (var (name, value) in query)
        {
            if (name == "linkType")
            {
                linkType = value;
                continue;
            }

            var ai = Ai(name);
            if (!IsAiNumber(ai))
            {
                // Not a GS1 Application Identifier: other parameters pass through, as the standard allows.
                continue;
            }

            if (ai is "01" or "10" or "21" or "22")
            {
                error = $"AI ({ai}) belongs in the path, not in the query string";
                return false;
            }

            if (!TryAttribute(ai, value, out error))
            {
                return false;
            }

            attributes[ai] = value;
        }

        link = new DigitalLinkPath(gtin!, lot, serial, attributes, linkType);
        error = string.Empty;
        return true;
    }

    private static bool TryAttribute(string ai, string value, out string error)
    {
        switch (ai)
        {
            case "11" or "12" or "13" or "15" or "16" or "17":
                if (ParseYymmdd(value) is null)
                {
                    error = $"AI ({ai}) '{value}' is not a date YYMMDD";
                    return false;
                }

                break;
            case "7003":
                if (value.Length != 10 || !value.All(char.IsAsciiDigit) || ParseYymmdd(value[..6]) is null
                    || int.Parse(value.AsSpan(6, 2), CultureInfo.InvariantCulture) > 23 || int.Parse(value.AsSpan(8, 2), CultureInfo.InvariantCulture) > 59)
                {
                    error = $"AI (7003) '{value}' is not a date and time YYMMDDhhmm";
                    return false;
                }

                break;
            case var weight when weight.Length == 4 && weight.StartsWith("310", StringComparison.Ordinal):
                if (value.Length != 6 || !value.All(char.IsAsciiDigit))
                {
                    error = $"AI ({ai}) '{value}' is not six digits";
                    return false;
                }

                break;
            default:
                if (value.Length is 0 or > 90 || !value.All(LotCode.IsInSet82))
                {
                    error = $"AI ({ai}) '{value}' must be 1 to 90 characters of GS1 set 82";
                    return false;
                }

                break;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>A GS1 date YYMMDD (DD 00 is the last day of the month; the century by GS1's sliding window).</summary>
    public static DateOnly? ParseYymmdd(string value)
    {
        if (value is not { Length: 6 } || !value.All(char.IsAsciiDigit))
        {
            return null;
        }

        var yy = int.Parse(value.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var mm = int.Parse(value.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var dd = int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (mm is < 1 or > 12)
        {
            return null;
        }

        // GS1 General Specifications 7.12: the year is within 49 years before and 50 after this one.
        var thisYear = DateTime.UtcNow.Year;
        var year = (thisYear / 100 * 100) + yy;
        if (year - thisYear > 50)
        {
            year -= 100;
        }
        else if (thisYear - year > 49)
        {
            year += 100;
        }

        var days = DateTime.DaysInMonth(year, mm);
        if (dd > days)
        {
            return null;
        }

        return new DateOnly(year, mm, dd == 0 ? days : dd);
    }

    private DateOnly? Date(string ai) => Attributes.TryGetValue(ai, out var value) ? ParseYymmdd(value) : null;

    private static string Ai(string segment) => segment switch
    {
        "gtin" => "01",
        "lot" => "10",
        "ser" => "21",
        "cpv" => "22",
        "exp" => "17",
        _ => segment,
    };

    private static bool IsAiNumber(string name) => name.Length is >= 2 and <= 4 && name.All(char.IsAsciiDigit);

    private static string Decode(string segment)
    {
        try
        {
            return System.Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            return segment;
        }
    }
}
