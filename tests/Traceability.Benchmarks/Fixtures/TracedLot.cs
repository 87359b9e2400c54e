using System.Globalization;
using Google.Protobuf;
using Traceability.Contracts.V1;
using Traceability.Testing;

namespace Traceability.Benchmarks.Fixtures;

/// <summary>
/// A lot whose backward trace has five levels of steps and about a hundred nodes: a cooperative
/// harvests 16 batches of sâm dây from 8 forest plots (two each), washes each one, slices the
/// washed batches in pairs, dries each sliced batch, grinds the dried batches in pairs, puts the
/// four ground batches through one packing step and packs the lot from its output.
/// The requests are the gRPC ones; in-process they go through the API's own mapping.
/// </summary>
public sealed class TracedLot
{
    public const int AreaCount = 8;
    public const int HarvestCount = 16;
    public const int Depth = 5;

    private const string Species = "Codonopsis javanica";
    private const long HarvestGrams = 10_000;
    private const long WashedGrams = 9_500;
    private const long SlicedGrams = 18_000;
    private const long DriedGrams = 4_000;
    private const long GroundGrams = 7_600;
    private const long PackedGrams = 29_000;
    private const int Units = 140;
    private const long UnitGrams = 200;

    public TracedLot(string? tag = null)
    {
        Tag = tag ?? Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Gtin = Scenario.WithCheckDigit($"0893602{Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>What keeps this lot's identifiers apart from every other one on the same server.</summary>
    public string Tag { get; }

    public string FacilityId => $"HTX-TRACE-{Tag}";

    public string ProcessingHouseId => $"{FacilityId}.XUONG";

    public string DryingHouseId => $"{FacilityId}.LOSAY";

    public string Gtin { get; }

    public string LotCode => $"T{Tag}";

    /// <summary>Batches in the trace: 16 harvested, 16 washed, 8 sliced, 8 dried, 4 ground, 1 packed.</summary>
    public static int ExpectedBatches => HarvestCount + HarvestCount + (HarvestCount / 2) + (HarvestCount / 2) + (HarvestCount / 4) + 1;

    /// <summary>Steps in the trace: 16 washing, 8 slicing, 8 drying, 4 grinding, 1 packing.</summary>
    public static int ExpectedSteps => HarvestCount + (HarvestCount / 2) + (HarvestCount / 2) + (HarvestCount / 4) + 1;

    /// <summary>Batches, steps and areas of the trace (the lot, its product, sites and facility come on top).</summary>
    public static int ExpectedNodes => ExpectedBatches + ExpectedSteps + AreaCount;

    public TraceLotRequest TraceRequest => new() { Gtin = Gtin, Lot = LotCode };

    /// <summary>Every request that builds the lot, in an order the capture rules accept.</summary>
    public IEnumerable<IMessage> Requests()
    {
        yield return new RegisterFacilityRequest
        {
            FacilityId = FacilityId,
            Kind = FacilityKind.Cooperative,
            Name = "HTX Dược liệu Ngọc Linh (benchmark)",
            Address = "Thôn Đăk Xam",
            Commune = "Ngọc Linh",
            District = "Đăk Glei",
            Province = "Kon Tum",
        };
        yield return Site(ProcessingHouseId, SiteKind.Processing, "Xưởng sơ chế Đăk Xam");
        yield return Site(DryingHouseId, SiteKind.Drying, "Lò sấy Đăk Xam");
        for (var a = 0; a < AreaCount; a++)
        {
            yield return Area(a);
        }

        yield return new RegisterProductRequest
        {
            FacilityId = FacilityId,
            Gtin = Gtin,
            NameVi = "Bột sâm dây Ngọc Linh",
            NameEn = "Ngọc Linh vine ginseng powder",
            OcopStars = 4,
        };

        for (var h = 0; h < HarvestCount; h++)
        {
            yield return new HarvestRequest
            {
                FacilityId = FacilityId,
                BatchId = Batch("H", h),
                AreaCode = AreaCode(h / 2),
                Species = Species,
                MassG = HarvestGrams,
                HarvestedAt = Scenario.At(Scenario.Day(1, 7)),
                Harvester = "A Thị Bến",
            };
        }

        for (var w = 0; w < HarvestCount; w++)
        {
            yield return Step("RUA", w, StepKind.Washing, ProcessingHouseId, 2, [(Batch("H", w), HarvestGrams)], Batch("W", w), WashedGrams);
        }

        for (var s = 0; s < HarvestCount / 2; s++)
        {
            yield return Step("THAI", s, StepKind.Slicing, ProcessingHouseId, 3, [(Batch("W", 2 * s), WashedGrams), (Batch("W", (2 * s) + 1), WashedGrams)], Batch("S", s), SlicedGrams);
        }

        for (var d = 0; d < HarvestCount / 2; d++)
        {
            yield return Step("SAY", d, StepKind.Drying, DryingHouseId, 4, [(Batch("S", d), SlicedGrams)], Batch("D", d), DriedGrams);
        }

        for (var g = 0; g < HarvestCount / 4; g++)
        {
            yield return Step("NGHIEN", g, StepKind.Grinding, ProcessingHouseId, 7, [(Batch("D", 2 * g), DriedGrams), (Batch("D", (2 * g) + 1), DriedGrams)], Batch("G", g), GroundGrams);
        }

        yield return Step("DONGGOI", 0, StepKind.Packing, ProcessingHouseId, 8, [.. Enumerable.Range(0, HarvestCount / 4).Select(g => (Batch("G", g), GroundGrams))], Batch("P", 0), PackedGrams);

        yield return new PackLotRequest
        {
            FacilityId = FacilityId,
            Gtin = Gtin,
            Lot = LotCode,
            SiteId = ProcessingHouseId,
            UnitCount = Units,
            NetMassPerUnitG = UnitGrams,
            ProducedOn = "2026-10-09",
            ExpiresOn = "2028-10-09",
            Inputs = { new BatchPortion { BatchId = Batch("P", 0), MassG = PackedGrams } },
        };
    }

    /// <summary>Fails unless the counts are those of this lot's full five-level trace.</summary>
    public void Verify(int depth, int batches, int steps, int areas)
    {
        if (depth != Depth || batches != ExpectedBatches || steps != ExpectedSteps || areas != AreaCount)
        {
            throw new InvalidOperationException(
                $"The trace of lot {LotCode} has depth {depth}, {batches} batches, {steps} steps and {areas} areas; " +
                $"expected depth {Depth}, {ExpectedBatches} batches, {ExpectedSteps} steps and {AreaCount} areas.");
        }
    }

    private string AreaCode(int a) => $"NL-TK249-{Tag}-{a:D2}";

    private string Batch(string stage, int n) => $"{Tag}-SD-{stage}{n:D2}";

    private RegisterSiteRequest Site(string siteId, SiteKind kind, string name) => new()
    {
        FacilityId = FacilityId,
        SiteId = siteId,
        Kind = kind,
        Name = name,
        Commune = "Ngọc Linh",
        Location = new GeoPoint { Latitude = 15.0712, Longitude = 107.9688 },
    };

    private RegisterAreaRequest Area(int a)
    {
        var latitude = 15.07 + (a * 0.002);
        var area = new RegisterAreaRequest
        {
            FacilityId = FacilityId,
            AreaCode = AreaCode(a),
            Name = $"Tiểu khu 249, khoảnh {a + 1}",
            Commune = "Ngọc Linh",
            District = "Đăk Glei",
            Province = "Kon Tum",
            Owner = "A Blong",
        };
        area.Boundary.Add([
            new GeoPoint { Latitude = latitude, Longitude = 107.961 },
            new GeoPoint { Latitude = latitude + 0.001, Longitude = 107.961 },
            new GeoPoint { Latitude = latitude + 0.001, Longitude = 107.963 },
            new GeoPoint { Latitude = latitude, Longitude = 107.963 },
        ]);
        area.Species.Add(Species);
        area.Certifications.Add(Certification.Vietgap);
        return area;
    }

    private RecordStepRequest Step(string kindTag, int n, StepKind kind, string siteId, int day, (string BatchId, long Grams)[] inputs, string output, long producedGrams)
    {
        var step = new RecordStepRequest
        {
            FacilityId = FacilityId,
            StepId = $"{Tag}-{kindTag}-{n:D2}",
            SiteId = siteId,
            Kind = kind,
            StartedAt = Scenario.At(Scenario.Day(day, 8)),
            EndedAt = Scenario.At(Scenario.Day(day, 17)),
            Operator = "A Thảo",
            Outputs = { new BatchOutput { BatchId = output, MassG = producedGrams, Description = kind.ToString() } },
        };
        step.Inputs.Add(inputs.Select(i => new BatchPortion { BatchId = i.BatchId, MassG = i.Grams }));
        return step;
    }
}
