using System.Collections.ObjectModel;
using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;

namespace Traceability.Server.Demo;

/// <summary>
/// Demo records for the OCOP specialty products of Đăk Glei (Kon Tum): four OCOP subjects, their
/// sites and raw-material areas in the Ngọc Linh massif, the eight products the district article
/// names (plus the leaf powder), and the 2026 season from harvest to packed lot, with every lot
/// held in its facility's store for some days after packing, a few intermediate batches held
/// in store between two steps, and one lot withdrawn after its drying run overheated. The content is
/// fixed (no clock, no randomness), so loading it twice records nothing the second time (the
/// salts of withheld names and outlines are drawn at capture, and a repeat keeps the first). Each
/// facility's events come in the order they happened, after every registration they refer to.
/// </summary>
/// <remarks>
/// Names of subjects, people, villages and plots, forest compartment numbers, coordinates and GS1
/// company prefixes are invented for the demo; only the product names come from the article.
/// </remarks>
public static class DakGleiDemo
{
    private const string District = "Đăk Glei";
    private const string Province = "Kon Tum";
    private const string Town = "Thị trấn Đăk Glei";

    private const string NgocLinhCoop = "HTX-NGOCLINH-DG";
    private const string ThanhPhat = "HKD-THANHPHAT-DG";
    private const string Vinnate = "CT-VINNATE-DG";
    private const string DakChoongCoop = "HTX-DAKCHOONG-DG";

    private const string VineGinseng = "Codonopsis javanica";
    private const string RedCodonopsis = "Codonopsis pilosula";
    private const string Arabica = "Coffea arabica";

    // GTIN-13 under Vietnam's GS1 prefix 893, left-padded to 14 digits; check digits per GS1 mod 10.
    private const string WineGtin = "08936204000114";
    private const string ExtractGtin = "08936204000121";
    private const string JamGtin = "08936204000138";
    private const string DriedVineGinsengGtin = "08938517000218";
    private const string BambooShootsGtin = "08938517000225";
    private const string RootPowderGtin = "08936093000318";
    private const string LeafPowderGtin = "08936093000325";
    private const string SlicedCodonopsisGtin = "08936093000332";
    private const string CoffeeGtin = "08938742000410";

    /// <summary>Every demo record, in an order where each one's prerequisites come earlier.</summary>
    public static IReadOnlyList<FacilityEvent> Events { get; } = new ReadOnlyCollection<FacilityEvent>(
    [
        .. NgocLinhRegistrations(),
        .. ThanhPhatRegistrations(),
        .. VinnateRegistrations(),
        .. DakChoongRegistrations(),
        .. DakChoongSeason(),
        .. NgocLinhSeason(),
        .. ThanhPhatSeason(),
        .. VinnateSeason(),
    ]);

    /// <summary>
    /// A lot with a deep chain: Ngọc Linh vine-ginseng wine, from two harvests (Ngọc Linh and
    /// Mường Hoong) through washing, slicing, drying and a 90-day infusion to the bottles.
    /// </summary>
    public static (string Gtin, string Lot) LotToTry { get; } = (WineGtin, "NL-2026-031");

    /// <summary>
    /// The lot its producer withdrew from the shelves: dried bamboo shoots from the drying run
    /// that overheated (<see cref="DemoReadings.Overheat"/>), whose conditions fail.
    /// </summary>
    public static (string Gtin, string Lot) WithdrawnLot { get; } = (BambooShootsGtin, "TP-2026-021");

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    private static GeoPoint P(double latitude, double longitude) => new(latitude, longitude);

    private static BatchPortion Take(string batchId, long grams) => new(batchId, grams);

    private static BatchOutput Out(string batchId, long grams, string description) => new(batchId, grams, description);

    private static string Site(string facilityId, string suffix) => $"{facilityId}.{suffix}";

    /// <summary>Goods held in the facility's store (<c>STORE1</c>) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static StorageRecorded Stored(string facilityId, string storageId, DateTimeOffset from, DateTimeOffset to, string[] batchIds, params (string Gtin, string Lot)[] lots) =>
        new(facilityId, storageId, Site(facilityId, "STORE1"), from, to, batchIds, [.. lots.Select(l => LotKeys.Of(l.Gtin, l.Lot))]);

    // ------------------------------------------------------------------ registrations

