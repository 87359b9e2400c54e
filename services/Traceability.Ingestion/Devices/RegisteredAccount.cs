namespace Traceability.Ingestion.Devices;

/// <summary>
/// An account as the registry keeps it: never the password, only its mosquitto <c>$7$</c> hash
/// (<see cref="MosquittoPasswordHash"/>), which is what a mosquitto password file holds too.
/// </summary>
public sealed record RegisteredAccount(
    MqttIdentity Identity,
    string PasswordHash,
    DateTimeOffset Created,
    DateTimeOffset? Rotated,
    DateTimeOffset? Revoked)
{
    public bool IsRevoked => Revoked is not null;
}
