namespace Traceability.Cli;

/// <summary>
/// Puts the caller's <c>Authorization</c> header on every request that passes, gRPC (native or
/// gRPC-Web) and plain HTTP alike; with no credential it sends none.
/// </summary>
internal sealed class AuthorizationHandler(string? authorization, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (authorization is not null)
        {
            request.Headers.Remove("Authorization");
            // Sent as written: an API key's base64url secret is not checked against a token grammar here.
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
