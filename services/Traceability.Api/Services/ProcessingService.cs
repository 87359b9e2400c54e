using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Events;
using Traceability.Grains;

namespace Traceability.Api.Services;

/// <summary>Processing steps.</summary>
public sealed class ProcessingService(FacilityCaptures captures, IGrainFactory grains) : Processing.ProcessingBase
{
    public override async Task<Step> RecordStep(RecordStepRequest request, ServerCallContext context) =>
        ToProto.Step(RegistryService.View<StepRecorded>(await captures.CaptureAsync(FromProto.Step(request))));

    public override async Task<Step> GetStep(GetStepRequest request, ServerCallContext context)
    {
        Errors.RequireId("step_id", request.StepId);
        var view = await grains.GetGrain<IStepGrain>(request.StepId).Describe();
        return view is null ? throw Errors.NotFound("step_id", $"step '{request.StepId}' does not exist") : ToProto.Step(view);
    }
}