    /// <summary>The cooperative of Ngọc Linh commune: vine-ginseng wine, extract and candied jam.</summary>
    private static FacilityEvent[] NgocLinhRegistrations() =>
    [
        new FacilityRegistered(NgocLinhCoop, FacilityKind.Cooperative, "Hợp tác xã Nông nghiệp Dược liệu Ngọc Linh",
            "Thôn Lê Văng, xã Ngọc Linh, huyện Đăk Glei, tỉnh Kon Tum", "Ngọc Linh", District, Province),
        new SiteRegistered(NgocLinhCoop, Site(NgocLinhCoop, "DRY1"), SiteKind.Drying,
            "Nhà sấy dược liệu bơm nhiệt thôn Lê Văng (heat-pump drying house)", "Ngọc Linh", P(15.07452, 107.92148)),
        new SiteRegistered(NgocLinhCoop, Site(NgocLinhCoop, "PROC1"), SiteKind.Processing,
            "Xưởng sơ chế và chế biến sâm dây (vine-ginseng processing workshop)", "Ngọc Linh", P(15.07511, 107.92217)),
        new SiteRegistered(NgocLinhCoop, Site(NgocLinhCoop, "STORE1"), SiteKind.Storage,
            "Kho thành phẩm HTX Ngọc Linh (finished-goods store)", "Ngọc Linh", P(15.07489, 107.92263)),
        new SiteRegistered(NgocLinhCoop, Site(NgocLinhCoop, "SHOP1"), SiteKind.PointOfSale,
            "Điểm giới thiệu và bán sản phẩm OCOP huyện Đăk Glei (OCOP showroom)", Town, P(15.08934, 107.73381)),
        new AreaRegistered(NgocLinhCoop, "DG-NL-TK249-K3-L2", "Vùng sâm dây dưới tán rừng thôn Lê Văng",
            "Ngọc Linh", District, Province,
            [P(15.07120, 107.92680), P(15.07185, 107.92835), P(15.07090, 107.92910), P(15.06995, 107.92790), P(15.07030, 107.92690)],
            [VineGinseng, "Panax vietnamensis"], [Certification.VietGap, Certification.GeographicIndication],
            "Hộ ông A Nhem (Xơ Đăng), thôn Lê Văng, xã Ngọc Linh"),
        new AreaRegistered(NgocLinhCoop, "DG-MH-TK171-K2-L5", "Vùng sâm dây thôn Xa Úa",
            "Mường Hoong", District, Province,
            [P(15.11350, 107.89320), P(15.11420, 107.89470), P(15.11310, 107.89540), P(15.11250, 107.89390)],
            [VineGinseng], [Certification.VietGap],
            "Tổ hợp tác trồng sâm dây thôn Xa Úa (đại diện: bà Y Thương, Xơ Đăng)"),
        new ProductRegistered(NgocLinhCoop, WineGtin, "Rượu sâm dây Ngọc Linh", "Ngọc Linh vine-ginseng wine", 4),
        new ProductRegistered(NgocLinhCoop, ExtractGtin, "Cao sâm dây Ngọc Linh", "Ngọc Linh vine-ginseng extract (paste)", 3),
        new ProductRegistered(NgocLinhCoop, JamGtin, "Mứt sâm dây Ngọc Linh", "Ngọc Linh vine-ginseng candied jam", 3),
    ];

    /// <summary>A household business in the district town: dried vine ginseng and dried bamboo shoots, brand TP.</summary>
    private static FacilityEvent[] ThanhPhatRegistrations() =>
    [
        new FacilityRegistered(ThanhPhat, FacilityKind.Household, "Hộ kinh doanh Thành Phát (TP)",
            "Tổ dân phố 3, thị trấn Đăk Glei, huyện Đăk Glei, tỉnh Kon Tum", Town, District, Province),
        new SiteRegistered(ThanhPhat, Site(ThanhPhat, "DRY1"), SiteKind.Drying,
            "Lò sấy và sân phơi Thành Phát (dryer and drying yard)", Town, P(15.09312, 107.72954)),
        new SiteRegistered(ThanhPhat, Site(ThanhPhat, "PROC1"), SiteKind.Processing,
            "Xưởng sơ chế Thành Phát (pre-processing workshop)", Town, P(15.09325, 107.72987)),
        new SiteRegistered(ThanhPhat, Site(ThanhPhat, "STORE1"), SiteKind.Storage,
            "Kho hàng Thành Phát (store)", Town, P(15.09298, 107.73012)),
        new SiteRegistered(ThanhPhat, Site(ThanhPhat, "SHOP1"), SiteKind.PointOfSale,
            "Cửa hàng đặc sản Đăk Glei TP (specialty shop)", Town, P(15.08871, 107.73265)),
        new AreaRegistered(ThanhPhat, "DG-XOP-TK180-K1-L3", "Vùng sâm dây thôn Xốp Dùi",
            "Xốp", District, Province,
            [P(15.02550, 107.86400), P(15.02610, 107.86530), P(15.02540, 107.86620), P(15.02460, 107.86560), P(15.02470, 107.86430)],
            [VineGinseng], [Certification.VietGap],
            "Hộ bà Y Liên (Xơ Đăng), thôn Xốp Dùi, xã Xốp"),
        new AreaRegistered(ThanhPhat, "DG-DN-TK062-K2-L1", "Rừng tre lồ ô tự nhiên thôn Đăk Nhoong",
            "Đăk Nhoong", District, Province,
            [P(15.19350, 107.66200), P(15.19460, 107.66380), P(15.19370, 107.66520), P(15.19240, 107.66430), P(15.19230, 107.66270)],
            ["Dendrocalamus asper", "Bambusa procera"], [],
            "Cộng đồng thôn Đăk Nhoong (Giẻ Triêng), nhận khoán bảo vệ rừng; đại diện ông A Dũng"),
        new AreaRegistered(ThanhPhat, "DG-DM-TK071-K3-L2", "Rừng tre mai tự nhiên xã Đăk Man",
            "Đăk Man", District, Province,
            [P(15.17120, 107.69850), P(15.17230, 107.70010), P(15.17140, 107.70150), P(15.17030, 107.70020)],
            ["Dendrocalamus giganteus"], [Certification.Organic],
            "Hộ bà Y Ngân (Giẻ Triêng), xã Đăk Man"),
        new ProductRegistered(ThanhPhat, DriedVineGinsengGtin, "Sâm dây Ngọc Linh TP (sâm dây khô)", "Ngọc Linh vine ginseng TP, dried roots", 3),
        new ProductRegistered(ThanhPhat, BambooShootsGtin, "Măng khô Đăk Glei TP", "Đăk Glei dried bamboo shoots TP", 3),
    ];

