using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>
/// A jar lot of vine-ginseng extract from the Xốp cooperative, traced by hand: raw roots from
/// one forest plot, washed, extracted, packed.
/// </summary>
internal static class Fixtures
{
    public const string Gtin = "08935049500017";
    public const string LotCode = "L2410-01";

    private static Timestamp At(int day, int hour) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, day, hour, 0, 0, TimeSpan.Zero));

    public static Lot Lot() => new()
    {
        Gtin = Gtin,
        Lot_ = LotCode,
        FacilityId = "HTX-XOP",
        SiteId = "PACK-1",
        UnitCount = 96,
        NetMassPerUnitG = 100,
        ProducedOn = "2024-10-10",
        ExpiresOn = "2026-10-10",
        Inputs = { new BatchPortion { BatchId = "B-EXT-01", MassG = 9600 } },
        DigitalLink = $"/01/{Gtin}/10/{LotCode}",
        RecordedAt = At(10, 9),
    };

    public static Batch Raw() => new()
    {
        BatchId = "B-RAW-01",
        FacilityId = "HTX-XOP",
        Species = { "Codonopsis javanica" },
        InitialMassG = 40000,
        Harvest = new HarvestOrigin { AreaCode = "TK123-K2-L5", HarvestedAt = At(1, 0), Harvester = "Y Hoa" },
        Uses = { new BatchUse { StepId = "ST-WASH-01", MassG = 40000, RecordedAt = At(2, 1) } },
    };

    public static Batch Washed() => new()
    {
        BatchId = "B-WASH-01",
        FacilityId = "HTX-XOP",
        Species = { "Codonopsis javanica" },
        Description = "washed roots",
        InitialMassG = 38000,
        StepId = "ST-WASH-01",
        Uses = { new BatchUse { StepId = "ST-EXT-01", MassG = 38000, RecordedAt = At(5, 1) } },
    };

    public static Batch Extract() => new()
    {
        BatchId = "B-EXT-01",
        FacilityId = "HTX-XOP",
        Species = { "Codonopsis javanica" },
        Description = "extract paste",
        InitialMassG = 9600,
        StepId = "ST-EXT-01",
        Uses = { new BatchUse { Lot = $"{Gtin}/{LotCode}", MassG = 9600, RecordedAt = At(10, 9) } },
    };

    public static Step Washing() => new()
    {
        StepId = "ST-WASH-01",
        FacilityId = "HTX-XOP",
        SiteId = "PROC-1",
        Kind = StepKind.Washing,
        StartedAt = At(2, 0),
        EndedAt = At(2, 4),
        Operator = "A Lâm",
        Inputs = { new BatchPortion { BatchId = "B-RAW-01", MassG = 40000 } },
        Outputs = { new BatchOutput { BatchId = "B-WASH-01", MassG = 38000, Description = "washed roots" } },
    };

    public static Step Extraction() => new()
    {
        StepId = "ST-EXT-01",
        FacilityId = "HTX-XOP",
        SiteId = "PROC-1",
        Kind = StepKind.Extraction,
        StartedAt = At(5, 0),
        EndedAt = At(8, 0),
        Operator = "A Lâm",
        Inputs = { new BatchPortion { BatchId = "B-WASH-01", MassG = 38000 } },
        Outputs = { new BatchOutput { BatchId = "B-EXT-01", MassG = 9600, Description = "extract paste" } },
    };

    public static LotTrace Trace() => new()
    {
        Lot = Lot(),
        Product = new Product { Gtin = Gtin, FacilityId = "HTX-XOP", NameVi = "Cao sâm dây Ngọc Linh", NameEn = "Vine ginseng extract", OcopStars = 3 },
        Batches = { Extract(), Washed(), Raw() },
        Steps = { Extraction(), Washing() },
        Areas =
        {
            new Area
            {
                AreaCode = "TK123-K2-L5",
                FacilityId = "HTX-XOP",
                Name = "Tiểu khu 123, khoảnh 2, lô 5",
                Commune = "Xốp",
                District = "Đăk Glei",
                Province = "Kon Tum",
                Species = { "Codonopsis javanica" },
                Certifications = { Certification.Vietgap, Certification.Organic },
                Owner = "A Thanh",
            },
        },
        Sites = { new Site { SiteId = "PROC-1", FacilityId = "HTX-XOP", Kind = SiteKind.Processing, Name = "Xưởng chế biến Xốp", Commune = "Xốp" } },
        Facilities =
        {
            new Facility
            {
                FacilityId = "HTX-XOP",
                Kind = FacilityKind.Cooperative,
                Name = "HTX Sâm dây Ngọc Linh Xốp",
                Commune = "Xốp",
                District = "Đăk Glei",
                Province = "Kon Tum",
            },
        },
        Depth = 2,
    };

    public static BatchRecall Recall() => new()
    {
        Batch = Raw(),
        Downstream = { Washed(), Extract() },
        Steps = { Washing(), Extraction() },
        Lots = { Lot() },
    };
}
