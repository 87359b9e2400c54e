using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Persistence.Sqlite;
using Traceability.Storage;

namespace Traceability.Persistence.Tests.Ledger;

/// <summary>
/// One lot's whole chain across two facilities, as real EPCIS events with their CBV 2.0 hash IDs
/// (so the audit's re-rendering holds): the Ngọc Linh cooperative registers itself, its drying
/// house and a forest lot, harvests vine ginseng twice and dries both harvests into one batch;
/// the Kon Tum company registers itself, the OCOP product and its packing house, and packs the
/// dried batch into a lot. A third harvest is not part of the lot. Each fact is recorded one
/// minute after the one before.
/// </summary>
internal static class OcopChain
{
    public const string Grower = "HTX-NGOCLINH";
    public const string Packer = "CTY-SAMDAY-KONTUM";
    public const string Gtin = "08936012345672";
    public const string LotCode = "SD2606-A";
    public const string FirstHarvest = "SD-2026-101";
    public const string SecondHarvest = "SD-2026-102";
    public const string Dried = "SD-2026-101-KHO";
    public const string OtherHarvest = "SD-2026-199";
    public const string DryingStep = "SAY-2026-101";
    public const string DryingHouse = "NL-LOSAY-01";
    public const string PackingHouse = "KT-DONGGOI-01";
    public const string ForestLot = "NL-TK123-K4-L2";

    /// <summary>The first harvest's mass: 12.345 kg in its EPCIS quantity list.</summary>
    public const long FirstHarvestGrams = 12_345;

    public static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The facts in the order they are recorded (store sequence 1, 2, …).</summary>
    public static IReadOnlyList<FacilityEvent> Facts() =>
    [
        new FacilityRegistered(Grower, FacilityKind.Cooperative, "Hợp tác xã sâm dây Ngọc Linh", "Thôn Đăk Xam", "Ngọc Linh", "Đăk Glei", "Kon Tum"),
        new SiteRegistered(Grower, DryingHouse, SiteKind.Drying, "Lò sấy thôn Đăk Xam", "Ngọc Linh", new GeoPoint(15.0712, 107.9688)),
        new AreaRegistered(Grower, ForestLot, "Vùng sâm dây tiểu khu 123", "Ngọc Linh", "Đăk Glei", "Kon Tum",
            [new GeoPoint(15.0701, 107.9652), new GeoPoint(15.0701, 107.9671), new GeoPoint(15.0718, 107.9671)],
            ["Codonopsis javanica"], [Certification.VietGap], "A Thị Bến"),
        new FacilityRegistered(Packer, FacilityKind.Enterprise, "Công ty sâm dây Kon Tum", "12 Trần Hưng Đạo", "Quyết Thắng", "Kon Tum", "Kon Tum"),
        Harvest(FirstHarvest, FirstHarvestGrams, "A Thị Bến"),
        Harvest(SecondHarvest, 8_760, "Y Thị Lan"),
        new ProductRegistered(Packer, Gtin, "Sâm dây Ngọc Linh sấy khô", "Dried Ngoc Linh vine ginseng", 4),
        new StepRecorded(Grower, DryingStep, DryingHouse, StepKind.Drying,
            new DateTimeOffset(2026, 5, 21, 14, 0, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2026, 5, 24, 14, 0, 0, TimeSpan.FromHours(7)),
            "Y Thị Hoa", [new BatchPortion(FirstHarvest, FirstHarvestGrams), new BatchPortion(SecondHarvest, 8_760)],
            [new BatchOutput(Dried, 4_210, "Sâm dây sấy khô")]),
        new SiteRegistered(Packer, PackingHouse, SiteKind.Processing, "Xưởng đóng gói Kon Tum", "Quyết Thắng", null),
        Harvest(OtherHarvest, 9_990, "A Thị Bến"),
        new LotPacked(Packer, Gtin, LotCode, PackingHouse, 40, 100, new DateOnly(2026, 6, 1), new DateOnly(2027, 6, 1), [new BatchPortion(Dried, 4_000)]),
    ];

    /// <summary>Store sequences of the facts above.</summary>
    public const long FacilitySeq = 1, DryingHouseSeq = 2, AreaSeq = 3, PackerSeq = 4, FirstHarvestSeq = 5, SecondHarvestSeq = 6,
        ProductSeq = 7, DryingSeq = 8, PackingHouseSeq = 9, OtherHarvestSeq = 10, LotSeq = 11;

    /// <summary>The grower's log holds 7 leaves (seq 1, 2, 3, 5, 6, 8, 10), the packer's 4 (seq 4, 7, 9, 11).</summary>
    public const long GrowerLeaves = 7, PackerLeaves = 4;

    /// <summary>Two days after packing, the packer withdraws the lot (not one of <see cref="Facts"/>).</summary>
    public static LotRecalled Withdrawal() => new(
        Packer, Gtin, LotCode, RecallKind.Withdrawal, "Nấm mốc trong hai túi; thu hồi khỏi quầy để kiểm nghiệm", new DateTimeOffset(2026, 6, 3, 9, 0, 0, TimeSpan.FromHours(7)));

    public static BatchHarvested Harvest(string batchId, long grams, string harvester) => new(
        Grower, batchId, ForestLot, "Codonopsis javanica", grams, new DateTimeOffset(2026, 5, 20, 7, 30, 0, TimeSpan.FromHours(7)), harvester);

    /// <summary><paramref name="fact"/> with its real EPCIS 2.0 rendering and CBV 2.0 hash ID.</summary>
    public static PendingEvent Pending(FacilityEvent fact, DateTimeOffset recordedAt)
    {
        var (json, eventId) = EpcisRendering.Identified(fact, recordedAt);
        return new PendingEvent(fact, recordedAt, json, eventId);
    }

    /// <summary>
    /// The same facts as recorded since producers may withhold values (docs/public-fields.md), each
    /// settled as the facility grain settles it: harvesters, the operator and the area's owner
    /// withheld by default, the forest lot's exact outline withheld by the grower's choice, each
    /// with its own salt.
    /// </summary>
    public static IReadOnlyList<FacilityEvent> WithheldFacts() =>
    [
        .. Facts().Select(fact => Disclosures.Resolve(
            fact is AreaRegistered area ? area with { OutlineDisclosure = FieldDisclosure.Withhold } : fact,
            fact.FacilityId == Grower ? FacilityKind.Cooperative : FacilityKind.Enterprise,
            Commitment.NewSalt)),
    ];

    /// <summary>Records the whole chain (<paramref name="facts"/>, by default <see cref="Facts"/>) in <paramref name="store"/>; every append must succeed.</summary>
    public static async Task RecordAsync(SqliteEventStore store, IReadOnlyList<FacilityEvent>? facts = null)
    {
        facts ??= Facts();
        for (var i = 0; i < facts.Count; i++)
        {
            var outcome = await store.AppendAsync(Pending(facts[i], Start.AddMinutes(i)));
            if (outcome.Recorded?.Sequence != i + 1)
            {
                throw new InvalidOperationException($"fact {i + 1} was not recorded as seq {i + 1}: {outcome}");
            }
        }
    }

    /// <summary>A store at <paramref name="storeFile"/> holding the chain, with both logs checkpointed; disposed.</summary>
    public static async Task CreateAsync(string storeFile, IReadOnlyList<FacilityEvent>? facts = null)
    {
        await using var store = new SqliteEventStore(storeFile);
        await RecordAsync(store, facts);
        await store.CutAsync();
    }
}
