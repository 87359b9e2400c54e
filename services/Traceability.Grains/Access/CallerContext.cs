using Traceability.Security.Principals;

namespace Traceability.Grains.Access;

/// <summary>
/// Who an API request came from, carried into grain calls in Orleans' <see cref="RequestContext"/>
/// (it flows with the async call and across grain-to-grain calls), so that
/// <see cref="CaptureBoundary"/> can check the facility again where the records are written. The
/// API sets it for every request, public ones included; work the platform does itself (the demo
/// loader, the ingestion, the checkpoint cutter) carries none.
/// </summary>
public static class CallerContext
{
    public const string Key = "trc.caller";

    /// <summary>The value for a request without credentials.</summary>
    public const string Public = "public";

    /// <summary>Marks the current async flow as acting for <paramref name="principal"/> (the public when null) until disposed.</summary>
    public static IDisposable Enter(Principal? principal)
    {
        RequestContext.Set(Key, Encode(principal));
        return new Exit();
    }

    /// <summary>Whether the current call came through the API, and as whom (null: the public).</summary>
    public static bool TryCurrent(out Principal? principal)
    {
        principal = null;
        if (RequestContext.Get(Key) is not string value)
        {
            return false;
        }

        principal = Decode(value);
        return true;
    }

    internal static string Encode(Principal? principal) => principal is null
        ? Public
        : string.Join('\u001f', principal.Role.ToString(), principal.Subject, principal.FacilityId ?? string.Empty, principal.Scope?.Province ?? string.Empty, principal.Scope?.District ?? string.Empty, principal.SiteId ?? string.Empty, principal.DeviceId ?? string.Empty);

    internal static Principal? Decode(string value)
    {
        var parts = value.Split('\u001f');
        if (parts.Length != 7 || !Enum.TryParse<Role>(parts[0], out var role))
        {
            return null;
        }

        static string? Text(string part) => part.Length == 0 ? null : part;
        var principal = new Principal(role, parts[1], Text(parts[2]), Text(parts[3]) is { } province ? new Region(province, Text(parts[4])) : null, Text(parts[6]), Text(parts[5]));
        return principal.ShapeProblem() is null ? principal : null;
    }

    private sealed class Exit : IDisposable
    {
        public void Dispose() => RequestContext.Remove(Key);
    }
}
