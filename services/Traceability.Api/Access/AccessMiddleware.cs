using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Traceability.Grains.Access;

namespace Traceability.Api.Access;

/// <summary>
/// The access checks of the routes that are not gRPC methods (the Web project's pages, assets,
/// QR codes and labels): the same <see cref="AccessGate"/>, answering 401 / 403 / 503 as problem
/// JSON. gRPC endpoints (with their transcoded routes) are left to <see cref="AccessInterceptor"/>,
/// which sees the request message.
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next, AccessGate gate)
{
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var endpoint = http.GetEndpoint();
        if (endpoint is null || EndpointRules.GrpcMethod(endpoint) is not null)
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var template = EndpointRules.For(endpoint, http.Request.Method);
        var verdict = await gate.CheckAsync(http, template, name => http.GetRouteValue(name)?.ToString(), $"{http.Request.Method} {http.Request.Path}").ConfigureAwait(false);
        if (!verdict.Allowed)
        {
            await RefuseAsync(http, verdict).ConfigureAwait(false);
            return;
        }

        using (CallerContext.Enter(verdict.Principal))
        {
            await next(http).ConfigureAwait(false);
        }
    }

    private static Task RefuseAsync(HttpContext http, AccessVerdict verdict)
    {
        var (status, title) = verdict.Outcome switch
        {
            AccessOutcome.Unauthenticated => (StatusCodes.Status401Unauthorized, "Credentials required"),
            AccessOutcome.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            _ => (StatusCodes.Status503ServiceUnavailable, "Not served"),
        };
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
        }

        return http.Response.WriteAsJsonAsync(new AccessProblem(title, status, verdict.Reason), AccessJson.Default.AccessProblem, "application/problem+json");
    }
}

/// <summary>An RFC 9457 problem answer to a refused request.</summary>
public sealed record AccessProblem(
    [property: System.Text.Json.Serialization.JsonPropertyName("title")] string Title,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] int Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("detail")] string Detail);

[System.Text.Json.Serialization.JsonSerializable(typeof(AccessProblem))]
internal sealed partial class AccessJson : System.Text.Json.Serialization.JsonSerializerContext;
