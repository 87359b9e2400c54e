using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Contracts.V1;
using Traceability.Rules;
using Traceability.Security.ApiKeys;
using Traceability.Security.Audit;
using Traceability.Security.Principals;
using Traceability.Security.Policy;

namespace Traceability.Api.Services;

/// <summary>
/// Who the caller is, API keys and the audit log. The access checks have already run: only admins
/// reach the key and audit methods (InterfaceMap: ManageKeys). Issuing, rotating and revoking are
/// writes, audited by the access checks before they run.
/// </summary>
public sealed class AccessService(ApiKeyStore keys, AuditLog audit, TimeProvider time) : Contracts.V1.Access.AccessBase
{
    private const int DefaultAuditLimit = 1000;
    private const int MaxAuditLimit = 10_000;

    public override Task<Identity> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        var principal = PrincipalClaims.From(user) ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "no credential"));
        var identity = new Identity
        {
            Role = ToProto(principal.Role),
            Subject = principal.Subject,
            FacilityId = principal.FacilityId ?? string.Empty,
            Province = principal.Scope?.Province ?? string.Empty,
            District = principal.Scope?.District ?? string.Empty,
            Scheme = user.Identity?.AuthenticationType == Access.AccessSchemes.ApiKey ? "ApiKey" : "Bearer",
        };
        if (identity.Scheme == "Bearer" && user.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, out var seconds))
        {
            identity.ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(seconds));
        }
        else if (PrincipalClaims.KeyId(user) is { } keyId && keys.Find(keyId)?.ExpiresAt is { } expires)
        {
            identity.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        }

        return Task.FromResult(identity);
    }

    public override Task<IssuedApiKey> IssueKey(IssueKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = request.Label is { Length: > 0 } label ? label : request.Role.ToString();
        var principal = request.Role switch
        {
            PrincipalRole.Admin => new Principal(Role.Admin, subject),
            PrincipalRole.Operator => new Principal(Role.Operator, subject, FacilityId: request.FacilityId),
            PrincipalRole.Inspector => new Principal(Role.Inspector, subject, Scope: request.Province is { Length: > 0 } province ? new Region(province, request.District is { Length: > 0 } d ? d : null) : null),
            PrincipalRole.Device => throw Invalid("role", "devices get MQTT logins (DeviceAccounts.RegisterDevice), not API keys"),
            _ => throw Invalid("role", "is required: admin, operator or inspector"),
        };
        if (request.Role == PrincipalRole.Operator)
        {
            Errors.RequireId("facility_id", request.FacilityId);
        }
        else if (request.FacilityId.Length > 0)
        {
            throw Invalid("facility_id", $"only an operator key is bound to a facility, not a {request.Role} key");
        }

        if (request.Role != PrincipalRole.Inspector && (request.Province.Length > 0 || request.District.Length > 0))
        {
            throw Invalid("province", "only an inspector key has a regional scope");
        }

        if (request.District.Length > 0 && request.Province.Length == 0)
        {
            throw Invalid("district", "a district scope also names its province");
        }

        if (principal.ShapeProblem() is { } problem)
        {
            throw Invalid("role", problem);
        }

        DateTimeOffset? expiresAt = request.ExpiresAt?.ToDateTimeOffset();
        if (expiresAt <= time.GetUtcNow())
        {
            throw Invalid("expires_at", "is in the past");
        }

        var issued = keys.Issue(principal, request.Label is { Length: > 0 } ? request.Label : $"{request.Role} key", expiresAt);
        return Task.FromResult(new IssuedApiKey { Key = issued.Key.ToString(), Info = ToProto(issued.Record) });
    }

    public override Task<ListKeysResponse> ListKeys(ListKeysRequest request, ServerCallContext context)
    {
        var response = new ListKeysResponse();
        response.Keys.Add(keys.List().Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<IssuedApiKey> RotateKey(RotateKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issued = keys.Rotate(RequireKeyId(request.KeyId))
            ?? throw (keys.Find(request.KeyId) is null
                ? Errors.NotFound("key_id", $"no key '{request.KeyId}'")
                : Errors.From(RuleViolation.Precondition("key_id", $"key '{request.KeyId}' is revoked or expired; issue a new one")));
        return Task.FromResult(new IssuedApiKey { Key = issued.Key.ToString(), Info = ToProto(issued.Record) });
    }

    public override Task<ApiKeyInfo> RevokeKey(RevokeKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keyId = RequireKeyId(request.KeyId);
        if (keys.Find(keyId) is null)
        {
            throw Errors.NotFound("key_id", $"no key '{keyId}'");
        }

        if (!keys.Revoke(keyId, request.Reason is { Length: > 0 } reason ? reason : "revoked"))
        {
            throw Errors.From(RuleViolation.Precondition("key_id", $"key '{keyId}' is already revoked"));
        }

        return Task.FromResult(ToProto(keys.Find(keyId)!));
    }

    public override Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.After < 0)
        {
            throw Invalid("after", "is a sequence number, 0 or more");
        }

        if (request.Limit is < 0 or > MaxAuditLimit)
        {
            throw Invalid("limit", $"is between 1 and {MaxAuditLimit} (0: {DefaultAuditLimit})");
        }

        var limit = request.Limit == 0 ? DefaultAuditLimit : request.Limit;
        var response = new ListAuditResponse();
        var after = request.After;
        // Denials only: read on until the page is full or the log ends.
        while (response.Entries.Count < limit)
        {
            var page = audit.Read(after, limit);
            if (page.Count == 0)
            {
                break;
            }

            response.Entries.Add(page.Where(e => !request.DeniedOnly || !e.Allowed).Take(limit - response.Entries.Count).Select(ToProto));
            after = page[^1].Sequence;
        }

        return Task.FromResult(response);
    }

    public override Task<AuditVerification> VerifyAudit(VerifyAuditRequest request, ServerCallContext context)
    {
        var verification = audit.VerifyChain();
        var head = audit.Head();
        return Task.FromResult(new AuditVerification
        {
            Intact = verification.Intact,
            Entries = verification.EntriesChecked,
            HeadSequence = head?.Sequence ?? 0,
            HeadHash = head is null ? string.Empty : Convert.ToHexStringLower(head.Hash.Span),
            Problem = verification.Problem ?? string.Empty,
        });
    }

    private static string RequireKeyId(string keyId) =>
        keyId.Length == ApiKey.KeyIdLength && keyId.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c))
            ? keyId
            : throw Invalid("key_id", $"is {ApiKey.KeyIdLength} lowercase hexadecimal characters (the part of the key between 'trk_' and the next '_')");

    private static RpcException Invalid(string field, string message) => Errors.From(RuleViolation.Invalid(field, message));

    private static PrincipalRole ToProto(Role role) => role switch
    {
        Role.Admin => PrincipalRole.Admin,
        Role.Operator => PrincipalRole.Operator,
        Role.Inspector => PrincipalRole.Inspector,
        Role.Device => PrincipalRole.Device,
        _ => PrincipalRole.Unspecified,
    };

    private static ApiKeyInfo ToProto(ApiKeyRecord record)
    {
        var info = new ApiKeyInfo
        {
            KeyId = record.KeyId,
            Role = ToProto(record.Principal.Role),
            Subject = record.Principal.Subject,
            FacilityId = record.Principal.FacilityId ?? string.Empty,
            Province = record.Principal.Scope?.Province ?? string.Empty,
            District = record.Principal.Scope?.District ?? string.Empty,
            Label = record.Label,
            IssuedAt = Timestamp.FromDateTimeOffset(record.IssuedAt),
            RevokedReason = record.RevokedReason ?? string.Empty,
            ReplacedBy = record.ReplacedBy ?? string.Empty,
        };
        if (record.ExpiresAt is { } expires)
        {
            info.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        }

        if (record.RevokedAt is { } revoked)
        {
            info.RevokedAt = Timestamp.FromDateTimeOffset(revoked);
        }

        return info;
    }

    private static AuditRecord ToProto(AuditEntry entry) => new()
    {
        Sequence = entry.Sequence,
        At = Timestamp.FromDateTimeOffset(entry.At),
        Who = entry.Who,
        From = entry.From ?? string.Empty,
        Operation = entry.Operation,
        Target = entry.Target ?? string.Empty,
        Allowed = entry.Allowed,
        Reason = entry.Reason,
        Hash = Convert.ToHexStringLower(entry.Hash.Span),
    };
}
