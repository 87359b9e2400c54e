namespace Traceability.Security.ApiKeys;

/// <summary>Why a presented key does not authenticate anyone.</summary>
public enum KeyRejection
{
    /// <summary>Not of the form <c>trk_&lt;keyId&gt;_&lt;secret&gt;</c>.</summary>
    Malformed,

    /// <summary>No such key id, or the secret does not match it (the two are not told apart).</summary>
    Unknown,

    /// <summary>The key was revoked (or replaced by rotation).</summary>
    Revoked,

    /// <summary>The key's expiry has passed.</summary>
    Expired,
}
