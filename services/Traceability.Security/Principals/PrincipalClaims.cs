using System.Security.Claims;

namespace Traceability.Security.Principals;

/// <summary>
/// A <see cref="Principal"/> as claims, the same for an API key and for a bearer token: the
/// authentication handlers build a <see cref="ClaimsPrincipal"/> with <see cref="ToClaims"/>, and
/// everything downstream (the access checks, the services, the audit) reads it back with
/// <see cref="From"/>. A claims principal that does not carry a valid principal is the public.
/// </summary>
public static class PrincipalClaims
{
    /// <summary>The role: <c>admin</c>, <c>operator</c>, <c>inspector</c>, <c>device</c>.</summary>
    public const string RoleClaim = "trc_role";

    /// <summary>The subject (the key id, or the user).</summary>
    public const string SubjectClaim = "sub";

    public const string FacilityClaim = "trc_facility";

    public const string ProvinceClaim = "trc_province";

    public const string DistrictClaim = "trc_district";

    public const string SiteClaim = "trc_site";

    public const string DeviceClaim = "trc_device";

    /// <summary>The API key the credential was made from (the key itself, or the key a token was issued for).</summary>
    public const string KeyIdClaim = "trc_key";

    public static IEnumerable<Claim> ToClaims(Principal principal, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        yield return new Claim(SubjectClaim, principal.Subject);
        yield return new Claim(RoleClaim, principal.Role.ToString().ToLowerInvariant());
        if (principal.FacilityId is { } facility)
        {
            yield return new Claim(FacilityClaim, facility);
        }

        if (principal.Scope is { } scope)
        {
            yield return new Claim(ProvinceClaim, scope.Province);
            if (scope.District is { } district)
            {
                yield return new Claim(DistrictClaim, district);
            }
        }

        if (principal.SiteId is { } site)
        {
            yield return new Claim(SiteClaim, site);
        }

        if (principal.DeviceId is { } device)
        {
            yield return new Claim(DeviceClaim, device);
        }

        if (keyId is not null)
        {
            yield return new Claim(KeyIdClaim, keyId);
        }
    }

    /// <summary>The principal <paramref name="user"/> carries, or <see langword="null"/> (the public) when it carries none or one of an invalid shape.</summary>
    public static Principal? From(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        var subject = user.FindFirst(SubjectClaim)?.Value;
        if (subject is null || !TryParseRole(user.FindFirst(RoleClaim)?.Value, out var role))
        {
            return null;
        }

        var province = user.FindFirst(ProvinceClaim)?.Value;
        var principal = new Principal(
            role,
            subject,
            FacilityId: user.FindFirst(FacilityClaim)?.Value,
            Scope: province is null ? null : new Region(province, user.FindFirst(DistrictClaim)?.Value),
            DeviceId: user.FindFirst(DeviceClaim)?.Value,
            SiteId: user.FindFirst(SiteClaim)?.Value);
        return principal.ShapeProblem() is null ? principal : null;
    }

    /// <summary>The API key id behind <paramref name="user"/>'s credential, when it came from one.</summary>
    public static string? KeyId(ClaimsPrincipal? user) => user?.FindFirst(KeyIdClaim)?.Value;

    public static bool TryParseRole(string? value, out Role role)
    {
        role = default;
        return value is not null
            && value.All(char.IsAsciiLetterLower)
            && Enum.TryParse(value, ignoreCase: true, out role)
            && Enum.IsDefined(role);
    }
}
