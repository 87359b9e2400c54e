using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Traceability.Security.ApiKeys;
using Traceability.Security.Audit;
using Traceability.Security.Policy;
using Traceability.Security.Principals;

namespace Traceability.Api.Access;

/// <summary>
/// The one access decision of a request, shared by the gRPC interceptor (gRPC, gRPC-Web and the
/// JSON transcoding) and the middleware (the other routes): the credential the authentication
/// handlers established, the entry point's <see cref="InterfaceMap"/> rule, the facility resolved
/// as the rule says (<see cref="RecordOwners"/>), then <see cref="AccessPolicy.Decide"/>. Every
/// denial and every allowed write is appended to the audit log before the request goes on; a
/// decision the log cannot record is not acted on.
/// </summary>
public sealed partial class AccessGate(RecordOwners owners, AuditWriter audit, ApiKeyStore keys, ILogger<AccessGate> logger)
{
    /// <summary>
    /// Decides a request routed to an entry point with rule <paramref name="template"/> (null: none);
    /// <paramref name="field"/> reads the request's addressing fields by proto name (route values
    /// or message fields), <paramref name="target"/> names it in the audit log.
    /// </summary>
    public async Task<AccessVerdict> CheckAsync(HttpContext http, OperationTemplate? template, Func<string, string?> field, string target)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(field);
        var remote = http.Connection.RemoteIpAddress?.ToString();
        var principal = PrincipalClaims.From(http.User);
        if (await CredentialProblemAsync(http, principal).ConfigureAwait(false) is { } problem)
        {
            return await RecordAsync(new AccessVerdict(AccessOutcome.Unauthenticated, null, problem), AuditEntry.Anonymous, remote, template?.Kind.ToString() ?? "unknown", target).ConfigureAwait(false);
        }

        if (template is null)
        {
            return await RecordAsync(new AccessVerdict(AccessOutcome.Forbidden, principal, "this entry point has no access rule (InterfaceMap): refused"), Who(http, principal), remote, "unknown", target).ConfigureAwait(false);
        }

        var facility = await owners.FacilityAsync(template.Facility, field, http.RequestAborted).ConfigureAwait(false);
        if (template.Facility != FacilitySource.None && facility is null && principal is { Role: not Role.Device })
        {
            // No such record (or none named): nothing to cross into. The service answers NOT_FOUND
            // or INVALID_ARGUMENT as it would for anyone allowed.
            var through = new AccessVerdict(AccessOutcome.Allowed, principal, "names no existing record");
            return IsWrite(template.Kind, target)
                ? await RecordAsync(through, Who(http, principal), remote, template.Bind().ToString(), target).ConfigureAwait(false)
                : through;
        }

        var region = template.Facility == FacilitySource.None ? null : await owners.RegionAsync(facility).ConfigureAwait(false);
        var operation = template.Bind(facility, region);
        var decision = AccessPolicy.Decide(principal, operation);
        var verdict = decision.Allowed
            ? new AccessVerdict(AccessOutcome.Allowed, principal, decision.Reason, decision.ResultsLimitedTo)
            : new AccessVerdict(principal is null ? AccessOutcome.Unauthenticated : AccessOutcome.Forbidden, principal, decision.Reason);
        return !verdict.Allowed || IsWrite(template.Kind, target)
            ? await RecordAsync(verdict, Who(http, principal), remote, operation.ToString(), target).ConfigureAwait(false)
            : verdict;
    }

    /// <summary>Appends a denial decided elsewhere (a limit, a refused token request) to the audit log.</summary>
    public Task RecordDenialAsync(HttpContext http, string operation, string target, string reason)
    {
        ArgumentNullException.ThrowIfNull(http);
        return audit.AppendAsync(new AuditDraft(Who(http, PrincipalClaims.From(http.User)), http.Connection.RemoteIpAddress?.ToString(), operation, target, false, reason));
    }

    /// <summary>
    /// Operations that change something: each allowed one is audited, like every denial. The
    /// admins' listings (keys, devices, the audit log itself) are reads: auditing a read of the
    /// audit log would grow it with every page read.
    /// </summary>
    public static bool IsWrite(OperationKind kind, string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var method = target[(target.LastIndexOf('/') + 1)..];
        return kind is not (OperationKind.Health or OperationKind.PublicTrace or OperationKind.ReadFacility or OperationKind.ReadPlatform or OperationKind.ReadReference)
            && !method.StartsWith("List", StringComparison.Ordinal)
            && !method.StartsWith("Verify", StringComparison.Ordinal);
    }

    private async Task<string?> CredentialProblemAsync(HttpContext http, Principal? principal)
    {
        if (principal is null)
        {
            if (http.Request.Headers.Authorization.Count == 0)
            {
                return null;
            }

            // The middleware keeps only successes; the handlers cache their result per request, so this asks again for free.
            var result = await http.AuthenticateAsync().ConfigureAwait(false);
            if (result.Failure is { } failure)
            {
                // OpenIddict puts the token's problem (expired, wrong audience, bad signature) in the properties.
                var detail = result.Properties?.Items.TryGetValue(".error_description", out var description) == true && description is { Length: > 0 } ? description : failure.Message;
                return $"the credential was refused: {detail}";
            }

            // A header the handlers did not accept at all (an unknown scheme, a token they ignored).
            return "the Authorization header holds no valid credential: send 'ApiKey <key>' or 'Bearer <token>'";
        }

        // RFC 7519 §4.1.5: not before its nbf (OpenIddict checks only the expiry).
        if (http.User.FindFirst("nbf")?.Value is { } nbf && long.TryParse(nbf, out var notBefore) && DateTimeOffset.FromUnixTimeSeconds(notBefore) > DateTimeOffset.UtcNow.AddMinutes(1))
        {
            return "the credential was refused: the token is not valid yet (nbf)";
        }

        // A token outlives nothing its key does: revoking or letting the key expire ends its tokens too.
        if (http.User.Identity?.AuthenticationType != AccessSchemes.ApiKey && PrincipalClaims.KeyId(http.User) is { } keyId)
        {
            var key = keys.Find(keyId);
            if (key is null || key.RevokedAt is not null)
            {
                return $"the token was issued for API key {keyId}, which is {(key is null ? "unknown" : "revoked")}";
            }

            if (key.ExpiresAt is { } expires && expires <= DateTimeOffset.UtcNow)
            {
                return $"the token was issued for API key {keyId}, which expired";
            }
        }

        return null;
    }

    /// <summary>How the audit log names the caller: <c>role:subject</c> and the key the credential came from.</summary>
    private static string Who(HttpContext http, Principal? principal) =>
        principal is null ? AuditEntry.Anonymous
        : PrincipalClaims.KeyId(http.User) is { } keyId ? $"{principal} (key {keyId})"
        : principal.ToString();

    private async Task<AccessVerdict> RecordAsync(AccessVerdict verdict, string who, string? remote, string operation, string target)
    {
        try
        {
            await audit.AppendAsync(new AuditDraft(who, remote, operation, target, verdict.Allowed, verdict.Reason)).ConfigureAwait(false);
            return verdict;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAuditFailed(logger, e, operation, target);
            return new AccessVerdict(AccessOutcome.Unavailable, verdict.Principal, "the audit log could not record this request; it was not served");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log refused an entry for {Operation} on {Target}; the request was not served.")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string operation, string target);
}
