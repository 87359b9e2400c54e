using Traceability.Security.Principals;

namespace Traceability.Security.ApiKeys;

/// <summary>What the store knows of a key, without its secret or the secret's hash.</summary>
public sealed record ApiKeyRecord(
    string KeyId,
    Principal Principal,
    string Label,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedReason,
    string? ReplacedBy);
