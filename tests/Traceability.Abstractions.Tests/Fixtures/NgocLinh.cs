using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Fixtures;

/// <summary>
/// The field situation the rule tests start from: the Ngọc Linh cooperative (HTX-NGOCLINH) in
/// Đăk Glei harvests vine ginseng (sâm dây, <i>Codonopsis javanica</i>) from forest lot
/// NL-TK123-K4-L2 (tiểu khu 123, khoảnh 4, lô 2), dries it at its drying house and packs it as
/// "Sâm dây Ngọc Linh". Every builder returns a valid event, so a test changes one thing with
/// <c>with</c> and checks that one rule.
/// </summary>
internal static class NgocLinh
{
    /// <summary>The fixed "now" of every test: midnight, 1 June 2026, Vietnam time.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(7));

    public const string FacilityId = "HTX-NGOCLINH";
    public const string NeighbourFacilityId = "HTX-XOP";
    public const string AreaCode = "NL-TK123-K4-L2";
    public const string VineGinseng = "Codonopsis javanica";
    public const string NgocLinhGinseng = "Panax vietnamensis";
    public const string DryingSiteId = "NL-LOSAY-01";
    public const string ProcessingSiteId = "NL-XUONG-01";
    public const string StorageSiteId = "NL-KHO-01";
    public const string ShopSiteId = "DG-DIEMBAN-01";

    /// <summary>GTIN-13 893 852100001 3 (Vietnam prefix 893) in its 14-digit form.</summary>
    public const string DriedVineGinsengGtin = "08938521000013";

    public const string HarvestBatchId = "SD-2026-001";
    public const string SecondHarvestBatchId = "SD-2026-002";
    public const string DryingStepId = "SAY-2026-001";
    public const string DriedBatchId = "SD-2026-001-KHO";
    public const string LotCodeValue = "L2605-01";
    public const string StorageId = "KHO-2026-001";
    public const string GatewayId = "NL-KHO-01-GW";
    public const string ExcursionId = "NL-KHO-01-GW.T1.temperature.20260528T0310Z";

    /// <summary>The packed lot's key, as storage periods name it.</summary>
    public static string LotKey => LotKeys.Of(DriedVineGinsengGtin, LotCodeValue);

    /// <summary>50 kg of fresh roots, the first harvest of the season.</summary>
    public const long HarvestGrams = 50_000;

    /// <summary>Fresh roots dry at about 5 : 1, so the drying step yields 10 kg.</summary>
    public const long DriedGrams = 10_000;

    public static DateTimeOffset HarvestedAt { get; } = new(2026, 5, 20, 7, 30, 0, TimeSpan.FromHours(7));

    public static DateTimeOffset DryingStartedAt { get; } = new(2026, 5, 20, 14, 0, 0, TimeSpan.FromHours(7));

    public static DateTimeOffset DryingEndedAt { get; } = new(2026, 5, 23, 14, 0, 0, TimeSpan.FromHours(7));

    public static DateOnly PackedOn { get; } = new(2026, 5, 25);

