using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Traceability.Security.ApiKeys;
using Traceability.Security.Principals;

namespace Traceability.Api.Access;

/// <summary>
/// <c>Authorization: ApiKey trk_&lt;id&gt;_&lt;secret&gt;</c>: the key is hashed and looked up in
/// <see cref="ApiKeyStore"/>. No header of this scheme: no result (the public, or another scheme);
/// a malformed, unknown, revoked or expired key: a failure naming which (revoked and expired only
/// to the holder of the secret).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!ApiKeyHeader.IsApiKeyScheme(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var parsed = ApiKeyHeader.Parse(header);
        if (!parsed.Succeeded)
        {
            return Task.FromResult(AuthenticateResult.Fail($"the API key is malformed: {parsed.Problem}"));
        }

        var verified = keys.Verify(parsed.Key!.ToString());
        if (!verified.Succeeded)
        {
            return Task.FromResult(AuthenticateResult.Fail($"the API key is not valid: {verified.Detail}"));
        }

        var identity = new ClaimsIdentity(PrincipalClaims.ToClaims(verified.Principal!, verified.KeyId), AccessSchemes.ApiKey, PrincipalClaims.SubjectClaim, PrincipalClaims.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AccessSchemes.ApiKey)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
        return Task.CompletedTask;
    }
}
