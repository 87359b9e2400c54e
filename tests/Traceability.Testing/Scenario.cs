using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Traceability.Contracts.V1;
using Traceability.Identifiers;

namespace Traceability.Testing;

/// <summary>
/// A small cooperative's week, captured over gRPC with unique ids: register, harvest sâm dây roots
/// from a Ngọc Linh forest plot, wash, slice, dry, pack. Each test gets its own ids.
/// </summary>
public sealed class Scenario(GrpcChannel channel)
{
    private static int _counter;

    public string Suffix { get; } = $"{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";

    public string FacilityId => $"HTX-TEST-{Suffix}";

    public string SiteId => $"{FacilityId}.DRY1";

    public string AreaCode => $"DG-NL-TK249-K3-{Suffix}";

    public string HarvestId => $"SD-H-{Suffix}";

    public string Gtin { get; } = WithCheckDigit($"0893600{Random.Shared.Next(100000, 999999)}");

    public string Lot => $"NL-{Suffix}";

    public Registry.RegistryClient Registry { get; } = new(channel);

    public Batches.BatchesClient Batches { get; } = new(channel);

    public Processing.ProcessingClient Processing { get; } = new(channel);

    public Lots.LotsClient Lots { get; } = new(channel);

    public Contracts.V1.Trace.TraceClient Trace { get; } = new(channel);

    public static DateTimeOffset Day(int day, int hour = 8) => new(2026, 10, day, hour, 0, 0, TimeSpan.FromHours(7));

    public static Timestamp At(DateTimeOffset t) => Timestamp.FromDateTimeOffset(t);

    public static string WithCheckDigit(string first13) => first13 + Identifiers.Gtin.CheckDigit(first13).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public RegisterFacilityRequest Facility() => new()
    {
        FacilityId = FacilityId,
        Kind = FacilityKind.Cooperative,
        Name = "HTX Sâm dây Ngọc Linh (test)",
        Address = "Thôn Long Năng",
        Commune = "Ngọc Linh",
        District = "Đăk Glei",
        Province = "Kon Tum",
    };

    public RegisterSiteRequest Site() => new()
    {
        FacilityId = FacilityId,
        SiteId = SiteId,
        Kind = SiteKind.Processing,
        Name = "Xưởng sơ chế",
        Commune = "Ngọc Linh",
        Location = new GeoPoint { Latitude = 15.08, Longitude = 107.95 },
    };

    public RegisterAreaRequest Area()
    {
        var area = new RegisterAreaRequest
        {
            FacilityId = FacilityId,
            AreaCode = AreaCode,
            Name = "Lô 2, khoảnh 3, tiểu khu 249",
            Commune = "Ngọc Linh",
            District = "Đăk Glei",
            Province = "Kon Tum",
            Owner = "A Blong",
        };
        area.Boundary.Add([
            new GeoPoint { Latitude = 15.071, Longitude = 107.961 },
            new GeoPoint { Latitude = 15.073, Longitude = 107.964 },
            new GeoPoint { Latitude = 15.069, Longitude = 107.966 },
            new GeoPoint { Latitude = 15.067, Longitude = 107.962 },
        ]);
        area.Species.Add("Codonopsis javanica");
        area.Certifications.Add(Certification.Vietgap);
        return area;
    }

    public RegisterProductRequest Product() => new()
    {
        FacilityId = FacilityId,
        Gtin = Gtin,
        NameVi = "Sâm dây Ngọc Linh sấy khô",
        NameEn = "Dried Ngọc Linh vine ginseng",
        OcopStars = 3,
    };

    public HarvestRequest Harvest(long grams = 100_000) => new()
    {
        FacilityId = FacilityId,
        BatchId = HarvestId,
        AreaCode = AreaCode,
        Species = "Codonopsis javanica",
        MassG = grams,
        HarvestedAt = At(Day(1)),
        Harvester = "Y Nhung",
    };

    public RecordStepRequest Step(string stepId, StepKind kind, string input, long taken, string output, long produced, int day) =>
        new()
        {
            FacilityId = FacilityId,
            StepId = stepId,
            SiteId = SiteId,
            Kind = kind,
            StartedAt = At(Day(day)),
            EndedAt = At(Day(day, 17)),
            Operator = "A Thảo",
            Inputs = { new BatchPortion { BatchId = input, MassG = taken } },
            Outputs = { new BatchOutput { BatchId = output, MassG = produced, Description = kind.ToString() } },
        };

    public PackLotRequest Pack(string input, long taken, int units, long netGrams) => new()
    {
        FacilityId = FacilityId,
        Gtin = Gtin,
        Lot = Lot,
        SiteId = SiteId,
        UnitCount = units,
        NetMassPerUnitG = netGrams,
        ProducedOn = "2026-10-10",
        ExpiresOn = "2028-10-10",
        Inputs = { new BatchPortion { BatchId = input, MassG = taken } },
    };

    /// <summary>Registers everything and runs harvest → washing → slicing → drying → pack; returns the dried batch id.</summary>
    public async Task<string> RunAsync()
    {
        await Registry.RegisterFacilityAsync(Facility());
        await Registry.RegisterSiteAsync(Site());
        await Registry.RegisterAreaAsync(Area());
        await Registry.RegisterProductAsync(Product());
        await Batches.HarvestAsync(Harvest());
        await Processing.RecordStepAsync(Step($"WASH-{Suffix}", StepKind.Washing, HarvestId, 100_000, $"SD-W-{Suffix}", 95_000, 2));
        await Processing.RecordStepAsync(Step($"SLICE-{Suffix}", StepKind.Slicing, $"SD-W-{Suffix}", 95_000, $"SD-S-{Suffix}", 90_000, 3));
        await Processing.RecordStepAsync(Step($"DRY-{Suffix}", StepKind.Drying, $"SD-S-{Suffix}", 90_000, $"SD-D-{Suffix}", 20_000, 4));
        await Lots.PackAsync(Pack($"SD-D-{Suffix}", 10_000, 49, 200));
        return $"SD-D-{Suffix}";
    }
}