    /// <summary>The packed lot goes into the store the morning it is packed …</summary>
    public static DateTimeOffset StoredFrom { get; } = new(2026, 5, 25, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>… and leaves it six days later, for the point of sale.</summary>
    public static DateTimeOffset StoredUntil { get; } = new(2026, 5, 31, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>Three days after packing, a customer finds mould in a bag: the cooperative takes the lot off the shelves …</summary>
    public static DateTimeOffset WithdrawnAt { get; } = new(2026, 5, 28, 10, 0, 0, TimeSpan.FromHours(7));

    /// <summary>… and when the laboratory finds aflatoxin, it recalls it from consumers too.</summary>
    public static DateTimeOffset RecalledAt { get; } = new(2026, 5, 30, 15, 0, 0, TimeSpan.FromHours(7));

    /// <summary>One valid event of each type the cooperative records, keyed by type name.</summary>
    public static IReadOnlyDictionary<string, FacilityEvent> OneOfEachType { get; } = new Dictionary<string, FacilityEvent>
    {
        [nameof(FacilityRegistered)] = Facility(),
        [nameof(SiteRegistered)] = DryingSite(),
        [nameof(AreaRegistered)] = Area(),
        [nameof(ProductRegistered)] = Product(),
        [nameof(BatchHarvested)] = Harvest(),
        [nameof(StepRecorded)] = Drying(),
        [nameof(LotPacked)] = Lot(),
        [nameof(StorageRecorded)] = Storage(),
        [nameof(ExcursionRecorded)] = Excursion(),
        [nameof(LotRecalled)] = Withdrawal(),
    };

    public static CaptureContext Context(
        AreaRegistered? area = null,
        ProductRegistered? product = null,
        IReadOnlyDictionary<string, string>? batchOwners = null,
        YieldPolicy? yields = null) =>
        new(Now, yields ?? YieldPolicy.Default, area, product, batchOwners);

    /// <summary>The context of a harvest from the registered forest lot.</summary>
    public static CaptureContext HarvestContext() => Context(area: Area());

    /// <summary>The context of packing the registered product.</summary>
    public static CaptureContext PackingContext() => Context(product: Product());

    public static FacilityRegistered Facility() => new(
        FacilityId,
        FacilityKind.Cooperative,
        "Hợp tác xã Dược liệu Ngọc Linh",
        "Thôn Đăk Xam",
        "Ngọc Linh",
        "Đăk Glei",
        "Kon Tum");

    public static SiteRegistered Site(string siteId, SiteKind kind) => new(
        FacilityId,
        siteId,
        kind,
        $"{kind} site {siteId}",
        "Ngọc Linh",
        new GeoPoint(15.0712, 107.9688));

    public static SiteRegistered DryingSite() => Site(DryingSiteId, SiteKind.Drying);

    public static AreaRegistered Area() => new(
        FacilityId,
        AreaCode,
        "Tiểu khu 123, khoảnh 4, lô 2",
        "Ngọc Linh",
        "Đăk Glei",
        "Kon Tum",
        [
            new GeoPoint(15.0701, 107.9652),
            new GeoPoint(15.0701, 107.9671),
            new GeoPoint(15.0718, 107.9671),
            new GeoPoint(15.0718, 107.9652),
        ],
        [VineGinseng, NgocLinhGinseng],
        [Certification.VietGap, Certification.GacpWho],
        "Hợp tác xã Dược liệu Ngọc Linh");

    public static ProductRegistered Product() => new(
        FacilityId,
        DriedVineGinsengGtin,
        "Sâm dây Ngọc Linh sấy khô",
        "Dried Ngọc Linh vine ginseng",
        3);

    public static BatchHarvested Harvest(string batchId = HarvestBatchId, long grams = HarvestGrams, string species = VineGinseng) => new(
        FacilityId,
        batchId,
        AreaCode,
        species,
        grams,
        HarvestedAt,
        "A Thị Bến");

    /// <summary>Drying all 50 kg of the first harvest into 10 kg of dried roots (yield 0.2).</summary>
    public static StepRecorded Drying() => new(
        FacilityId,
        DryingStepId,
        DryingSiteId,
        StepKind.Drying,
        DryingStartedAt,
        DryingEndedAt,
        "Y Thị Hoa",
        [new BatchPortion(HarvestBatchId, HarvestGrams)],
        [new BatchOutput(DriedBatchId, DriedGrams, "Sâm dây sấy khô")]);

    /// <summary>A step of <paramref name="kind"/> at the processing house, taking <paramref name="taken"/> g of the first harvest.</summary>
    public static StepRecorded Step(StepKind kind, long taken, long produced, string stepId = "XL-2026-001", string outputId = "SD-2026-001-XL") => new(
        FacilityId,
        stepId,
        ProcessingSiteId,
        kind,
        DryingStartedAt,
        DryingEndedAt,
        "Y Thị Hoa",
        [new BatchPortion(HarvestBatchId, taken)],
        [new BatchOutput(outputId, produced, $"{kind} output")]);

    /// <summary>48 bags of 200 g (9.6 kg) packed from the 10 kg of dried roots (yield 0.96).</summary>
    public static LotPacked Lot() => new(
        FacilityId,
        DriedVineGinsengGtin,
        LotCodeValue,
        ProcessingSiteId,
        48,
        200,
        PackedOn,
        PackedOn.AddYears(2),
        [new BatchPortion(DriedBatchId, DriedGrams)]);

    /// <summary>The packed lot held in the store for six days.</summary>
    public static StorageRecorded Storage() => new(
        FacilityId,
        StorageId,
        StorageSiteId,
        StoredFrom,
        StoredUntil,
        [],
        [LotKey]);

    /// <summary>The store's gateway saw its temperature probe above 25 °C for 45 minutes on a hot afternoon.</summary>
    public static ExcursionRecorded Excursion() => new(
        FacilityId,
        StorageSiteId,
        ExcursionId,
        GatewayId,
        "T1",
        "temperature",
        "CEL",
        "above",
        25,
        new DateTimeOffset(2026, 5, 28, 10, 10, 0, TimeSpan.FromHours(7)),
        new DateTimeOffset(2026, 5, 28, 10, 55, 0, TimeSpan.FromHours(7)),
        27.4,
        61.5,
        "storage-dry",
        2);

    /// <summary>The packed lot taken off the shelves for a quality problem.</summary>
    public static LotRecalled Withdrawal() => new(
        FacilityId,
        DriedVineGinsengGtin,
        LotCodeValue,
        RecallKind.Withdrawal,
        "Phát hiện nấm mốc trong túi; thu hồi khỏi quầy để kiểm tra",
        WithdrawnAt);

    /// <summary>The same lot recalled from consumers: the withdrawal escalated.</summary>
    public static LotRecalled Recall() => new(
        FacilityId,
        DriedVineGinsengGtin,
        LotCodeValue,
        RecallKind.Recall,
        "Kết quả kiểm nghiệm có aflatoxin vượt ngưỡng; thu hồi toàn bộ lô từ người tiêu dùng",
        RecalledAt);
}
