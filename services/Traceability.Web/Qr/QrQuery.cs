using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using QRCoder;
using Traceability.Identifiers;
using Traceability.Rules;

namespace Traceability.Web.Qr;

/// <summary>
/// What a QR image request asks for beyond the lot: <c>?serial=</c> (a package's GS1 AI 21 serial,
/// added to the URI as <c>/21/{serial}</c>), <c>?size=</c> (PNG pixels per module) and
/// <c>?ecc=L|M|Q|H</c> (error correction, M by default: a label survives a scuff, the code stays small).
/// </summary>
internal sealed record QrQuery(string? Serial, int PixelsPerModule, QRCodeGenerator.ECCLevel Ecc)
{
    /// <summary>PNG pixels per module when <c>?size=</c> is not given: a 37-module code is 370 px.</summary>
    public const int DefaultPixelsPerModule = 10;

    /// <summary>The largest <c>?size=</c>: about 2,000 px for the longest URIs, enough for any printer.</summary>
    public const int MaxPixelsPerModule = 40;

    /// <summary>Reads the query string, or names the parameter at fault and why.</summary>
    public static bool TryParse(IQueryCollection query, [NotNullWhen(true)] out QrQuery? parsed, [NotNullWhen(false)] out RuleViolation? violation)
    {
        ArgumentNullException.ThrowIfNull(query);
        parsed = null;
        if (!QueryValues.TryGetSingle(query, "serial", out var serial, out violation)
            || !QueryValues.TryGetSingle(query, "size", out var sizeText, out violation)
            || !QueryValues.TryGetSingle(query, "ecc", out var eccText, out violation))
        {
            return false;
        }

        if (serial is not null && !LotCode.IsValid(serial, out var serialError))
        {
            // A serial (AI 21) follows the lot code's rules: 1 to 20 characters of set 82.
            violation = RuleViolation.Invalid("serial", serialError.Replace("AI 10", "AI 21", StringComparison.Ordinal));
            return false;
        }

        var size = DefaultPixelsPerModule;
        if (sizeText is not null
            && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPixelsPerModule))
        {
            violation = RuleViolation.Invalid("size", $"must be a whole number of pixels per module from 1 to {MaxPixelsPerModule}, not '{sizeText}'");
            return false;
        }

        var ecc = QRCodeGenerator.ECCLevel.M;
        if (eccText is not null && !TryParseEcc(eccText, out ecc))
        {
            violation = RuleViolation.Invalid("ecc", $"must be one of L, M, Q, H (about 7, 15, 25 or 30 % of the code may be lost), not '{eccText}'");
            return false;
        }

        parsed = new QrQuery(serial, size, ecc);
        return true;
    }

    private static bool TryParseEcc(string text, out QRCodeGenerator.ECCLevel ecc)
    {
        (var known, ecc) = text.ToUpperInvariant() switch
        {
            "L" => (true, QRCodeGenerator.ECCLevel.L),
            "M" => (true, QRCodeGenerator.ECCLevel.M),
            "Q" => (true, QRCodeGenerator.ECCLevel.Q),
            "H" => (true, QRCodeGenerator.ECCLevel.H),
            _ => (false, QRCodeGenerator.ECCLevel.M),
        };
        return known;
    }
}
