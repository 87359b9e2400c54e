using Microsoft.AspNetCore.Routing;

namespace Traceability.Web.Qr;

/// <summary>QR codes of a lot's Digital Link URI and printable label sheets.</summary>
internal static class QrEndpoints
{
    // Placeholder mapped by WebEndpoints; the QR and label routes are being built here.
    public static IEndpointRouteBuilder MapQrCodes(this IEndpointRouteBuilder endpoints) => endpoints;
}
