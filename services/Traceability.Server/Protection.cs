using System.Net;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Traceability.Server;

/// <summary>
/// Limits and headers around every request (docs/security.md): plain HTTP only on loopback unless
/// allowed (<see cref="Listening"/>), request size limits on every endpoint
/// (<see cref="RequestLimitOptions"/>), the public endpoints' rate limit
/// (<see cref="RateLimitOptions"/>), security headers on every response; refusals audited.
/// </summary>
public static class Protection
{
    public static WebApplicationBuilder AddTraceabilityProtection(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Listening.InsecureBindingProblem(Listening.UrlsFrom(builder.Configuration), builder.Configuration) is { } problem)
        {
            // Before anything starts: one clear line and a failed exit, not a stack trace.
            Console.Error.WriteLine(problem);
            Environment.Exit(2);
        }

        var services = builder.Services;
        services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var transport = builder.Configuration.GetSection(TransportSecurityOptions.Section).Get<TransportSecurityOptions>() ?? new TransportSecurityOptions();
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET trusts loopback by default; here only the proxies named.
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in transport.TrustedProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
        });
        // The same number for gRPC messages: gRPC lifts Kestrel's body limit for its calls and applies its own.
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<RequestLimitOptions>>((grpc, options) => grpc.MaxReceiveMessageSize = options.Value.MaxRequestBodyBytes);
        services.AddSingleton<Refusals>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) => PublicRateLimit.Configure(limiter, options.Value));
        return builder;
    }

    /// <summary>
    /// The client's address and scheme from trusted proxies first, then headers (they apply to every
    /// answer, refusals included), then the size limit, then the public rate limit. These run after routing (the application routes before its own
    /// middleware), so each knows the endpoint's rule.
    /// </summary>
    public static WebApplication UseTraceabilityProtection(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<RequestSizeLimit>();
        app.Use(PublicRateLimit.AuthenticateAsync);
        app.UseRateLimiter();
        return app;
    }
}
