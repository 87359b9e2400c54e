using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>
/// What the stub server knows about credentials: two API keys (an admin's and an operator's of
/// HTX-XOP), the tokens its <c>/connect/token</c> issued for them, and every request's
/// <c>Authorization</c> header as it arrived.
/// </summary>
internal sealed class StubAccessState
{
    public const string AdminKeyId = "0123456789abcdef0123456789abcdef";
    public const string OperatorKeyId = "fedcba9876543210fedcba9876543210";

    /// <summary>A secret holding <c>_</c> and <c>-</c>, as base64url secrets may.</summary>
    public const string AdminKey = $"trk_{AdminKeyId}_Zm9v_YmFy-c2VjcmV0X2FkbWluX2tleV9zdHVi";
    public const string OperatorKey = $"trk_{OperatorKeyId}_b3BlcmF0b3Jfa2V5X3NlY3JldF9zdHViXw";

    /// <summary>How long the tokens of <c>/connect/token</c> last.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private int issued;

    /// <summary>Each request's path and <c>Authorization</c> header (null when none was sent), in arrival order.</summary>
    public ConcurrentQueue<(string Path, string? Authorization)> Requests { get; } = new();

    /// <summary>The forms <c>/connect/token</c> received.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    /// <summary>The tokens issued, and for which key.</summary>
    public ConcurrentDictionary<string, string> Tokens { get; } = new();

    /// <summary>Makes <c>VerifyAudit</c> report a broken chain.</summary>
    public bool AuditBroken { get; set; }

    /// <summary>The <c>Authorization</c> headers of the requests to <paramref name="path"/> (e.g. <c>/traceability.v1.Access/WhoAmI</c>).</summary>
    public IReadOnlyList<string?> AuthorizationsOf(string path) => [.. Requests.Where(r => r.Path == path).Select(r => r.Authorization)];

    public string Issue(string keyId)
    {
        var token = $"eyJhbGciOiJSUzI1NiJ9.stub-{keyId[..8]}-{Interlocked.Increment(ref issued)}.c2ln";
        Tokens[token] = keyId;
        return token;
    }

    /// <summary>The key id a header establishes; throws UNAUTHENTICATED as the real server does when there is none or it is unknown.</summary>
    public string KeyIdOf(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "credentials required: send Authorization: ApiKey <key> or Bearer <token>"));
        }
        if (header.StartsWith("ApiKey ", StringComparison.Ordinal))
        {
            return header["ApiKey ".Length..] switch
            {
                AdminKey => AdminKeyId,
                OperatorKey => OperatorKeyId,
                _ => throw new RpcException(new Status(StatusCode.Unauthenticated, "the API key is unknown, revoked or expired")),
            };
        }
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && Tokens.TryGetValue(header["Bearer ".Length..], out var keyId))
        {
            return keyId;
        }
        throw new RpcException(new Status(StatusCode.Unauthenticated, "the bearer token is invalid or expired"));
    }

    /// <summary>Admins only, as ManageKeys, ManageDevices and the audit log are.</summary>
    public void RequireAdmin(ServerCallContext context, string what)
    {
        if (KeyIdOf(context) != AdminKeyId)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"operator:{OperatorKeyId} may not: only admins may {what}"));
        }
    }
}

/// <summary>The Access service of the stub server: a fixed world of keys and audit entries; writes echo what they were asked.</summary>
internal sealed class StubAccess(StubAccessState state) : Access.AccessBase
{
    public static readonly Timestamp IssuedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
    public const string NewKeyId = "aaaabbbbccccddddeeeeffff00001111";
    public const string NewKey = $"trk_{NewKeyId}_bmV3LWtleS1zZWNyZXQtc2hvd24tb25jZQ";

