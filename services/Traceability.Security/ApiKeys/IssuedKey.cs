namespace Traceability.Security.ApiKeys;

/// <summary>A key just issued: the plaintext <see cref="Key"/> is here once and nowhere else.</summary>
public sealed record IssuedKey(ApiKey Key, ApiKeyRecord Record);
