using Microsoft.Net.Http.Headers;
using Traceability.Api.Access;
using Traceability.Security.Policy;

namespace Traceability.Server;

/// <summary>
/// Security headers on every response that lacks them, added as the response starts (after the
/// endpoint set its own): <c>nosniff</c>, no referrer, no framing, a closed default
/// <c>Content-Security-Policy</c> for answers without one (JSON, problems, 404s; the trace page and
/// the label sheet keep theirs; <c>/healthz</c> goes without), <c>Strict-Transport-Security</c> on HTTPS only (a browser ignores it
/// over HTTP, and loopback HTTP must stay usable), and <c>Cache-Control: no-store</c> on answers to
/// an authenticated caller whose endpoint set no caching of its own: what a credential unlocked
/// must not stay in a shared or browser cache, unless the endpoint knows it may (the QR images,
/// which hold only the lot's public URI, are cached for an hour).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>The policy of answers that carry none: nothing loads, nothing frames them.</summary>
    public const string DefaultContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>One year, subdomains included (set only on HTTPS answers).</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        AddIfMissing(headers, HeaderNames.XContentTypeOptions, "nosniff");
        AddIfMissing(headers, HeaderNames.XFrameOptions, "DENY");
        AddIfMissing(headers, "Referrer-Policy", "no-referrer");
        if (!IsHealth(context))
        {
            AddIfMissing(headers, HeaderNames.ContentSecurityPolicy, DefaultContentSecurityPolicy);
        }
        if (context.Request.IsHttps)
        {
            AddIfMissing(headers, HeaderNames.StrictTransportSecurity, StrictTransportSecurity);
        }

        if (context.User.Identity is { IsAuthenticated: true })
        {
            AddIfMissing(headers, HeaderNames.CacheControl, "no-store");
        }
    }

    /// <summary>
    /// <c>/healthz</c> answers a probe with two letters of plain text: there is nothing in it a
    /// policy could protect, and the browser tests use it as a blank page of the server's origin
    /// to load the verifier script into (which <c>default-src 'none'</c> would block).
    /// </summary>
    private static bool IsHealth(HttpContext context) =>
        EndpointRules.For(context.GetEndpoint(), context.Request.Method) is { Kind: OperationKind.Health };

    private static void AddIfMissing(IHeaderDictionary headers, string name, string value)
    {
        if (!headers.ContainsKey(name))
        {
            headers[name] = value;
        }
    }
}
