using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Traceability.Web.DigitalLinks;

/// <summary>The resolver base URL a lot's Digital Link URI is built on: configured, else the request's own.</summary>
public sealed class ResolverBase(IOptions<DigitalLinkOptions> options)
{
    public string For(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return options.Value.BaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary>The full Digital Link URI of a lot, as printed in its QR code.</summary>
    public string LotUri(HttpRequest request, string gtin, string lot, string? serial = null) =>
        DigitalLinkPath.Uri(For(request), gtin, lot, serial);
}
