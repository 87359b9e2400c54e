using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using Traceability.Security.ApiKeys;
using Traceability.Security.Principals;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Traceability.Api.Access;

/// <summary>
/// The embedded OAuth 2.0 issuer (OpenIddict, degraded mode: the API key store is the client
/// store). <c>POST /connect/token</c> with <c>grant_type=client_credentials</c>,
/// <c>client_id</c> = the key id and <c>client_secret</c> = the whole API key answers a signed JWT
/// access token (RS256, audience <see cref="AccessSchemes.Audience"/>) carrying the key's
/// principal as claims and the key id, so that revoking the key also stops its tokens.
/// </summary>
internal static class TokenIssuer
{
    public static void Configure(OpenIddictServerBuilder server, AccessOptions options)
    {
        server.SetTokenEndpointUris(AccessSchemes.TokenPath.TrimStart('/'));
        server.AllowClientCredentialsFlow();
        server.EnableDegradedMode();
        server.DisableAccessTokenEncryption();
        server.SetAccessTokenLifetime(TimeSpan.FromMinutes(options.TokenLifetimeMinutes));
        if (options.Issuer is { } issuer)
        {
            server.SetIssuer(issuer);
        }

        // Plain HTTP is only bound on loopback by default; TLS in front is the deployment's (docs/deployment.md).
        server.UseAspNetCore().DisableTransportSecurityRequirement();
        server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(ValidateClient));
        server.AddEventHandler<OpenIddictServerEvents.HandleTokenRequestContext>(handler => handler.UseInlineHandler(context => Issue(context, options.Audience)));
    }

    private static ValueTask ValidateClient(OpenIddictServerEvents.ValidateTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            context.Reject(Errors.UnsupportedGrantType, "only the client_credentials grant is supported: client_id is the API key's id, client_secret the whole key");
            return ValueTask.CompletedTask;
        }

        var keys = context.Transaction.GetHttpRequest()!.HttpContext.RequestServices.GetRequiredService<ApiKeyStore>();
        var verified = keys.Verify(context.ClientSecret);
        if (!verified.Succeeded || !string.Equals(verified.KeyId, context.ClientId, StringComparison.Ordinal))
        {
            context.Reject(Errors.InvalidClient, verified.Succeeded ? "client_id is not the id of the key given as client_secret" : $"the API key is not valid: {verified.Detail}");
            return ValueTask.CompletedTask;
        }

        if (verified.Principal!.Role == Role.Device)
        {
            context.Reject(Errors.UnauthorizedClient, "devices publish over MQTT with their own login; they get no API tokens");
        }

        return ValueTask.CompletedTask;
    }

    private static ValueTask Issue(OpenIddictServerEvents.HandleTokenRequestContext context, string audience)
    {
        var keys = context.Transaction.GetHttpRequest()!.HttpContext.RequestServices.GetRequiredService<ApiKeyStore>();
        var verified = keys.Verify(context.Request.ClientSecret);
        if (!verified.Succeeded)
        {
            context.Reject(Errors.InvalidClient, $"the API key is not valid: {verified.Detail}");
            return ValueTask.CompletedTask;
        }

        var identity = new ClaimsIdentity(PrincipalClaims.ToClaims(verified.Principal!, verified.KeyId), "Bearer", PrincipalClaims.SubjectClaim, PrincipalClaims.RoleClaim);
        identity.SetClaim(Claims.ClientId, verified.KeyId);
        identity.SetResources(audience);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }
}
