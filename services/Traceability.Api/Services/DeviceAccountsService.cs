using Traceability.Contracts.V1;

namespace Traceability.Api.Services;

/// <summary>The MQTT logins of the sites' gateways: register, rotate, revoke, list (admins).</summary>
public sealed class DeviceAccountsService : DeviceAccounts.DeviceAccountsBase;
