using System.Text.RegularExpressions;

namespace Traceability.Epcis;

/// <summary>
/// EPC URIs (<c>urn:epc:id:…</c>), EPC Class URIs (<c>urn:epc:class:lgtin:…</c>) and EPC ID
/// Pattern URIs (<c>urn:epc:idpat:…:*</c>) as canonical GS1 Digital Link URIs, per the EPC Tag
/// Data Standard's correspondence tables. The GS1 Company Prefix may be 6 to 12 digits; the
/// digit field after it fills the key to its fixed length.
/// </summary>
internal static partial class EpcUrn
{
    private const string Base = "https://id.gs1.org/";

    /// <summary>The Digital Link URI of <paramref name="urn"/>, or null when it is no valid EPC URI this knows.</summary>
    public static string? ToDigitalLink(string urn)
    {
        if (urn.StartsWith("urn:epc:id:", StringComparison.Ordinal))
        {
            return Instance(urn["urn:epc:id:".Length..]);
        }
        if (urn.StartsWith("urn:epc:class:lgtin:", StringComparison.Ordinal))
        {
            return Split(urn["urn:epc:class:lgtin:".Length..], 3) is [var cp, var item, var lot]
                && Gtin(cp, item) is { } gtin && Ai82(lot, 20)
                ? $"{Base}01/{gtin}/10/{Encode(lot)}"
                : null;
        }
        if (urn.StartsWith("urn:epc:idpat:", StringComparison.Ordinal))
        {
            return Pattern(urn["urn:epc:idpat:".Length..]);
        }
        return null;
    }