    /// <summary>An enterprise growing red codonopsis in Mường Hoong and Xốp: root powder, leaf powder, slices.</summary>
    private static FacilityEvent[] VinnateRegistrations() =>
    [
        new FacilityRegistered(Vinnate, FacilityKind.Enterprise, "Công ty TNHH Dược liệu Vinnate",
            "Tổ dân phố 1, thị trấn Đăk Glei, huyện Đăk Glei, tỉnh Kon Tum", Town, District, Province),
        new SiteRegistered(Vinnate, Site(Vinnate, "DRY1"), SiteKind.Drying,
            "Trạm sơ chế và sấy dược liệu thôn Đăk Bối (pre-processing and drying station)", "Mường Hoong", P(15.11682, 107.89047)),
        new SiteRegistered(Vinnate, Site(Vinnate, "PROC1"), SiteKind.Processing,
            "Xưởng chế biến dược liệu Vinnate (grinding and packing)", Town, P(15.08652, 107.73512)),
        new SiteRegistered(Vinnate, Site(Vinnate, "STORE1"), SiteKind.Storage,
            "Kho dược liệu Vinnate (herb store)", Town, P(15.08637, 107.73548)),
        new SiteRegistered(Vinnate, Site(Vinnate, "SHOP1"), SiteKind.PointOfSale,
            "Gian hàng Vinnate tại điểm giới thiệu sản phẩm OCOP huyện", Town, P(15.08938, 107.73376)),
        new AreaRegistered(Vinnate, "DG-MH-TK168-K4-L1", "Vùng hồng đảng sâm liên kết thôn Đăk Bối",
            "Mường Hoong", District, Province,
            [P(15.12100, 107.87950), P(15.12190, 107.88060), P(15.12120, 107.88180), P(15.12020, 107.88110), P(15.12010, 107.87990)],
            [RedCodonopsis], [Certification.Organic, Certification.GacpWho],
            "Hộ ông A Lâm (Xơ Đăng), thôn Đăk Bối, xã Mường Hoong"),
        new AreaRegistered(Vinnate, "DG-XOP-TK183-K2-L6", "Vùng hồng đảng sâm thôn Xốp Nghét",
            "Xốp", District, Province,
            [P(15.01880, 107.87120), P(15.01950, 107.87240), P(15.01860, 107.87310), P(15.01800, 107.87190)],
            [RedCodonopsis], [Certification.VietGap],
            "Hộ bà Y Dung (Xơ Đăng), thôn Xốp Nghét, xã Xốp"),
        new ProductRegistered(Vinnate, RootPowderGtin, "Bột hồng đảng sâm Vinnate", "Vinnate red codonopsis root powder", 3),
        new ProductRegistered(Vinnate, LeafPowderGtin, "Bột lá hồng đảng sâm Vinnate", "Vinnate red codonopsis leaf powder", 3),
        new ProductRegistered(Vinnate, SlicedCodonopsisGtin, "Hồng đảng sâm thái lát Vinnate", "Vinnate sliced red codonopsis", 4),
    ];

