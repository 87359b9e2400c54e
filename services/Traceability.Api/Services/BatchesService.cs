using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Grains;

namespace Traceability.Api.Services;

/// <summary>Harvests and batches.</summary>
public sealed class BatchesService(FacilityCaptures captures, IGrainFactory grains) : Batches.BatchesBase
{
    public override async Task<Batch> Harvest(HarvestRequest request, ServerCallContext context)
    {
        await captures.CaptureAsync(FromProto.Harvest(request));
        return await GetBatch(new GetBatchRequest { BatchId = request.BatchId }, context);
    }

    public override async Task<Batch> GetBatch(GetBatchRequest request, ServerCallContext context)
    {
        Errors.RequireId("batch_id", request.BatchId);
        var view = await grains.GetGrain<IBatchGrain>(request.BatchId).Describe();
        return view is null ? throw Errors.NotFound("batch_id", $"batch '{request.BatchId}' does not exist") : ToProto.Batch(view);
    }
}
