using Traceability.Domain;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Testing;

namespace Traceability.Benchmarks.Fixtures;

/// <summary>
/// A capture client inside the silo's process: its own facility and plot, harvesting through
/// <see cref="IFacilityGrain.Capture"/> (rules, durable append, views) without Kestrel or gRPC.
/// </summary>
public sealed class GrainHarvester : IHarvester
{
    private readonly IFacilityGrain _facility;
    private readonly DateTimeOffset _harvestedAt = Scenario.Day(1, 7);
    private int _next;

    private GrainHarvester(IGrainFactory grains, string facilityId)
    {
        _facility = grains.GetGrain<IFacilityGrain>(facilityId);
        FacilityId = facilityId;
    }

    public string FacilityId { get; }

    public string AreaCode => $"{FacilityId}-PLOT";

    /// <summary>Registers <paramref name="count"/> facilities named after <paramref name="prefix"/>, each with one plot.</summary>
    public static async Task<GrainHarvester[]> RegisterManyAsync(IGrainFactory grains, string prefix, int count)
    {
        var harvesters = new GrainHarvester[count];
        for (var i = 0; i < count; i++)
        {
            var harvester = new GrainHarvester(grains, $"{prefix}-{i:D2}");
            await harvester.CaptureAsync(new FacilityRegistered(harvester.FacilityId, FacilityKind.Cooperative, "HTX thu hái (benchmark)", "Thôn Long Năng", "Ngọc Linh", "Đăk Glei", "Kon Tum"));
            await harvester.CaptureAsync(new AreaRegistered(
                harvester.FacilityId,
                harvester.AreaCode,
                "Tiểu khu 249",
                "Ngọc Linh",
                "Đăk Glei",
                "Kon Tum",
                [new GeoPoint(15.071, 107.961), new GeoPoint(15.073, 107.964), new GeoPoint(15.069, 107.966)],
                ["Codonopsis javanica"],
                [],
                "A Blong"));
            harvesters[i] = harvester;
        }

        return harvesters;
    }

    public Task HarvestAsync()
    {
        var n = ++_next;
        return CaptureAsync(new BatchHarvested(FacilityId, $"{FacilityId}-{n:D7}", AreaCode, "Codonopsis javanica", 10_000, _harvestedAt, "Y Nhung"));
    }

    private async Task CaptureAsync(FacilityEvent candidate)
    {
        var result = await _facility.Capture(candidate);
        if (result.Violation is { } violation)
        {
            throw new InvalidOperationException($"{candidate.GetType().Name} was refused: {violation}");
        }
    }
}
