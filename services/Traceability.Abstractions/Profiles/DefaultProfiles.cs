using Traceability.Domain;

namespace Traceability.Profiles;

/// <summary>
/// The profiles a new platform starts with (version 1, changed by <c>platform</c>), for the
/// district's products: hot-air drying of bamboo shoots, vine ginseng and codonopsis roots and
/// coffee, the hot steps of extract and jam making, infusion of vine-ginseng wine, and dry storage.
/// Inspectors change them through the API; every change is a new version.
/// </summary>
public static class DefaultProfiles
{
    /// <summary>The moment the defaults are dated (their first version predates any record).</summary>
    public static readonly DateTimeOffset Dated = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Every default profile.</summary>
    public static IReadOnlyList<ConditionProfile> All { get; } =
    [
        Step("drying", "Hot-air drying (any product)", StepKind.Drying, [Temperature(50, 65)], TimeSpan.FromHours(4), 15, 10,
            "Generic hot-air drying of roots, shoots and leaves: air 50–65 °C."),
        Step("drying.bamboo-shoots", "Drying of bamboo shoots", StepKind.Drying, [Temperature(55, 65)], TimeSpan.FromHours(8), 15, 10,
            "Boiled, sliced bamboo shoots dried at about 60 °C until 8–10 % moisture (Măng khô Đăk Glei).") with { Species = ["Dendrocalamus", "Bambusa"] },
        Step("drying.codonopsis", "Drying of vine ginseng and codonopsis roots", StepKind.Drying, [Temperature(45, 60)], TimeSpan.FromHours(6), 15, 10,
            "Sliced Codonopsis roots dried at 45–60 °C: hotter air scorches the slices and breaks down their saponins.") with { Species = ["Codonopsis", "Panax"] },
        Step("drying.coffee", "Mechanical drying of coffee cherries", StepKind.Drying, [Temperature(35, 50)], TimeSpan.FromHours(24), 30, 15,
            "Arabica cherries dried with air at 35–50 °C over days, to 11–12 % moisture.") with { Species = ["Coffea"] },
        Step("extraction", "Hot-water extraction", StepKind.Extraction, [Temperature(80, 100)], TimeSpan.FromHours(2), 20, 10,
            "Roots simmered in water at 80–100 °C to make the extract (Cao sâm dây)."),
        Step("concentrating", "Concentrating the extract", StepKind.Concentrating, [Temperature(60, 95)], TimeSpan.FromHours(2), 20, 10,
            "The extract reduced to a paste below boiling, to keep its actives."),
        Step("cooking", "Sugar-cooking (jam)", StepKind.Cooking, [Temperature(70, 105)], TimeSpan.FromHours(1), 15, 10,
            "Slices cooked in syrup for candied jam (Mứt sâm dây)."),
        Step("infusion", "Infusion in rice wine", StepKind.Infusion, [Temperature(15, 32)], null, 240, 60,
            "Roots infused in rice wine for months in a cool room; warm spells speed oxidation."),
        new ConditionProfile("storage", 1, "Dry storage of packed and dried products", ProfileScope.Storage, null, null,
            [Temperature(15, 30), new QuantityLimit("relative_humidity", null, 65)], null, TimeSpan.FromHours(2), TimeSpan.FromMinutes(30), 25,
            Dated, "platform", "Dried products kept at 15–30 °C and at most 65 % relative humidity; mean kinetic temperature at most 25 °C."),
    ];

    private static QuantityLimit Temperature(double min, double max) => new("temperature", min, max);

    private static ConditionProfile Step(string id, string name, StepKind kind, QuantityLimit[] limits, TimeSpan? minimumInRange, int maxExcursionMinutes, int maxGapMinutes, string note) =>
        new(id, 1, name, ProfileScope.Step, kind, null, limits, minimumInRange, maxExcursionMinutes * Minute, maxGapMinutes * Minute, null, Dated, "platform", note);
}
