namespace Traceability.Ingestion.Devices;

/// <summary>The login of a service account, read from its 0600 secret file in the registry's folder.</summary>
public sealed record ServiceCredentials(string Username, string Password)
{
    /// <summary>The password is a secret: not in logs, not in exception messages.</summary>
    public override string ToString() => $"ServiceCredentials {{ Username = {Username} }}";
}
