using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Grains;
using Traceability.Views;

namespace Traceability.Api.Services;

/// <summary>Harvests and batches.</summary>
public sealed class BatchesService(FacilityCaptures captures, IGrainFactory grains) : Batches.BatchesBase
{
    public override async Task<Batch> Harvest(HarvestRequest request, ServerCallContext context)
    {
        // The answer is the harvest as recorded (also for a retry), without a round to the batch's grain.
        var recorded = await captures.CaptureAsync(FromProto.Harvest(request));
        return ToProto.Batch(BatchView.Fold(null, request.BatchId, recorded, _ => [])!, Audience.Entitled);
    }

    public override async Task<Batch> GetBatch(GetBatchRequest request, ServerCallContext context)
    {
        Errors.RequireId("batch_id", request.BatchId);
        var view = await grains.GetGrain<IBatchGrain>(request.BatchId).Describe();
        return view is null ? throw Errors.NotFound("batch_id", $"batch '{request.BatchId}' does not exist") : ToProto.Batch(view, Audience.Entitled);
    }
}
