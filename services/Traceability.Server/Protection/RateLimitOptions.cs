using System.ComponentModel.DataAnnotations;

namespace Traceability.Server;

/// <summary>
/// The rate limit of the public endpoints (section <c>RateLimits</c>): the Digital Link pages,
/// their assets, a lot's trace and proof bundle, the signing key; every endpoint whose
/// <c>InterfaceMap</c> rule is <c>PublicTrace</c>. One token bucket per client address: it holds
/// <see cref="PublicBurst"/> requests and refills at <see cref="PublicPermitsPerMinute"/>, one
/// request at a time. Callers who authenticated are not limited by it (their key names them and
/// can be revoked).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sustained public requests per minute per client address (default 600: ten a second).</summary>
    [Range(1, 6_000_000)]
    public int PublicPermitsPerMinute { get; set; } = 600;

    /// <summary>How many public requests a client may make at once, with a full bucket (default 200: a page and its assets many times over).</summary>
    [Range(1, 1_000_000)]
    public int PublicBurst { get; set; } = 200;

    /// <summary>
    /// Denials audited per client address and minute, at most (default 30): each audit entry is
    /// an fsynced write, so a flood of refused requests must not become a flood of writes. Denials
    /// beyond it are logged, not audited.
    /// </summary>
    [Range(1, 100_000)]
    public int AuditedDenialsPerMinute { get; set; } = 30;
}
