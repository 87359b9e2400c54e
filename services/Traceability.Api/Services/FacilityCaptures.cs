using Grpc.Core;
using Traceability.Events;
using Traceability.Grains;

namespace Traceability.Api.Services;

/// <summary>Sends a candidate event to the facility that records it and turns refusals into gRPC statuses.</summary>
public sealed class FacilityCaptures(IGrainFactory grains)
{
    /// <summary>The recorded event (or the earlier one a retry repeats).</summary>
    public async Task<RecordedEvent> CaptureAsync(FacilityEvent candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        Errors.RequireId("facility_id", candidate.FacilityId);
        CaptureResult result;
        try
        {
            result = await grains.GetGrain<IFacilityGrain>(candidate.FacilityId).Capture(candidate);
        }
        catch (IOException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the event store could not make the record durable; nothing was recorded, retry later", e));
        }

        return result.Violation is { } violation ? throw Errors.From(violation) : result.Recorded!;
    }

    /// <summary>Each harvest's outcome, in order (<see cref="IFacilityGrain.HarvestMany"/>).</summary>
    public async Task<IReadOnlyList<CaptureResult>> HarvestManyAsync(string facilityId, IReadOnlyList<BatchHarvested> candidates)
    {
        Errors.RequireId("facility_id", facilityId);
        try
        {
            return await grains.GetGrain<IFacilityGrain>(facilityId).HarvestMany(candidates);
        }
        catch (IOException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the event store could not make every harvest durable; the ones it did are kept: retry the whole request, they come back as repeats", e));
        }
    }
}
