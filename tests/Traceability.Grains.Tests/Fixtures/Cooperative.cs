using Traceability.Domain;
using Traceability.Events;

namespace Traceability.Grains.Tests.Fixtures;

/// <summary>
/// A vine-ginseng cooperative of Ngọc Linh commune, Đăk Glei, through one season: it joins the
/// platform, registers its drying house, its processing house, a forest lot (tiểu khu 123)
/// certified VietGAP for sâm dây (<i>Codonopsis javanica</i>) and its dried-root product; it
/// harvests 50 kg, washes 30 kg of it, slices and dries what was washed, and packs 24 bags of
/// 200 g. Every cooperative has its own identifiers and GTIN, so tests sharing a cluster never
/// meet.
/// </summary>
public sealed class Cooperative
{
    public const string VineGinseng = "Codonopsis javanica";
    public const long HarvestGrams = 50_000;
    public const long WashedTakenGrams = 30_000;
    public const long WashedGrams = 28_500;
    public const long SlicedGrams = 27_000;
    public const long DriedGrams = 5_400;
    public const long PackedTakenGrams = 5_000;
    public const int Bags = 24;
    public const long BagGrams = 200;

    private static int s_count;

    private Cooperative(int number)
    {
        Tag = $"C{number:D3}";
        Gtin = GtinFor(number);
    }

    public string Tag { get; }

    public string FacilityId => $"HTX-NGOCLINH-{Tag}";

    public string DryingHouseId => $"{Tag}-LOSAY-01";

    public string ProcessingHouseId => $"{Tag}-XUONG-01";

    public string StoreId => $"{Tag}-KHO-01";

    public string AreaCode => $"NL-TK123-K4-{Tag}";

    /// <summary>A GTIN-13 under Vietnam's prefix 893, in its 14-digit form.</summary>
    public string Gtin { get; }

    public string HarvestBatchId => $"{Tag}-SD-2026-001";

    public string WashedBatchId => $"{Tag}-SD-2026-001-RUA";

    public string SlicedBatchId => $"{Tag}-SD-2026-001-THAI";

    public string DriedBatchId => $"{Tag}-SD-2026-001-KHO";

    public string WashingStepId => $"{Tag}-RUA-001";

    public string SlicingStepId => $"{Tag}-THAI-001";

    public string DryingStepId => $"{Tag}-SAY-001";

    public string LotCode => $"L2605-{Tag}";

    public string LotKey => LotKeys.Of(Gtin, LotCode);

    /// <summary>The dried roots waiting in the store for packing.</summary>
    public string DriedStorageId => $"{Tag}-KHO-2026-001";

    /// <summary>The packed lot in the store before it goes to the point of sale.</summary>
    public string LotStorageId => $"{Tag}-KHO-2026-002";

    /// <summary>A cooperative no other test uses.</summary>
    public static Cooperative Next() => new(Interlocked.Increment(ref s_count));

    public FacilityRegistered Registration() => new(
        FacilityId, FacilityKind.Cooperative, "Hợp tác xã Dược liệu Ngọc Linh", "Thôn Đăk Xam", "Ngọc Linh", "Đăk Glei", "Kon Tum");

    public SiteRegistered DryingHouse() => new(
        FacilityId, DryingHouseId, SiteKind.Drying, "Lò sấy thôn Đăk Xam", "Ngọc Linh", new GeoPoint(15.0712, 107.9688));

    public SiteRegistered ProcessingHouse() => new(
        FacilityId, ProcessingHouseId, SiteKind.Processing, "Xưởng sơ chế Đăk Xam", "Ngọc Linh", new GeoPoint(15.0709, 107.9690));

    public SiteRegistered Store() => new(
        FacilityId, StoreId, SiteKind.Storage, "Kho thôn Đăk Xam", "Ngọc Linh", new GeoPoint(15.0710, 107.9692));

    public AreaRegistered ForestLot(string? areaCode = null) => new(
        FacilityId,
        areaCode ?? AreaCode,
        "Tiểu khu 123, khoảnh 4",
        "Ngọc Linh",
        "Đăk Glei",
        "Kon Tum",
        [new GeoPoint(15.0701, 107.9652), new GeoPoint(15.0701, 107.9671), new GeoPoint(15.0718, 107.9671), new GeoPoint(15.0718, 107.9652)],
        [VineGinseng],
        [Certification.VietGap],
        "A Thị Bến");

    public ProductRegistered Product() => new(
        FacilityId, Gtin, "Sâm dây Ngọc Linh sấy khô", "Dried Ngọc Linh vine ginseng", 3);

    public BatchHarvested Harvest(long grams = HarvestGrams) => new(
        FacilityId, HarvestBatchId, AreaCode, VineGinseng, grams, At(5, 20, 7, 30), "A Thị Bến");

    public StepRecorded Washing() =>
        Step(WashingStepId, ProcessingHouseId, StepKind.Washing, At(5, 20, 9, 0), At(5, 20, 10, 0), HarvestBatchId, WashedTakenGrams, WashedBatchId, WashedGrams);

    public StepRecorded Slicing() =>
        Step(SlicingStepId, ProcessingHouseId, StepKind.Slicing, At(5, 20, 10, 30), At(5, 20, 12, 0), WashedBatchId, WashedGrams, SlicedBatchId, SlicedGrams);

    public StepRecorded Drying() =>
        Step(DryingStepId, DryingHouseId, StepKind.Drying, At(5, 20, 14, 0), At(5, 23, 14, 0), SlicedBatchId, SlicedGrams, DriedBatchId, DriedGrams);

