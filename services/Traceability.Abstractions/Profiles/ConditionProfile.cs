using Traceability.Domain;

namespace Traceability.Profiles;

/// <summary>What a condition profile applies to: a processing step of one kind, or a storage period.</summary>
[GenerateSerializer]
public enum ProfileScope
{
    Unspecified = 0,
    Step = 1,
    Storage = 2,
}

/// <summary>
/// The allowed range of one quantity (a name of <c>Traceability.Telemetry.Quantities</c>, e.g.
/// <c>temperature</c>), in that quantity's unit. Either bound may be absent (e.g. relative
/// humidity ≤ 65 % has no minimum).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QuantityLimit(string Quantity, double? Min, double? Max)
{
    /// <summary>Whether <paramref name="value"/> is within the limits (bounds included).</summary>
    public bool Allows(double value) => (Min is not { } min || value >= min) && (Max is not { } max || value <= max);
}

/// <summary>
/// One version of a condition profile: the conditions a step of a kind (optionally for one product)
/// or a storage period must keep. Profiles are versioned: a change makes a new version and old
/// versions stay, so every verdict names the version it was computed against.
/// </summary>
/// <param name="ProfileId">Stable id, e.g. <c>drying.bamboo-shoots</c>.</param>
/// <param name="Version">1 for the first version, then one more per change.</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Scope">A step of <paramref name="StepKind"/>, or storage.</param>
/// <param name="StepKind">The step kind the profile applies to (only for <see cref="ProfileScope.Step"/>).</param>
/// <param name="ProductGtin">The product (GTIN-14) it applies to, or null for any product.</param>
/// <param name="Limits">Allowed range per quantity; a quantity not listed is not judged.</param>
/// <param name="MinimumInRange">For a step: the least total time every judged series must spend in range (e.g. drying long enough), or null.</param>
/// <param name="MaxExcursion">The longest tolerated excursion: a longer one fails, a shorter one warns.</param>
/// <param name="MaxGap">The longest tolerated time between two readings of a sensor (and from the window's start to the first reading, and from the last to its end).</param>
/// <param name="MaxMeanKineticTemperature">For storage: the highest mean kinetic temperature (°C) allowed, or null.</param>
/// <param name="ChangedAt">When this version was made.</param>
/// <param name="ChangedBy">Who made it (<c>platform</c> for the built-in defaults).</param>
/// <param name="Note">Why, or where the numbers come from.</param>
[GenerateSerializer, Immutable]
public sealed record ConditionProfile(
    string ProfileId,
    int Version,
    string Name,
    ProfileScope Scope,
    StepKind? StepKind,
    string? ProductGtin,
    QuantityLimit[] Limits,
    TimeSpan? MinimumInRange,
    TimeSpan MaxExcursion,
    TimeSpan MaxGap,
    double? MaxMeanKineticTemperature,
    DateTimeOffset ChangedAt,
    string ChangedBy,
    string Note)
{
    /// <summary>
    /// The species the profile applies to (of the batches a step takes in or a storage period
    /// holds), each a full name (<c>Coffea arabica</c>) or a genus (<c>Dendrocalamus</c>) matching
    /// every species of it; empty for any species.
    /// </summary>
    [Id(100)]
    public string[] Species { get; init; } = [];

    /// <summary>The limit for <paramref name="quantity"/>, or null when the profile does not judge it.</summary>
    public QuantityLimit? LimitFor(string quantity) => Array.Find(Limits, l => l.Quantity == quantity);
}
