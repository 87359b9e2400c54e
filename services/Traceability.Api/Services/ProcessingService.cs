using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Events;
using Traceability.Grains;

namespace Traceability.Api.Services;

/// <summary>Processing steps and storage periods.</summary>
public sealed class ProcessingService(FacilityCaptures captures, IGrainFactory grains) : Processing.ProcessingBase
{
    public override async Task<Step> RecordStep(RecordStepRequest request, ServerCallContext context) =>
        ToProto.Step(RegistryService.View<StepRecorded>(await captures.CaptureAsync(FromProto.Step(request))), Audience.Entitled);

    public override async Task<Step> GetStep(GetStepRequest request, ServerCallContext context)
    {
        Errors.RequireId("step_id", request.StepId);
        var view = await grains.GetGrain<IStepGrain>(request.StepId).Describe();
        return view is null ? throw Errors.NotFound("step_id", $"step '{request.StepId}' does not exist") : ToProto.Step(view, Audience.Entitled);
    }

    public override async Task<Contracts.V1.Storage> RecordStorage(RecordStorageRequest request, ServerCallContext context) =>
        ToProto.Storage(RegistryService.View<StorageRecorded>(await captures.CaptureAsync(FromProto.Storage(request))));

    public override async Task<Contracts.V1.Storage> GetStorage(GetStorageRequest request, ServerCallContext context)
    {
        Errors.RequireId("storage_id", request.StorageId);
        var view = await grains.GetGrain<IStorageGrain>(request.StorageId).Describe();
        return view is null ? throw Errors.NotFound("storage_id", $"storage period '{request.StorageId}' does not exist") : ToProto.Storage(view);
    }
}
