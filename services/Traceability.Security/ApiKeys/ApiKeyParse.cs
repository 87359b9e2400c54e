namespace Traceability.Security.ApiKeys;

/// <summary>The outcome of parsing a presented key or header: the key, or what is malformed about it.</summary>
public sealed record ApiKeyParse(ApiKey? Key, string? Problem)
{
    public bool Succeeded => Key is not null;

    public static ApiKeyParse Ok(ApiKey key) => new(key, null);

    public static ApiKeyParse Fail(string problem) => new(null, problem);
}
