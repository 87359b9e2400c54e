namespace Traceability.Ingestion.Devices;

/// <summary>Why the <see cref="DeviceRegistry"/> refused a login (for the audit log; a client is told only "bad username or password").</summary>
public enum LoginRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>No account has the username (or none was given).</summary>
    UnknownUser,

    /// <summary>The account exists and the password is not its password.</summary>
    WrongPassword,

    /// <summary>The device is revoked (whatever password was given).</summary>
    Revoked,
}

/// <summary>
/// The outcome of <see cref="DeviceRegistry.CheckLogin"/>: who logged in (null when refused), the account the username
/// named (null when unknown), and why it was refused.
/// </summary>
public sealed record LoginCheck(MqttIdentity? Identity, MqttIdentity? Account, LoginRefusal Refusal)
{
    /// <summary>The refusal in words, for a log or the audit log.</summary>
    public string Reason => Refusal switch
    {
        LoginRefusal.None => "logged in",
        LoginRefusal.UnknownUser => "unknown username",
        LoginRefusal.WrongPassword => "wrong password",
        LoginRefusal.Revoked => "the device is revoked",
        _ => Refusal.ToString(),
    };
}
