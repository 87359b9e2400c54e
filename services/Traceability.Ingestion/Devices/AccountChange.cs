namespace Traceability.Ingestion.Devices;

/// <summary>What changed in the <see cref="DeviceRegistry"/>.</summary>
public enum AccountChangeKind
{
    /// <summary>A device was registered.</summary>
    Registered,

    /// <summary>A device was given a new password: the old one no longer logs in.</summary>
    Rotated,

    /// <summary>A device was revoked: it no longer logs in.</summary>
    Revoked,

    /// <summary>A service account was created or given a new password.</summary>
    ServiceAccount,
}

/// <summary>One change of the <see cref="DeviceRegistry"/>, already on disk: what happened to whose account.</summary>
public sealed record AccountChange(AccountChangeKind Kind, MqttIdentity Account)
{
    /// <summary>Whether logins opened with the account's earlier credentials must end (a rotation or a revocation).</summary>
    public bool EndsOpenLogins => Kind is AccountChangeKind.Rotated or AccountChangeKind.Revoked;
}
