using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Traceability.Api.Services;

namespace Traceability.Api;

/// <summary>Registers and maps the platform's gRPC services, also served as JSON over HTTP.</summary>
public static class ApiEndpoints
{
    public static IServiceCollection AddTraceabilityApi(this IServiceCollection services)
    {
        services.AddGrpc(options => options.EnableDetailedErrors = false).AddJsonTranscoding();
        services.AddSingleton<FacilityCaptures>();
        services.AddSingleton<Proofs.ProofBundleBuilder>();
        services.AddSingleton<Conditions.ConditionQueries>();
        return services;
    }

    /// <summary>
    /// Adds gRPC-Web, so that clients on plain HTTP/1.1 (the CLI, browsers) reach the same
    /// services on the HTTP port; native gRPC needs HTTP/2, which cleartext Kestrel only offers on
    /// an HTTP/2-only endpoint.
    /// </summary>
    public static IApplicationBuilder UseTraceabilityApi(this IApplicationBuilder app) =>
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });

    public static IEndpointRouteBuilder MapTraceabilityApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<RegistryService>();
        endpoints.MapGrpcService<BatchesService>();
        endpoints.MapGrpcService<ProcessingService>();
        endpoints.MapGrpcService<LotsService>();
        endpoints.MapGrpcService<TraceService>();
        endpoints.MapGrpcService<LedgerService>();
        endpoints.MapGrpcService<ReadingsService>();
        endpoints.MapGrpcService<ConditionsService>();
        endpoints.MapGrpcService<DeviceAccountsService>();
        endpoints.MapGrpcService<AccessService>();
        return endpoints;
    }
}