    /// <summary>Drying <paramref name="takenGrams"/> of the fresh harvest straight away, at about 5 : 1.</summary>
    public StepRecorded DryingOfHarvest(string stepId, long takenGrams) =>
        Step(stepId, DryingHouseId, StepKind.Drying, At(5, 20, 14, 0), At(5, 23, 14, 0), HarvestBatchId, takenGrams, $"{stepId}-KHO", takenGrams / 5);

    /// <summary>Washing <paramref name="takenGrams"/> of <paramref name="inputBatchId"/> at this cooperative's processing house.</summary>
    public StepRecorded WashingOf(string inputBatchId, long takenGrams) =>
        Step($"{Tag}-RUA-009", ProcessingHouseId, StepKind.Washing, At(5, 21, 8, 0), At(5, 21, 9, 0), inputBatchId, takenGrams, $"{Tag}-RUA-009-OUT", takenGrams * 95 / 100);

    public LotPacked Lot() => new(
        FacilityId,
        Gtin,
        LotCode,
        ProcessingHouseId,
        Bags,
        BagGrams,
        new DateOnly(2026, 5, 25),
        new DateOnly(2028, 5, 25),
        [new Domain.BatchPortion(DriedBatchId, PackedTakenGrams)]);

    /// <summary>The dried roots held in the store from an hour after drying until packing.</summary>
    public StorageRecorded DriedRootsStored() => new(
        FacilityId, DriedStorageId, StoreId, At(5, 23, 15, 0), At(5, 25, 8, 0), [DriedBatchId], []);

    /// <summary>The packed lot held in the store for five days.</summary>
    public StorageRecorded LotStored() => new(
        FacilityId, LotStorageId, StoreId, At(5, 25, 10, 0), At(5, 30, 10, 0), [], [LotKey]);

    /// <summary>The store's gateway saw it above 25 °C for 45 minutes.</summary>
    public ExcursionRecorded StoreTooWarm() => new(
        FacilityId, StoreId, $"{StoreId}-GW.T1.temperature.20260528T0310Z", $"{StoreId}-GW", "T1", "temperature", "CEL", "above", 25,
        At(5, 28, 10, 10), At(5, 28, 10, 55), 27.4, 61.5, "storage-dry", 1);

    /// <summary>Three days after packing, a shop finds mould in a bag: the lot is taken off the shelves.</summary>
    public LotRecalled Withdrawal() => new(
        FacilityId, Gtin, LotCode, RecallKind.Withdrawal, "Phát hiện nấm mốc trong túi; thu hồi khỏi quầy để kiểm tra", At(5, 28, 10, 0));

    /// <summary>Two days later the laboratory finds aflatoxin: the withdrawal becomes a recall from consumers.</summary>
    public LotRecalled Recall() => new(
        FacilityId, Gtin, LotCode, RecallKind.Recall, "Aflatoxin vượt ngưỡng; thu hồi toàn bộ lô từ người tiêu dùng", At(5, 30, 15, 0));

    public IFacilityGrain Grain(IGrainFactory grains) => grains.GetGrain<IFacilityGrain>(FacilityId);

    /// <summary>Joins the platform with two sites, the forest lot and the product.</summary>
    public Task<CaptureResult[]> RegisterAsync(IGrainFactory grains) =>
        RecordAsync(grains, Registration(), DryingHouse(), ProcessingHouse(), ForestLot(), Product());

    /// <summary>Registered, and 50 kg of fresh roots harvested from the forest lot.</summary>
    public async Task<CaptureResult> HarvestAsync(IGrainFactory grains)
    {
        await RegisterAsync(grains);
        return (await RecordAsync(grains, Harvest()))[0];
    }

    /// <summary>The whole season, from joining the platform to the packed lot.</summary>
    public async Task SeasonAsync(IGrainFactory grains)
    {
        await HarvestAsync(grains);
        await RecordAsync(grains, Washing(), Slicing(), Drying(), Lot());
    }

    /// <summary>The whole season, with the store registered and the dried roots and the lot held in it.</summary>
    public async Task SeasonWithStorageAsync(IGrainFactory grains)
    {
        await SeasonAsync(grains);
        await RecordAsync(grains, Store(), DriedRootsStored(), LotStored());
    }

    /// <summary>Captures <paramref name="facts"/> in order; part of a test's arrangement, so each must be accepted.</summary>
    public async Task<CaptureResult[]> RecordAsync(IGrainFactory grains, params FacilityEvent[] facts)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(facts);
        var results = new CaptureResult[facts.Length];
        for (var i = 0; i < facts.Length; i++)
        {
            results[i] = await Grain(grains).Capture(facts[i]);
            if (results[i].Recorded is null)
            {
                throw new InvalidOperationException($"Arranging {Tag}: {facts[i].GetType().Name} was refused: {results[i].Violation}");
            }
        }

        return results;
    }

    private StepRecorded Step(string stepId, string siteId, StepKind kind, DateTimeOffset startedAt, DateTimeOffset endedAt, string inputBatchId, long takenGrams, string outputBatchId, long producedGrams) => new(
        FacilityId,
        stepId,
        siteId,
        kind,
        startedAt,
        endedAt,
        "Y Thị Hoa",
        [new Domain.BatchPortion(inputBatchId, takenGrams)],
        [new Domain.BatchOutput(outputBatchId, producedGrams, $"Sâm dây sau bước {kind}")]);

    private static DateTimeOffset At(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    /// <summary>"0893852" and six digits of <paramref name="number"/>, then the GS1 mod-10 check digit.</summary>
    private static string GtinFor(int number)
    {
        var first13 = $"0893852{number:D6}";
        var sum = 0;
        for (var i = 0; i < 13; i++)
        {
            // Weights 3,1,3,… from the digit next to the check digit; in a GTIN-14 that is every even position.
            sum += (first13[i] - '0') * (i % 2 == 0 ? 3 : 1);
        }

        return $"{first13}{(10 - (sum % 10)) % 10}";
    }
}
