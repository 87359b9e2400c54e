using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Rules;
using Traceability.Web.DigitalLinks;

namespace Traceability.Web.Qr;

/// <summary>
/// QR codes of a lot's Digital Link URI and printable label sheets:
/// <c>GET /v1/lots/{gtin}/{lot}/qr.svg</c>, <c>…/qr.png</c> (<c>?serial=&amp;size=&amp;ecc=</c>) and
/// <c>…/labels?count=N&amp;first=1&amp;serials=true</c>. A malformed request is refused with a JSON
/// problem naming the parameter (400), a lot nobody recorded with 404.
/// </summary>
internal static class QrEndpoints
{
    /// <summary>Response header carrying the URI a QR code encodes, so that whoever saves the image can see where it points.</summary>
    public const string DigitalLinkHeader = "X-Digital-Link";

    // A QR image is the lot packer's read (it needs credentials), so no shared cache may keep it:
    // the server's security headers mark every authenticated answer no-store.

    // Everything served here is self-contained (inline styles, inline SVG): an SVG opened on its
    // own and the label sheet may run nothing and fetch nothing.
    private const string SelfContained = "default-src 'none'; style-src 'unsafe-inline'";

    public static IEndpointRouteBuilder MapQrCodes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/lots/{gtin}/{lot}/qr.svg", (string gtin, string lot, HttpContext context, ResolverBase resolver, IGrainFactory grains) =>
            QrAsync(context, gtin, lot, resolver, grains, svg: true)).ExcludeFromDescription();
        endpoints.MapGet("/v1/lots/{gtin}/{lot}/qr.png", (string gtin, string lot, HttpContext context, ResolverBase resolver, IGrainFactory grains) =>
            QrAsync(context, gtin, lot, resolver, grains, svg: false)).ExcludeFromDescription();
        endpoints.MapGet("/v1/lots/{gtin}/{lot}/labels", LabelsAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> QrAsync(HttpContext context, string gtinValue, string lotValue, ResolverBase resolver, IGrainFactory grains, bool svg)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (!LotRoute.TryRead(context, gtinValue, lotValue, out var gtin, out var lot, out var violation)
            || !QrQuery.TryParse(context.Request.Query, out var query, out violation))
        {
            return Refused(violation);
        }

        if (await grains.GetGrain<ILotGrain>(LotKeys.Of(gtin, lot)).Describe() is null)
        {
            return Refused(UnknownLot(gtin, lot));
        }

        var uri = resolver.LotUri(context.Request, gtin, lot, query.Serial);
        var content = svg ? QrImages.SvgBytes(uri, query.Ecc) : QrImages.Png(uri, query.Ecc, query.PixelsPerModule);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = SelfContained;
        headers[DigitalLinkHeader] = uri;
        return Results.Bytes(content, svg ? "image/svg+xml" : "image/png", entityTag: Tag(content));
    }

    private static async Task<IResult> LabelsAsync(string gtin, string lot, HttpContext context, ResolverBase resolver, IGrainFactory grains)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (!LotRoute.TryRead(context, gtin, lot, out var gtin14, out var lotCode, out var violation)
            || !LabelQuery.TryParse(context.Request.Query, out var query, out violation))
        {
            return Refused(violation);
        }

        var view = await grains.GetGrain<ILotGrain>(LotKeys.Of(gtin14, lotCode)).Describe();
        if (view is null)
        {
            return Refused(UnknownLot(gtin14, lotCode));
        }

        var packed = view.Record;
        if (query.CheckAgainst(packed.UnitCount) is { } tooMany)
        {
            return Refused(tooMany);
        }

        var product = await grains.GetGrain<IProductGrain>(gtin14).Describe();
        var labels = query.SerialsOf(packed.UnitCount)
            .Select(serial => new PrintedLabel(resolver.LotUri(context.Request, gtin14, lotCode, serial), serial))
            .ToList();
        var html = LabelSheet.Render(packed, product?.Record, labels);
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = SelfContained;
        return Results.Text(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static RuleViolation UnknownLot(string gtin, string lot) =>
        RuleViolation.NotFound("lot", $"lot '{lot}' of GTIN {gtin} does not exist");

    /// <summary>A JSON problem (RFC 9457) naming the parameter at fault: 404 for a missing lot, else 400.</summary>
    private static IResult Refused(RuleViolation violation)
    {
        var extensions = new Dictionary<string, object?> { ["field"] = violation.Field };
        return violation.Kind == ViolationKind.NotFound
            ? Results.Problem(violation.ToString(), statusCode: StatusCodes.Status404NotFound, title: "No such lot", extensions: extensions)
            : Results.ValidationProblem(
                new Dictionary<string, string[]> { [violation.Field] = [violation.Message] },
                violation.ToString(),
                statusCode: StatusCodes.Status400BadRequest,
                title: $"Invalid {violation.Field}",
                extensions: extensions);
    }

    private static EntityTagHeaderValue Tag(byte[] content) => new($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
}
