using Traceability.Domain;

namespace Traceability.Rules;

/// <summary>
/// Plausible yields per step kind. Defaults come from the district's products (fresh vine-ginseng
/// roots dry at roughly 4–6 : 1, bamboo shoots at 10–15 : 1, coffee loses 15–20 % when roasted);
/// each range can be overridden in configuration (<c>Traceability:Yields:&lt;Kind&gt;</c>).
/// </summary>
public sealed class YieldPolicy
{
    private static readonly Dictionary<StepKind, YieldRange> Defaults = new()
    {
        [StepKind.Washing] = new(0.80, 1.05),
        [StepKind.Slicing] = new(0.80, 1.00),
        // Drying only ever loses water: the upper bound stays strictly below 1.
        [StepKind.Drying] = new(0.05, 0.70),
        [StepKind.Grinding] = new(0.85, 1.00),
        [StepKind.Extraction] = new(0.02, 0.50),
        // Roots infused in rice wine: the wine is part of the output, so output far exceeds input.
        [StepKind.Infusion] = new(1.00, 60.0),
        // Candied jam gains sugar.
        [StepKind.Cooking] = new(0.50, 2.50),
        [StepKind.Roasting] = new(0.70, 0.92),
        [StepKind.Packing] = new(0.90, 1.00),
        [StepKind.Boiling] = new(0.80, 1.10),
        [StepKind.Hulling] = new(0.40, 0.85),
        [StepKind.Concentrating] = new(0.05, 0.80),
        [StepKind.Sorting] = new(0.50, 1.00),
        [StepKind.Fermenting] = new(0.80, 1.05),
    };

    private readonly Dictionary<StepKind, YieldRange> _ranges;

    /// <summary>The defaults, with <paramref name="overrides"/> replacing single kinds.</summary>
    public YieldPolicy(IReadOnlyDictionary<StepKind, YieldRange>? overrides = null)
    {
        _ranges = new Dictionary<StepKind, YieldRange>(Defaults);
        foreach (var (kind, range) in overrides ?? new Dictionary<StepKind, YieldRange>())
        {
            // Written so that NaN and infinite bounds fail too.
            if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max) || !(range.Min > 0) || !(range.Max >= range.Min))
            {
                throw new ArgumentException($"Yield range for {kind} must satisfy 0 < min <= max, got [{range.Min}, {range.Max}].", nameof(overrides));
            }

            if (kind == StepKind.Drying && range.Max >= 1)
            {
                throw new ArgumentException("Drying loses water: its maximum yield must stay below 1.", nameof(overrides));
            }

            _ranges[kind] = range;
        }
    }

    /// <summary>The policy with only the built-in ranges.</summary>
    public static YieldPolicy Default { get; } = new();

    /// <summary>The range for <paramref name="kind"/>.</summary>
    public YieldRange For(StepKind kind) =>
        _ranges.TryGetValue(kind, out var range) ? range : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown step kind.");
}
