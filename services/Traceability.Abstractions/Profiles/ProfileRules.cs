using Traceability.Domain;
using Traceability.Identifiers;
using Traceability.Rules;
using Traceability.Telemetry;

namespace Traceability.Profiles;

/// <summary>
/// What a condition profile must be to be kept: an id, a name, a scope with its step kind, sane
/// limits for known quantities (within what a working sensor can report), positive durations.
/// Errors name the field as in the API's <c>ConditionProfile</c> message. Pure and thread-safe.
/// </summary>
public static class ProfileRules
{
    private const int MaxTextLength = 200;
    private const int MaxNoteLength = 2000;
    private static readonly TimeSpan LongestExcursion = TimeSpan.FromDays(30);
    private static readonly TimeSpan LongestGap = TimeSpan.FromDays(7);
    private static readonly TimeSpan LongestMinimum = TimeSpan.FromDays(365);

    /// <summary>The first rule <paramref name="profile"/> breaks, or null.</summary>
    public static RuleViolation? Check(ConditionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!RecordId.IsValid(profile.ProfileId, out var error))
        {
            return RuleViolation.Invalid("profile_id", error);
        }

        return Text("name", profile.Name, MaxTextLength, required: true)
            ?? Text("note", profile.Note, MaxNoteLength, required: false)
            ?? Scope(profile)
            ?? Product(profile.ProductGtin)
            ?? Species(profile.Species)
            ?? Limits(profile.Limits)
            ?? Duration("max_excursion", profile.MaxExcursion, LongestExcursion)
            ?? Duration("max_gap", profile.MaxGap, LongestGap)
            ?? Minimum(profile)
            ?? Mkt(profile);
    }

    private static RuleViolation? Scope(ConditionProfile profile) => profile.Scope switch
    {
        ProfileScope.Step when profile.StepKind is null or StepKind.Unspecified || !Enum.IsDefined(profile.StepKind.Value) =>
            RuleViolation.Invalid("step_kind", "a step profile needs the step kind it judges"),
        ProfileScope.Step => null,
        ProfileScope.Storage when profile.StepKind is not (null or StepKind.Unspecified) =>
            RuleViolation.Invalid("step_kind", "a storage profile judges no step kind; leave it unspecified"),
        ProfileScope.Storage => null,
        _ => RuleViolation.Invalid("scope", "must be step or storage"),
    };

    private static RuleViolation? Product(string? gtin) =>
        gtin is null || Gtin.TryNormalize(gtin, out _, out var error) ? null : RuleViolation.Invalid("product_gtin", error);

    private static RuleViolation? Species(string[]? species)
    {
        if (species is null)
        {
            return RuleViolation.Invalid("species", "is required (empty for any species)");
        }

        for (var i = 0; i < species.Length; i++)
        {
            if (Text($"species[{i}]", species[i], MaxTextLength, required: true) is { } violation)
            {
                return violation;
            }
        }

        return null;
    }

    private static RuleViolation? Limits(QuantityLimit[]? limits)
    {
        if (limits is null || limits.Length == 0)
        {
            return RuleViolation.Invalid("limits", "at least one quantity limit is required");
        }

        for (var i = 0; i < limits.Length; i++)
        {
            var field = $"limits[{i}]";
            var limit = limits[i];
            if (limit is null)
            {
                return RuleViolation.Invalid(field, "is required");
            }

            if (Quantities.Find(limit.Quantity) is not { } quantity)
            {
                return RuleViolation.Invalid($"{field}.quantity", $"'{limit.Quantity}' is not one of {string.Join(", ", Quantities.All.Select(q => q.Name))}");
            }

            if (Array.FindIndex(limits, 0, i, other => other?.Quantity == limit.Quantity) >= 0)
            {
                return RuleViolation.Invalid($"{field}.quantity", $"'{limit.Quantity}' is limited twice");
            }

            if (limit.Min is null && limit.Max is null)
            {
                return RuleViolation.Invalid(field, "needs a min, a max or both");
            }

            var violation = Bound($"{field}.min", limit.Min, quantity) ?? Bound($"{field}.max", limit.Max, quantity);
            if (violation is not null)
            {
                return violation;
            }

            if (limit.Min >= limit.Max)
            {
                return RuleViolation.Invalid($"{field}.max", $"{limit.Max} must be above min {limit.Min}");
            }
        }

        return null;
    }

    private static RuleViolation? Bound(string field, double? bound, Quantity quantity) =>
        bound is not { } value ? null
        : !double.IsFinite(value) ? RuleViolation.Invalid(field, "must be a finite number")
        : value < quantity.Min || value > quantity.Max ? RuleViolation.Invalid(field, $"{value} is outside what a {quantity.Name} sensor reports ({quantity.Min} to {quantity.Max} {quantity.Unit})")
        : null;

    private static RuleViolation? Duration(string field, TimeSpan value, TimeSpan longest) =>
        value <= TimeSpan.Zero ? RuleViolation.Invalid(field, "must be a positive duration")
        : value > longest ? RuleViolation.Invalid(field, $"must be at most {longest.TotalDays:0} days")
        : null;

    private static RuleViolation? Minimum(ConditionProfile profile) => profile.MinimumInRange switch
    {
        null => null,
        { } _ when profile.Scope != ProfileScope.Step => RuleViolation.Invalid("minimum_in_range", "only a step profile has a minimum time in range"),
        { } value => Duration("minimum_in_range", value, LongestMinimum),
    };

    private static RuleViolation? Mkt(ConditionProfile profile) => profile.MaxMeanKineticTemperature switch
    {
        null => null,
        { } _ when profile.Scope != ProfileScope.Storage => RuleViolation.Invalid("max_mean_kinetic_temperature", "only a storage profile has a mean kinetic temperature limit"),
        { } value => Bound("max_mean_kinetic_temperature", value, Quantities.Temperature),
    };

    private static RuleViolation? Text(string field, string? value, int maxLength, bool required) =>
        string.IsNullOrWhiteSpace(value) ? (required ? RuleViolation.Invalid(field, "is required") : null)
        : value.Length > maxLength ? RuleViolation.Invalid(field, $"must have at most {maxLength} characters, not {value.Length}")
        : null;
}
