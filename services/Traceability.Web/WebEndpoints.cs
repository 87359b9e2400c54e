using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Traceability.Web.Assets;
using Traceability.Web.DigitalLinks;
using Traceability.Web.Qr;

namespace Traceability.Web;

/// <summary>The buyer's side of the platform: Digital Link resolver, trace page, its assets, QR codes and labels.</summary>
public static class WebEndpoints
{
    public static IServiceCollection AddTraceabilityWeb(this IServiceCollection services)
    {
        services.AddOptions<DigitalLinkOptions>().BindConfiguration(DigitalLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ResolverBase>();
        services.AddSingleton<Page.TracePages>();
        services.AddResponseCompression(options =>
        {
            // The page, its script and the QR codes' SVG travel compressed to phones on slow mobile links.
            options.EnableForHttps = true;
            options.MimeTypes = ["text/html", "text/javascript", "image/svg+xml", "application/ld+json", "application/linkset+json"];
        });
        return services;
    }

    /// <summary>Compresses the page and its assets (Brotli or gzip, as the browser accepts).</summary>
    public static IApplicationBuilder UseTraceabilityWeb(this IApplicationBuilder app) => app.UseResponseCompression();

    public static IEndpointRouteBuilder MapTraceabilityWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAssets();
        endpoints.MapDigitalLinkResolver();
        endpoints.MapQrCodes();
        return endpoints;
    }
}