    private static string? Instance(string body)
    {
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }
        var fields = body[(colon + 1)..];
        return body[..colon] switch
        {
            "sgtin" => Split(fields, 3) is [var cp, var item, var serial] && Gtin(cp, item) is { } gtin && Ai82(serial, 20)
                ? $"{Base}01/{gtin}/21/{Encode(serial)}" : null,
            "sscc" => Split(fields, 2) is [var cp, var serial] && Digits(cp, serial, 17) is not null
                ? $"{Base}00/{Gs1CheckDigit.Append(serial[..1] + cp + serial[1..])}" : null,
            "sgln" => Split(fields, 3) is [var cp, var location, var extension] && Key(cp, location, 12) is { } gln && Ai82(extension, 20)
                ? extension == "0" ? $"{Base}414/{gln}" : $"{Base}414/{gln}/254/{Encode(extension)}" : null,
            "grai" => Split(fields, 3) is [var cp, var asset, var serial] && Key(cp, asset, 12) is { } grai && Ai82(serial, 16)
                ? $"{Base}8003/0{grai}{Encode(serial)}" : null,
            "giai" => Split(fields, 2) is [var cp, var asset] && CompanyPrefix(cp) && Ai82(asset, 30 - cp.Length)
                ? $"{Base}8004/{cp}{Encode(asset)}" : null,
            "gsrn" => Split(fields, 2) is [var cp, var service] && Key(cp, service, 17) is { } gsrn
                ? $"{Base}8018/{gsrn}" : null,
            "gsrnp" => Split(fields, 2) is [var cp, var service] && Key(cp, service, 17) is { } gsrnp
                ? $"{Base}8017/{gsrnp}" : null,
            "gdti" => Split(fields, 3) is [var cp, var type, var serial] && Key(cp, type, 12) is { } gdti && (serial.Length == 0 || Ai82(serial, 17))
                ? $"{Base}253/{gdti}{Encode(serial)}" : null,
            "cpi" => Split(fields, 3) is [var cp, var part, var serial] && CompanyPrefix(cp) && CpiPart().IsMatch(part)
                && part.Length <= 30 - cp.Length && SerialDigits().IsMatch(serial)
                ? $"{Base}8010/{Encode(cp + part)}/8011/{serial}" : null,
            "sgcn" => Split(fields, 3) is [var cp, var coupon, var serial] && Key(cp, coupon, 12) is { } gcn && SerialDigits().IsMatch(serial)
                ? $"{Base}255/{gcn}{serial}" : null,
            "ginc" => Split(fields, 2) is [var cp, var consignment] && CompanyPrefix(cp) && Ai82(consignment, 30 - cp.Length)
                ? $"{Base}401/{cp}{Encode(consignment)}" : null,
            "gsin" => Split(fields, 2) is [var cp, var shipper] && Key(cp, shipper, 16) is { } gsin
                ? $"{Base}402/{gsin}" : null,
            "itip" => Split(fields, 5) is [var cp, var item, var piece, var total, var serial] && Gtin(cp, item) is { } gtin
                && TwoDigits().IsMatch(piece) && TwoDigits().IsMatch(total) && Ai82(serial, 20)
                ? $"{Base}8006/{gtin}{piece}{total}/21/{Encode(serial)}" : null,
            "upui" => Split(fields, 3) is [var cp, var item, var tpx] && Gtin(cp, item) is { } gtin && Ai82(tpx, 28)
                ? $"{Base}01/{gtin}/235/{Encode(tpx)}" : null,
            "pgln" => Split(fields, 2) is [var cp, var party] && Key(cp, party, 12) is { } pgln
                ? $"{Base}417/{pgln}" : null,
            _ => null,
        };
    }

    private static string? Pattern(string body)
    {
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !body.EndsWith(".*", StringComparison.Ordinal))
        {
            return null;
        }
        var fields = body[(colon + 1)..^2];
        return body[..colon] switch
        {
            "sgtin" or "upui" => Split(fields, 2) is [var cp, var item] && Gtin(cp, item) is { } gtin ? $"{Base}01/{gtin}" : null,
            "grai" => Split(fields, 2) is [var cp, var asset] && Key(cp, asset, 12) is { } grai ? $"{Base}8003/0{grai}" : null,
            "gdti" => Split(fields, 2) is [var cp, var type] && Key(cp, type, 12) is { } gdti ? $"{Base}253/{gdti}" : null,
            "sgcn" => Split(fields, 2) is [var cp, var coupon] && Key(cp, coupon, 12) is { } gcn ? $"{Base}255/{gcn}" : null,
            "cpi" => Split(fields, 2) is [var cp, var part] && CompanyPrefix(cp) && CpiPart().IsMatch(part) && part.Length <= 30 - cp.Length
                ? $"{Base}8010/{Encode(cp + part)}" : null,
            "itip" => Split(fields, 4) is [var cp, var item, var piece, var total] && Gtin(cp, item) is { } gtin
                && TwoDigits().IsMatch(piece) && TwoDigits().IsMatch(total)
                ? $"{Base}8006/{gtin}{piece}{total}" : null,
            _ => null,
        };
    }

    /// <summary>The fields of an EPC URI body; the last one keeps any further dots (a serial may have them).</summary>
    private static string[] Split(string fields, int count) => fields.Split('.', count);

    private static bool CompanyPrefix(string cp) => cp.Length is >= 6 and <= 12 && AllDigits(cp);

    /// <summary>The company prefix and the digit field after it, when together they are <paramref name="length"/> digits.</summary>
    private static string? Digits(string cp, string rest, int length) =>
        CompanyPrefix(cp) && rest.Length == length - cp.Length && AllDigits(rest) ? cp + rest : null;

    /// <summary>A GS1 key made of the company prefix and reference, with its check digit.</summary>
    private static string? Key(string cp, string reference, int length) =>
        Digits(cp, reference, length) is { } digits ? Gs1CheckDigit.Append(digits) : null;

    /// <summary>The GTIN-14 of an SGTIN-style company prefix and item reference (indicator digit first).</summary>
    private static string? Gtin(string cp, string item) =>
        Digits(cp, item, 13) is not null ? Gs1CheckDigit.Append(item[..1] + cp + item[1..]) : null;

    private static bool AllDigits(string text) => text.All(char.IsAsciiDigit);

    private static bool Ai82(string text, int maxCharacters) =>
        EpcCharacters().IsMatch(text) && EpcCharacters().Match(text).Groups[1].Captures.Count <= maxCharacters;

    /// <summary>Percent-encodes what a Digital Link path segment may not carry as is (GS1 Digital Link, table 7-1).</summary>
    internal static string Encode(string value) => value
        .Replace("!", "%21", StringComparison.Ordinal)
        .Replace("(", "%28", StringComparison.Ordinal)
        .Replace(")", "%29", StringComparison.Ordinal)
        .Replace("*", "%2A", StringComparison.Ordinal)
        .Replace("+", "%2B", StringComparison.Ordinal)
        .Replace(",", "%2C", StringComparison.Ordinal)
        .Replace(":", "%3A", StringComparison.Ordinal);

    // One character of a GS1 AI encodable character set 82 value as an EPC URI writes it.
    [GeneratedRegex(@"^(%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])+$", RegexOptions.CultureInvariant)]
    private static partial Regex EpcCharacters();

    [GeneratedRegex(@"^(%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])+$", RegexOptions.CultureInvariant)]
    private static partial Regex CpiPart();

    [GeneratedRegex(@"^\d{1,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex SerialDigits();

    [GeneratedRegex(@"^\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex TwoDigits();
}
