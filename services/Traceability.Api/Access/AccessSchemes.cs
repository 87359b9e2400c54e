namespace Traceability.Api.Access;

/// <summary>The names of the authentication schemes and of the token audience.</summary>
public static class AccessSchemes
{
    /// <summary><c>Authorization: ApiKey trk_…</c>, checked against the hashed key store.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The default scheme: forwards to <see cref="ApiKey"/> or to bearer token validation by the header's scheme.</summary>
    public const string Selector = "Traceability";

    /// <summary>The audience (<c>aud</c>) of the platform's access tokens.</summary>
    public const string Audience = "traceability";

    /// <summary>The token endpoint of the embedded issuer.</summary>
    public const string TokenPath = "/connect/token";
}
