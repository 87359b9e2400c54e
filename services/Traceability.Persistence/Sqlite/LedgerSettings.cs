namespace Traceability.Persistence.Sqlite;

/// <summary>The platform's log name (signer name and origin prefix) and the file of its checkpoint signing key.</summary>
public sealed record LedgerSettings(string Name, string KeyFile)
{
    /// <summary>The key file's name in the data folder.</summary>
    public const string DefaultKeyFile = "ledger-signing.key";
}
