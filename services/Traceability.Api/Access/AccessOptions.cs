using System.ComponentModel.DataAnnotations;

namespace Traceability.Api.Access;

/// <summary>Settings of section <c>Security</c>: the embedded token issuer (docs/security.md).</summary>
public sealed class AccessOptions
{
    public const string Section = "Security";

    /// <summary>
    /// The issuer URL written into tokens and required of them. Empty: the URL the token request
    /// came to (enough for one server; a cluster behind one address sets it to that address).
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>The audience tokens are issued for and must name.</summary>
    [Required]
    public string Audience { get; set; } = AccessSchemes.Audience;

    /// <summary>How long an access token lives.</summary>
    [Range(1, 24 * 60)]
    public int TokenLifetimeMinutes { get; set; } = 60;

    /// <summary>
    /// The issuer's keys (RSA signing key, symmetric encryption key), created on first start with
    /// mode 0600. Empty: <c>&lt;data-dir&gt;/issuer-keys.json</c>. Instances of a cluster share one file.
    /// </summary>
    public string? IssuerKeyPath { get; set; }

    /// <summary>
    /// How long a verified API key is trusted from memory before its record is read again. A
    /// revocation or rotation through this server applies at once; one made by another instance
    /// sharing the key store applies here within this time. 0: read the store on every request.
    /// </summary>
    [Range(0, 300)]
    public int KeyCacheSeconds { get; set; } = 5;
}