    public override Task<Identity> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        var keyId = state.KeyIdOf(context);
        var bearer = context.RequestHeaders.GetValue("authorization")!.StartsWith("Bearer ", StringComparison.Ordinal);
        return Task.FromResult(new Identity
        {
            Role = keyId == StubAccessState.AdminKeyId ? PrincipalRole.Admin : PrincipalRole.Operator,
            Subject = keyId,
            FacilityId = keyId == StubAccessState.AdminKeyId ? "" : "HTX-XOP",
            Scheme = bearer ? "Bearer" : "ApiKey",
            ExpiresAt = bearer ? Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 29, 9, 30, 0, TimeSpan.Zero)) : null,
        });
    }

    public override Task<IssuedApiKey> IssueKey(IssueKeyRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "manage keys");
        return Task.FromResult(new IssuedApiKey
        {
            Key = NewKey,
            Info = new ApiKeyInfo
            {
                KeyId = NewKeyId,
                Role = request.Role,
                Subject = NewKeyId,
                FacilityId = request.FacilityId,
                Province = request.Province,
                District = request.District,
                Label = request.Label,
                IssuedAt = IssuedAt,
                ExpiresAt = request.ExpiresAt,
            },
        });
    }

    public override Task<ListKeysResponse> ListKeys(ListKeysRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "manage keys");
        return Task.FromResult(new ListKeysResponse { Keys = { Keys() } });
    }

    public override Task<IssuedApiKey> RotateKey(RotateKeyRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "manage keys");
        var old = Keys().SingleOrDefault(key => key.KeyId == request.KeyId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"key {request.KeyId} does not exist"));
        var info = old.Clone();
        info.KeyId = NewKeyId;
        info.Subject = NewKeyId;
        info.IssuedAt = IssuedAt;
        return Task.FromResult(new IssuedApiKey { Key = NewKey, Info = info });
    }

    public override Task<ApiKeyInfo> RevokeKey(RevokeKeyRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "manage keys");
        var key = Keys().SingleOrDefault(key => key.KeyId == request.KeyId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"key {request.KeyId} does not exist"));
        key.RevokedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        key.RevokedReason = request.Reason;
        return Task.FromResult(key);
    }

    public override Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "read the audit log");
        var entries = Audit().Where(entry => entry.Sequence > request.After && (!request.DeniedOnly || !entry.Allowed));
        return Task.FromResult(new ListAuditResponse { Entries = { entries.Take(request.Limit == 0 ? 1000 : request.Limit) } });
    }

    public override Task<AuditVerification> VerifyAudit(VerifyAuditRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "read the audit log");
        return Task.FromResult(state.AuditBroken
            ? new AuditVerification { Intact = false, Entries = 3, HeadSequence = 3, HeadHash = Audit()[2].Hash, Problem = "entry 2 was altered: its contents do not hash to its stored hash" }
            : new AuditVerification { Intact = true, Entries = 3, HeadSequence = 3, HeadHash = Audit()[2].Hash });
    }

    /// <summary>An operator's key, live, and an inspector's of Kon Tum, revoked.</summary>
    public static ApiKeyInfo[] Keys() =>
    [
        new()
        {
            KeyId = StubAccessState.OperatorKeyId, Role = PrincipalRole.Operator, Subject = StubAccessState.OperatorKeyId,
            FacilityId = "HTX-XOP", Label = "packing line PC", IssuedAt = IssuedAt,
        },
        new()
        {
            KeyId = "99998888777766665555444433332222", Role = PrincipalRole.Inspector, Subject = "99998888777766665555444433332222",
            Province = "Kon Tum", District = "Đăk Glei", Label = "QLCL Kon Tum", IssuedAt = IssuedAt,
            ExpiresAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            RevokedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero)),
            RevokedReason = "laptop lost",
        },
    ];

    /// <summary>Two writes and a denial between them.</summary>
    public static AuditRecord[] Audit() =>
    [
        new() { Sequence = 1, At = IssuedAt, Who = $"admin:{StubAccessState.AdminKeyId}", From = "127.0.0.1", Operation = "RegisterFacility", Target = "HTX-XOP", Allowed = true, Hash = new string('1', 64) },
        new()
        {
            Sequence = 2, At = IssuedAt, Who = $"operator:{StubAccessState.OperatorKeyId}", From = "192.0.2.7", Operation = "Capture", Target = "HTX-OTHER",
            Allowed = false, Reason = "only the operator of facility HTX-OTHER may record its lots", Hash = new string('2', 64),
        },
        new() { Sequence = 3, At = IssuedAt, Who = $"operator:{StubAccessState.OperatorKeyId}", From = "192.0.2.7", Operation = "Capture", Target = "HTX-XOP", Allowed = true, Hash = new string('3', 64) },
    ];
}

/// <summary>The DeviceAccounts service of the stub server: two gateways; writes echo what they were asked.</summary>
internal sealed class StubDeviceAccounts(StubAccessState state) : DeviceAccounts.DeviceAccountsBase
{
    public const string Password = "pw-7Qx9-shown-once";

    public override Task<DeviceLogin> RegisterDevice(RegisterDeviceRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "manage devices");
        return Task.FromResult(Login(request.FacilityId, request.SiteId, request.DeviceId));
    }

    public override Task<DeviceLogin> RotateDevice(RotateDeviceRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "manage devices");
        var device = Devices().SingleOrDefault(d => d.DeviceId == request.DeviceId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"device {request.DeviceId} is not registered"));
        return Task.FromResult(Login(device.FacilityId, device.SiteId, device.DeviceId));
    }

    public override Task<DeviceAccount> RevokeDevice(RevokeDeviceRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "manage devices");
        var device = Devices().SingleOrDefault(d => d.DeviceId == request.DeviceId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"device {request.DeviceId} is not registered"));
        device.RevokedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, 11, 0, 0, TimeSpan.Zero));
        return Task.FromResult(device);
    }

    public override Task<ListDeviceAccountsResponse> ListDeviceAccounts(ListDeviceAccountsRequest request, ServerCallContext context)
    {
        state.RequireAdmin(context, "manage devices");
        return Task.FromResult(new ListDeviceAccountsResponse
        {
            Devices = { Devices().Where(d => request.FacilityId.Length == 0 || d.FacilityId == request.FacilityId) },
        });
    }

    public static DeviceAccount[] Devices() =>
    [
        new() { DeviceId = "dryer-01", FacilityId = "HTX-XOP", SiteId = "DRY-1", CreatedAt = StubAccess.IssuedAt },
        new() { DeviceId = "cold-07", FacilityId = "HTX-OTHER", SiteId = "COLD-1", CreatedAt = StubAccess.IssuedAt, RotatedAt = StubAccess.IssuedAt },
    ];

    private static DeviceLogin Login(string facility, string site, string device) => new()
    {
        DeviceId = device,
        FacilityId = facility,
        SiteId = site,
        Topic = $"ocop/{facility}/{site}/{device}/readings",
        Username = device,
        Password = Password,
    };
}