    /// <summary>The Arabica cooperative of Đăk Choong: ground coffee.</summary>
    private static FacilityEvent[] DakChoongRegistrations() =>
    [
        new FacilityRegistered(DakChoongCoop, FacilityKind.Cooperative, "Hợp tác xã Cà phê Arabica Đăk Choong",
            "Thôn Đăk Book, xã Đăk Choong, huyện Đăk Glei, tỉnh Kon Tum", "Đăk Choong", District, Province),
        new SiteRegistered(DakChoongCoop, Site(DakChoongCoop, "DRY1"), SiteKind.Drying,
            "Nhà phơi cà phê mái che, giàn cao (greenhouse raised drying beds)", "Đăk Choong", P(15.14218, 107.79642)),
        new SiteRegistered(DakChoongCoop, Site(DakChoongCoop, "PROC1"), SiteKind.Processing,
            "Xưởng xát vỏ và rang xay cà phê (hulling and roasting workshop)", "Đăk Choong", P(15.14236, 107.79688)),
        new SiteRegistered(DakChoongCoop, Site(DakChoongCoop, "STORE1"), SiteKind.Storage,
            "Kho cà phê nhân (green-coffee store)", "Đăk Choong", P(15.14251, 107.79671)),
        new SiteRegistered(DakChoongCoop, Site(DakChoongCoop, "SHOP1"), SiteKind.PointOfSale,
            "Quầy cà phê Arabica Đăk Choong tại thị trấn (coffee counter)", Town, P(15.08905, 107.73302)),
        new AreaRegistered(DakChoongCoop, "DG-DC-TK126-K5-L3", "Vườn cà phê Arabica dưới tán cây che bóng thôn Đăk Book",
            "Đăk Choong", District, Province,
            [P(15.14520, 107.79850), P(15.14600, 107.80010), P(15.14510, 107.80090), P(15.14430, 107.79960)],
            [Arabica], [Certification.VietGap],
            "Hộ ông A Quý (Giẻ Triêng), thôn Đăk Book, xã Đăk Choong"),
        new AreaRegistered(DakChoongCoop, "DG-DC-TK127-K1-L7", "Vườn cà phê Arabica hữu cơ thôn Đăk Book",
            "Đăk Choong", District, Province,
            [P(15.13980, 107.80610), P(15.14040, 107.80720), P(15.13960, 107.80790), P(15.13890, 107.80700), P(15.13920, 107.80620)],
            [Arabica], [Certification.VietGap, Certification.Organic],
            "Hộ bà Nguyễn Thị Hạnh, thôn Đăk Book, xã Đăk Choong"),
        new ProductRegistered(DakChoongCoop, CoffeeGtin, "Cà phê Arabica Đăk Choong dạng bột", "Đăk Choong ground Arabica coffee", 3),
    ];

    // ------------------------------------------------------------------ the 2026 season

    /// <summary>
    /// Arabica: two gardens' cherries merged at sorting, 18 days on raised beds, hulled; the green
    /// beans roasted and ground in March (two lots) and again in July (one lot).
    /// </summary>
    private static FacilityEvent[] DakChoongSeason()
    {
        const string dry = "HTX-DAKCHOONG-DG.DRY1", proc = "HTX-DAKCHOONG-DG.PROC1";
        return
        [
            // The Đăk Choong cooperative publishes its pickers' names (the others keep the default: withheld).
            new BatchHarvested(DakChoongCoop, "DC-H-2026-001", "DG-DC-TK126-K5-L3", Arabica, 1_200_000, At(1, 8, 6, 30), "A Quý") { HarvesterDisclosure = FieldDisclosure.Publish },
            new BatchHarvested(DakChoongCoop, "DC-H-2026-002", "DG-DC-TK127-K1-L7", Arabica, 800_000, At(1, 9, 6, 30), "Nguyễn Thị Hạnh") { HarvesterDisclosure = FieldDisclosure.Publish },
            new StepRecorded(DakChoongCoop, "DC-S-2026-001", proc, StepKind.Sorting, At(1, 9, 13), At(1, 9, 18), "Y Nhung",
                [Take("DC-H-2026-001", 1_200_000), Take("DC-H-2026-002", 800_000)],
                [Out("DC-B-2026-001", 1_860_000, "Ripe cherries after flotation and hand sorting / Quả cà phê chín sau tuyển nổi, lựa tay")]),
            new StepRecorded(DakChoongCoop, "DC-S-2026-002", dry, StepKind.Drying, At(1, 10, 8), At(1, 28, 17), "Y Nhung",
                [Take("DC-B-2026-001", 1_860_000)],
                [Out("DC-B-2026-002", 800_000, "Natural-process dried cherries, 12 % moisture / Cà phê quả khô, độ ẩm 12 %")]),
            new StepRecorded(DakChoongCoop, "DC-S-2026-003", proc, StepKind.Hulling, At(2, 3, 7), At(2, 4, 17), "Đinh Văn Sơn",
                [Take("DC-B-2026-002", 800_000)],
                [Out("DC-B-2026-003", 384_000, "Green Arabica beans, screen 16+ / Cà phê nhân Arabica, sàng 16+")]),
            // The green beans rest in jute bags in the store until the first roast.
            Stored(DakChoongCoop, "DC-K-2026-001", At(2, 5, 8), At(3, 2, 6), ["DC-B-2026-003"]),
            new StepRecorded(DakChoongCoop, "DC-S-2026-004", proc, StepKind.Roasting, At(3, 2, 7), At(3, 2, 16), "Đinh Văn Sơn",
                [Take("DC-B-2026-003", 60_000)],
                [Out("DC-B-2026-004", 50_400, "Medium roast, no additives / Cà phê rang mộc, rang vừa")]),
            new StepRecorded(DakChoongCoop, "DC-S-2026-005", proc, StepKind.Grinding, At(3, 3, 7), At(3, 3, 12), "Y Nhung",
                [Take("DC-B-2026-004", 50_400)],
                [Out("DC-B-2026-005", 49_500, "Medium-fine ground coffee for phin / Cà phê bột xay vừa, pha phin")]),
            new LotPacked(DakChoongCoop, CoffeeGtin, "DC-2026-007", proc, 100, 250, new(2026, 3, 4), new(2027, 3, 4),
                [Take("DC-B-2026-005", 25_500)]),
            Stored(DakChoongCoop, "DC-K-2026-002", At(3, 4, 16), At(3, 9, 9), [], (CoffeeGtin, "DC-2026-007")),
            new LotPacked(DakChoongCoop, CoffeeGtin, "DC-2026-008", proc, 94, 250, new(2026, 3, 20), new(2027, 3, 20),
                [Take("DC-B-2026-005", 24_000)]),
            Stored(DakChoongCoop, "DC-K-2026-003", At(3, 20, 16), At(3, 25, 9), [], (CoffeeGtin, "DC-2026-008")),
            new StepRecorded(DakChoongCoop, "DC-S-2026-006", proc, StepKind.Roasting, At(7, 6, 7), At(7, 6, 16), "Đinh Văn Sơn",
                [Take("DC-B-2026-003", 60_000)],
                [Out("DC-B-2026-006", 50_800, "Medium roast, no additives / Cà phê rang mộc, rang vừa")]),
            new StepRecorded(DakChoongCoop, "DC-S-2026-007", proc, StepKind.Grinding, At(7, 7, 7), At(7, 7, 12), "Y Nhung",
                [Take("DC-B-2026-006", 50_800)],
                [Out("DC-B-2026-007", 50_000, "Medium-fine ground coffee for phin / Cà phê bột xay vừa, pha phin")]),
            new LotPacked(DakChoongCoop, CoffeeGtin, "DC-2026-019", proc, 196, 250, new(2026, 7, 8), new(2027, 7, 8),
                [Take("DC-B-2026-007", 50_000)]),
            Stored(DakChoongCoop, "DC-K-2026-004", At(7, 8, 16), At(7, 13, 9), [], (CoffeeGtin, "DC-2026-019")),
        ];
    }

