using Traceability.Security.Principals;

namespace Traceability.Security.ApiKeys;

/// <summary>The outcome of verifying a presented key: the principal it stands for, or why not.</summary>
public sealed record KeyVerification(Principal? Principal, string? KeyId, KeyRejection? Rejection, string Detail)
{
    public bool Succeeded => Principal is not null;

    public static KeyVerification Ok(Principal principal, string keyId) => new(principal, keyId, null, "valid");

    public static KeyVerification Fail(KeyRejection rejection, string? keyId, string detail) => new(null, keyId, rejection, detail);
}
