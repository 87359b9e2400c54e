using Traceability.Events;

namespace Traceability.Rules;

/// <summary>
/// What the rules need besides the facility's own records: the time, the yield policy, and the
/// records of other grains that the candidate refers to (fetched before the check).
/// </summary>
/// <param name="Now">The current time, from the injected clock.</param>
/// <param name="Yields">Plausible yields per step kind.</param>
/// <param name="Area">The area a harvest names, or null when it is not registered.</param>
/// <param name="Product">The product a lot names, or null when it is not registered.</param>
/// <param name="BatchOwners">For batches the candidate names that this facility does not hold: their owning facility, when they exist.</param>
/// <param name="LotOwners">For lots the candidate names that this facility did not pack: their owning facility, when they exist.</param>
public sealed record CaptureContext(
    DateTimeOffset Now,
    YieldPolicy Yields,
    AreaRegistered? Area = null,
    ProductRegistered? Product = null,
    IReadOnlyDictionary<string, string>? BatchOwners = null,
    IReadOnlyDictionary<string, string>? LotOwners = null);
