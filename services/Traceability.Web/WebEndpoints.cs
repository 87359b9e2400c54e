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
        return services;
    }

    public static IEndpointRouteBuilder MapTraceabilityWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAssets();
        endpoints.MapQrCodes();
        return endpoints;
    }
}