    /// <summary>
    /// Vine ginseng: two February harvests (Ngọc Linh, Mường Hoong) washed together, then split
    /// into candied jam, extract paste and dried slices; the slices infused twice into wine.
    /// </summary>
    private static FacilityEvent[] NgocLinhSeason()
    {
        const string dry = "HTX-NGOCLINH-DG.DRY1", proc = "HTX-NGOCLINH-DG.PROC1";
        return
        [
            new BatchHarvested(NgocLinhCoop, "NL-H-2026-001", "DG-NL-TK249-K3-L2", VineGinseng, 120_000, At(2, 10, 7, 30), "A Nhem"),
            new BatchHarvested(NgocLinhCoop, "NL-H-2026-002", "DG-MH-TK171-K2-L5", VineGinseng, 85_000, At(2, 11, 8), "Y Thương"),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-001", proc, StepKind.Washing, At(2, 12, 7), At(2, 12, 11, 30), "Y Hoa",
                [Take("NL-H-2026-001", 120_000), Take("NL-H-2026-002", 85_000)],
                [Out("NL-B-2026-001", 196_800, "Fresh vine-ginseng roots, washed, rootlets trimmed / Sâm dây tươi đã rửa, cắt rễ con")]),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-002", proc, StepKind.Slicing, At(2, 12, 13), At(2, 12, 17), "Y Hoa",
                [Take("NL-B-2026-001", 80_000)],
                [Out("NL-B-2026-002", 76_000, "Fresh roots sliced 3-4 mm for drying / Sâm dây tươi thái lát 3-4 mm để sấy")]),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-003", proc, StepKind.Slicing, At(2, 13, 13), At(2, 13, 16, 30), "Y Bia",
                [Take("NL-B-2026-001", 46_000)],
                [Out("NL-B-2026-003", 43_700, "Fresh roots sliced for candying / Sâm dây tươi thái lát làm mứt")]),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-004", proc, StepKind.Cooking, At(2, 14, 7), At(2, 14, 15), "Y Bia",
                [Take("NL-B-2026-003", 43_700)],
                [Out("NL-B-2026-004", 52_400, "Slices cooked in sugar syrup / Sâm dây sên đường")]),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-005", proc, StepKind.Extraction, At(2, 13, 7), At(2, 14, 19), "Nguyễn Thị Thu Hà",
                [Take("NL-B-2026-001", 70_000)],
                [Out("NL-B-2026-005", 28_000, "Aqueous decoction, three extractions / Dịch chiết sâm dây, chiết nước 3 lần")]),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-006", dry, StepKind.Drying, At(2, 13, 8), At(2, 16, 17), "A Pong",
                [Take("NL-B-2026-002", 76_000)],
                [Out("NL-B-2026-006", 17_500, "Dried vine-ginseng slices, heat pump 50-55 °C / Sâm dây thái lát sấy khô")]),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-007", dry, StepKind.Drying, At(2, 15, 8), At(2, 17, 16), "A Pong",
                [Take("NL-B-2026-004", 52_400)],
                [Out("NL-B-2026-007", 26_800, "Candied vine ginseng, dried soft / Mứt sâm dây sấy dẻo")]),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-008", proc, StepKind.Concentrating, At(2, 15, 7), At(2, 17, 17), "Nguyễn Thị Thu Hà",
                [Take("NL-B-2026-005", 28_000)],
                [Out("NL-B-2026-008", 6_200, "Thick extract paste, low-temperature vacuum / Cao đặc sâm dây, cô chân không")]),
            new LotPacked(NgocLinhCoop, JamGtin, "NL-2026-011", proc, 130, 200, new(2026, 2, 18), new(2027, 2, 18),
                [Take("NL-B-2026-007", 26_800)]),
            new LotPacked(NgocLinhCoop, ExtractGtin, "NL-2026-012", proc, 60, 100, new(2026, 2, 19), new(2028, 2, 19),
                [Take("NL-B-2026-008", 6_200)]),
            // The dried slices wait a night in the store before the infusion; jam and extract go in once both are packed.
            Stored(NgocLinhCoop, "NL-K-2026-001", At(2, 17, 8), At(2, 18, 7, 30), ["NL-B-2026-006"]),
            Stored(NgocLinhCoop, "NL-K-2026-002", At(2, 19, 16), At(2, 24, 9), [], (JamGtin, "NL-2026-011"), (ExtractGtin, "NL-2026-012")),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-009", proc, StepKind.Infusion, At(2, 18, 8), At(5, 19, 17), "Trần Văn Lực",
                [Take("NL-B-2026-006", 4_000)],
                [Out("NL-B-2026-009", 78_000, "Dried slices infused 90 days in 35 % vol rice wine / Rượu sâm dây ngâm 90 ngày")]),
            new LotPacked(NgocLinhCoop, WineGtin, "NL-2026-031", proc, 80, 475, new(2026, 5, 21), new(2029, 5, 21),
                [Take("NL-B-2026-009", 39_000)]),
            Stored(NgocLinhCoop, "NL-K-2026-003", At(5, 21, 16), At(5, 26, 9), [], (WineGtin, "NL-2026-031")),
            new LotPacked(NgocLinhCoop, WineGtin, "NL-2026-032", proc, 78, 475, new(2026, 6, 15), new(2029, 6, 15),
                [Take("NL-B-2026-009", 39_000)]),
            Stored(NgocLinhCoop, "NL-K-2026-004", At(6, 15, 16), At(6, 20, 9), [], (WineGtin, "NL-2026-032")),
            new StepRecorded(NgocLinhCoop, "NL-S-2026-010", proc, StepKind.Infusion, At(5, 25, 8), At(8, 25, 17), "Trần Văn Lực",
                [Take("NL-B-2026-006", 4_500)],
                [Out("NL-B-2026-010", 88_000, "Dried slices infused 92 days in 35 % vol rice wine / Rượu sâm dây ngâm 92 ngày")]),
            new LotPacked(NgocLinhCoop, WineGtin, "NL-2026-047", proc, 180, 475, new(2026, 8, 27), new(2029, 8, 27),
                [Take("NL-B-2026-010", 88_000)]),
            Stored(NgocLinhCoop, "NL-K-2026-005", At(8, 27, 16), At(9, 1, 9), [], (WineGtin, "NL-2026-047")),
        ];
    }

    /// <summary>
    /// Dried vine ginseng from Xốp (washed, graded, dried; two lots of grade 1) and dried bamboo
    /// shoots from two forest lots boiled together in July, the first lot of which is withdrawn.
    /// </summary>
    private static FacilityEvent[] ThanhPhatSeason()
    {
        const string dry = "HKD-THANHPHAT-DG.DRY1", proc = "HKD-THANHPHAT-DG.PROC1";
        return
        [
            new BatchHarvested(ThanhPhat, "TP-H-2026-001", "DG-XOP-TK180-K1-L3", VineGinseng, 90_000, At(3, 5, 7), "Y Liên"),
            new StepRecorded(ThanhPhat, "TP-S-2026-001", proc, StepKind.Washing, At(3, 6, 7), At(3, 6, 10, 30), "Lê Thị Phương",
                [Take("TP-H-2026-001", 90_000)],
                [Out("TP-B-2026-001", 86_400, "Fresh roots washed, rootlets trimmed / Sâm dây tươi sơ chế, rửa sạch")]),
            new StepRecorded(ThanhPhat, "TP-S-2026-002", proc, StepKind.Sorting, At(3, 6, 10, 45), At(3, 6, 15), "Lê Thị Phương",
                [Take("TP-B-2026-001", 86_400)],
                [
                    Out("TP-B-2026-002-1", 52_000, "Grade 1 roots, 1.5 cm and thicker / Củ sâm dây loại 1"),
                    Out("TP-B-2026-002-2", 30_000, "Grade 2 roots and pieces / Củ sâm dây loại 2"),
                ]),
            new StepRecorded(ThanhPhat, "TP-S-2026-003", dry, StepKind.Drying, At(3, 7, 8, 30), At(3, 10, 17), "A Khiêm",
                [Take("TP-B-2026-002-2", 30_000)],
                [Out("TP-B-2026-003", 6_600, "Dried grade 2 roots, kept for tea / Sâm dây loại 2 sấy khô, để làm trà")]),
            new StepRecorded(ThanhPhat, "TP-S-2026-004", dry, StepKind.Drying, At(3, 7, 8), At(3, 11, 16), "A Khiêm",
                [Take("TP-B-2026-002-1", 52_000)],
                [Out("TP-B-2026-004", 11_300, "Dried whole grade 1 roots, 50 °C / Sâm dây loại 1 sấy khô nguyên củ")]),
            new LotPacked(ThanhPhat, DriedVineGinsengGtin, "TP-2026-008", proc, 28, 200, new(2026, 3, 13), new(2028, 3, 13),
                [Take("TP-B-2026-004", 5_700)]),
            new LotPacked(ThanhPhat, DriedVineGinsengGtin, "TP-2026-009", proc, 27, 200, new(2026, 3, 14), new(2028, 3, 14),
                [Take("TP-B-2026-004", 5_600)]),
            // Both lots of dried roots go into the store together, the day the second is packed.
            Stored(ThanhPhat, "TP-K-2026-001", At(3, 14, 16), At(3, 19, 9), [], (DriedVineGinsengGtin, "TP-2026-008"), (DriedVineGinsengGtin, "TP-2026-009")),
            new BatchHarvested(ThanhPhat, "TP-H-2026-002", "DG-DN-TK062-K2-L1", "Dendrocalamus asper", 400_000, At(7, 14, 6, 30), "A Dũng"),
            new BatchHarvested(ThanhPhat, "TP-H-2026-003", "DG-DM-TK071-K3-L2", "Dendrocalamus giganteus", 250_000, At(7, 15, 7), "Y Ngân"),
            new StepRecorded(ThanhPhat, "TP-S-2026-005", proc, StepKind.Boiling, At(7, 16, 6), At(7, 16, 14), "Trần Văn Thành",
                [Take("TP-H-2026-002", 400_000), Take("TP-H-2026-003", 250_000)],
                [Out("TP-B-2026-005", 610_000, "Peeled shoots boiled to remove bitterness / Măng tươi bóc bẹ, luộc khử đắng")]),
            new StepRecorded(ThanhPhat, "TP-S-2026-006", proc, StepKind.Slicing, At(7, 16, 15), At(7, 17, 11), "Trần Văn Thành",
                [Take("TP-B-2026-005", 610_000)],
                [Out("TP-B-2026-006", 573_000, "Boiled shoots sliced and split / Măng luộc thái lát, xé sợi")]),
            new StepRecorded(ThanhPhat, "TP-S-2026-007", dry, StepKind.Drying, At(7, 17, 13), At(7, 21, 17), "A Khiêm",
                [Take("TP-B-2026-006", 573_000)],
                [Out("TP-B-2026-007", 44_000, "Dried bamboo shoots, 14 % moisture / Măng khô, độ ẩm 14 %")]),
            new LotPacked(ThanhPhat, BambooShootsGtin, "TP-2026-021", proc, 42, 500, new(2026, 7, 23), new(2027, 7, 23),
                [Take("TP-B-2026-007", 22_000)]),
            Stored(ThanhPhat, "TP-K-2026-002", At(7, 23, 16), At(7, 28, 9), [], (BambooShootsGtin, "TP-2026-021")),
            // The drying run overheated (DemoReadings.Overheat): the day after the first lot reaches
            // the shop, the household takes it off the counter to have it tested again. "Drying run
            // TP-S-2026-007 overheated (68 °C for 25 minutes) on 19/07/2026; taken off the counter
            // to be checked again."
            new LotRecalled(ThanhPhat, BambooShootsGtin, "TP-2026-021", RecallKind.Withdrawal,
                "Mẻ sấy TP-S-2026-007 quá nhiệt (68 °C trong 25 phút) ngày 19/07/2026; thu hồi khỏi quầy để kiểm tra lại", At(7, 29, 14)),
            new LotPacked(ThanhPhat, BambooShootsGtin, "TP-2026-022", proc, 43, 500, new(2026, 8, 4), new(2027, 8, 4),
                [Take("TP-B-2026-007", 22_000)]),
            Stored(ThanhPhat, "TP-K-2026-003", At(8, 4, 16), At(8, 9, 9), [], (BambooShootsGtin, "TP-2026-022")),
        ];
    }

    /// <summary>
    /// Red codonopsis: leaves in June (washed, dried, ground); roots from Mường Hoong and Xốp in
    /// September washed together, sliced and dried, then packed as slices or ground to powder.
    /// </summary>
    private static FacilityEvent[] VinnateSeason()
    {
        const string dry = "CT-VINNATE-DG.DRY1", proc = "CT-VINNATE-DG.PROC1";
        return
        [
            new BatchHarvested(Vinnate, "VN-H-2026-001", "DG-MH-TK168-K4-L1", RedCodonopsis, 60_000, At(6, 12, 7), "A Lâm"),
            new StepRecorded(Vinnate, "VN-S-2026-001", dry, StepKind.Washing, At(6, 12, 13), At(6, 12, 16, 30), "Y Vân",
                [Take("VN-H-2026-001", 60_000)],
                [Out("VN-B-2026-001", 57_000, "Leaves and young stems, washed / Lá và ngọn non hồng đảng sâm đã rửa")]),
            new StepRecorded(Vinnate, "VN-S-2026-002", dry, StepKind.Drying, At(6, 13, 7), At(6, 15, 17), "Y Vân",
                [Take("VN-B-2026-001", 57_000)],
                [Out("VN-B-2026-002", 11_400, "Leaves dried at 45 °C / Lá hồng đảng sâm sấy khô 45 °C")]),
            new StepRecorded(Vinnate, "VN-S-2026-003", proc, StepKind.Grinding, At(6, 17, 8), At(6, 17, 14), "Phạm Minh Tuấn",
                [Take("VN-B-2026-002", 11_400)],
                [Out("VN-B-2026-003", 10_800, "Leaf powder, 100 mesh / Bột lá hồng đảng sâm, 100 mesh")]),
            new LotPacked(Vinnate, LeafPowderGtin, "VN-2026-014", proc, 105, 100, new(2026, 6, 18), new(2027, 12, 18),
                [Take("VN-B-2026-003", 10_800)]),
            Stored(Vinnate, "VN-K-2026-001", At(6, 18, 16), At(6, 23, 9), [], (LeafPowderGtin, "VN-2026-014")),
            new BatchHarvested(Vinnate, "VN-H-2026-002", "DG-MH-TK168-K4-L1", RedCodonopsis, 150_000, At(9, 15, 7), "A Lâm"),
            new BatchHarvested(Vinnate, "VN-H-2026-003", "DG-XOP-TK183-K2-L6", RedCodonopsis, 95_000, At(9, 16, 7, 30), "Y Dung"),
            new StepRecorded(Vinnate, "VN-S-2026-004", dry, StepKind.Washing, At(9, 16, 13), At(9, 16, 18), "Y Vân",
                [Take("VN-H-2026-002", 150_000), Take("VN-H-2026-003", 95_000)],
                [Out("VN-B-2026-004", 236_000, "Fresh roots, washed / Rễ hồng đảng sâm tươi đã rửa")]),
            new StepRecorded(Vinnate, "VN-S-2026-005", dry, StepKind.Slicing, At(9, 17, 7), At(9, 17, 16), "Y Vân",
                [Take("VN-B-2026-004", 236_000)],
                [Out("VN-B-2026-005", 224_000, "Roots sliced obliquely 2-3 mm / Rễ thái lát vát 2-3 mm")]),
            new StepRecorded(Vinnate, "VN-S-2026-006", dry, StepKind.Drying, At(9, 18, 8), At(9, 21, 16), "Đinh Văn Hùng",
                [Take("VN-B-2026-005", 224_000)],
                [Out("VN-B-2026-006", 62_700, "Dried slices, 12 % moisture / Hồng đảng sâm thái lát sấy khô, độ ẩm 12 %")]),
            // The dried slices are brought from the drying station to the town store before packing and grinding.
            Stored(Vinnate, "VN-K-2026-002", At(9, 22, 8), At(9, 23, 7), ["VN-B-2026-006"]),
            new LotPacked(Vinnate, SlicedCodonopsisGtin, "VN-2026-031", proc, 300, 100, new(2026, 9, 23), new(2028, 9, 23),
                [Take("VN-B-2026-006", 31_000)]),
            new StepRecorded(Vinnate, "VN-S-2026-007", proc, StepKind.Grinding, At(9, 24, 8), At(9, 24, 15), "Phạm Minh Tuấn",
                [Take("VN-B-2026-006", 31_700)],
                [Out("VN-B-2026-007", 30_100, "Root powder, 80 mesh / Bột rễ hồng đảng sâm, 80 mesh")]),
            new LotPacked(Vinnate, RootPowderGtin, "VN-2026-032", proc, 148, 200, new(2026, 9, 25), new(2028, 3, 25),
                [Take("VN-B-2026-007", 30_100)]),
            Stored(Vinnate, "VN-K-2026-003", At(9, 25, 16), At(9, 30, 9), [], (SlicedCodonopsisGtin, "VN-2026-031"), (RootPowderGtin, "VN-2026-032")),
        ];
    }
}
