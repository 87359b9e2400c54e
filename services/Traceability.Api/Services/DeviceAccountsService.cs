using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Contracts.V1;
using Traceability.Grains;
using Traceability.Telemetry;
using Traceability.Ingestion.Devices;
using Traceability.Rules;
using RegistryAccount = Traceability.Ingestion.Devices.RegisteredAccount;

namespace Traceability.Api.Services;

/// <summary>
/// The MQTT logins of the sites' gateways: register, rotate, revoke, list (admins: the access checks apply the
/// <c>ManageDevices</c> rule before a method runs). The registry (<see cref="DeviceRegistry"/>, <c>devices.db</c>) is the
/// one source of both brokers' logins: the embedded broker reads it at every CONNECT and ends a rotated or revoked
/// device's open connections; with an external mosquitto, <see cref="MosquittoFilesWriter"/> rewrites its password file
/// and ACL on every change. A password is in the answers of <see cref="RegisterDevice"/> and <see cref="RotateDevice"/>
/// only; the registry keeps its hash.
/// </summary>
public sealed class DeviceAccountsService(DeviceRegistry registry, IGrainFactory grains) : DeviceAccounts.DeviceAccountsBase
{
    /// <summary>
    /// Registers a gateway at a registered site of the facility. INVALID_ARGUMENT for an id that cannot be a topic level,
    /// NOT_FOUND for a site that is not registered, FAILED_PRECONDITION for a site of another facility, ALREADY_EXISTS for
    /// a device id (or MQTT username) already used, also by a revoked device: ids are never reused.
    /// </summary>
    public override async Task<DeviceLogin> RegisterDevice(RegisterDeviceRequest request, ServerCallContext context)
    {
        RequireDeviceId("facility_id", request.FacilityId);
        RequireDeviceId("site_id", request.SiteId);
        RequireDeviceId("device_id", request.DeviceId);
        var site = await grains.GetGrain<ISiteGrain>(request.SiteId).Describe()
            ?? throw Errors.NotFound("site_id", $"site '{request.SiteId}' is not registered");
        if (!string.Equals(site.Record.FacilityId, request.FacilityId, StringComparison.Ordinal))
        {
            throw Errors.From(RuleViolation.Precondition("site_id", $"site '{request.SiteId}' belongs to another facility, not to '{request.FacilityId}'"));
        }

        DeviceCredentials credentials;
        try
        {
            credentials = registry.Register(request.FacilityId, request.SiteId, request.DeviceId);
        }
        catch (InvalidOperationException)
        {
            throw Errors.From(RuleViolation.Exists("device_id", $"'{request.DeviceId}' is already registered (device ids and MQTT usernames are never reused, also after a revocation)"));
        }

        return Login(credentials);
    }

    /// <summary>A new password for an active device, returned once; the old one stops working at once. NOT_FOUND for an unknown id, FAILED_PRECONDITION for a revoked device.</summary>
    public override Task<DeviceLogin> RotateDevice(RotateDeviceRequest request, ServerCallContext context)
    {
        RequireDeviceId("device_id", request.DeviceId);
        if (registry.Rotate(request.DeviceId) is { } credentials)
        {
            return Task.FromResult(Login(credentials));
        }

        throw registry.Find(request.DeviceId) is null
            ? Errors.NotFound("device_id", $"device '{request.DeviceId}' is not registered")
            : Errors.From(RuleViolation.Precondition("device_id", $"device '{request.DeviceId}' is revoked; register a new device id"));
    }

    /// <summary>
    /// Revokes a device: it can no longer log in, and its open connections to the embedded broker are closed. Revoking a
    /// revoked device answers it as it is (idempotent). NOT_FOUND for an unknown id.
    /// </summary>
    public override Task<DeviceAccount> RevokeDevice(RevokeDeviceRequest request, ServerCallContext context)
    {
        RequireDeviceId("device_id", request.DeviceId);
        registry.Revoke(request.DeviceId);
        var account = registry.Find(request.DeviceId) ?? throw Errors.NotFound("device_id", $"device '{request.DeviceId}' is not registered");
        return Task.FromResult(Account(account));
    }

    /// <summary>Every device (revoked ones too, never a password or hash), of one facility when <c>facility_id</c> is set; by device id.</summary>
    public override Task<ListDeviceAccountsResponse> ListDeviceAccounts(ListDeviceAccountsRequest request, ServerCallContext context)
    {
        var facility = request.FacilityId;
        if (facility.Length > 0)
        {
            RequireDeviceId("facility_id", facility);
        }

        var response = new ListDeviceAccountsResponse();
        response.Devices.AddRange(registry.List()
            .Where(a => a.Identity.Kind == MqttAccountKind.Device && (facility.Length == 0 || a.Identity.Facility == facility))
            .OrderBy(a => a.Identity.Device, StringComparer.Ordinal)
            .Select(Account));
        return Task.FromResult(response);
    }

    /// <summary>An id that is a record id and a device principal's topic level (not only dots), else INVALID_ARGUMENT naming the field.</summary>
    private static void RequireDeviceId(string field, string value)
    {
        Errors.RequireId(field, value);
        if (!DeviceRegistry.IsAccountId(value))
        {
            throw Errors.From(RuleViolation.Invalid(field, "must hold a letter, digit, '_' or '-', not only dots (it is an MQTT topic level)"));
        }
    }

    private static DeviceLogin Login(DeviceCredentials credentials) => new()
    {
        DeviceId = credentials.Device,
        FacilityId = credentials.Facility,
        SiteId = credentials.Site,
        Topic = credentials.Topic,
        Username = credentials.Username,
        Password = credentials.Password,
    };

    private static DeviceAccount Account(RegistryAccount account)
    {
        var answer = new DeviceAccount
        {
            DeviceId = account.Identity.Device ?? "",
            FacilityId = account.Identity.Facility ?? "",
            SiteId = account.Identity.Site ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(account.Created),
        };
        if (account.Rotated is { } rotated)
        {
            answer.RotatedAt = Timestamp.FromDateTimeOffset(rotated);
        }

        if (account.Revoked is { } revoked)
        {
            answer.RevokedAt = Timestamp.FromDateTimeOffset(revoked);
        }

        return answer;
    }
}
