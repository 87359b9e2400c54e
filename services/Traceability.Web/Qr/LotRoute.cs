using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Traceability.Identifiers;
using Traceability.Rules;

namespace Traceability.Web.Qr;

/// <summary>
/// The lot a <c>/v1/lots/{gtin}/{lot}/…</c> route names: the GTIN normalised to 14 digits (its
/// check digit verified) and the lot code checked against GS1 AI (10).
/// </summary>
internal static class LotRoute
{
    /// <summary>Reads and checks the lot of the request, or names the route value at fault.</summary>
    public static bool TryRead(HttpContext context, string gtinValue, string lotValue, out string gtin, out string lot, [NotNullWhen(false)] out RuleViolation? violation)
    {
        ArgumentNullException.ThrowIfNull(context);
        lot = string.Empty;
        if (!Gtin.TryNormalize(gtinValue, out gtin, out var error))
        {
            violation = RuleViolation.Invalid("gtin", error);
            return false;
        }

        lot = LotSegment(context) ?? lotValue;
        if (!LotCode.IsValid(lot, out error))
        {
            violation = RuleViolation.Invalid("lot", error);
            return false;
        }

        violation = null;
        return true;
    }

    /// <summary>
    /// The lot code as the client percent-encoded it, read from the raw request target. A lot code
    /// may hold '/', sent as <c>%2F</c>; the server keeps <c>%2F</c> undecoded in the path and the
    /// route value (it cannot tell it from a separator) but decodes <c>%25</c>, so from the route
    /// value alone <c>A%2FB</c> and <c>A%252FB</c> look the same. The lot is the segment before
    /// the route's last one (<c>qr.svg</c>, <c>qr.png</c>, <c>labels</c>). Null when the server gives no raw target.
    /// </summary>
    internal static string? LotSegment(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return null;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = (query < 0 ? raw : raw[..query]).TrimEnd('/');
        var segments = path.Split('/');
        if (segments.Length < 3)
        {
            return null;
        }

        try
        {
            return Uri.UnescapeDataString(segments[^2]);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
