using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Rules;
using Traceability.Views;

namespace Traceability.Api.Services;

/// <summary>Harvests and batches.</summary>
public sealed class BatchesService(FacilityCaptures captures, IGrainFactory grains) : Batches.BatchesBase
{
    /// <summary>The most harvests one <see cref="HarvestBatch"/> call records.</summary>
    public const int MaxHarvestsPerBatch = 1000;

    public override async Task<Batch> Harvest(HarvestRequest request, ServerCallContext context)
    {
        // The answer is the harvest as recorded (also for a retry), without a round to the batch's grain.
        var recorded = await captures.CaptureAsync(FromProto.Harvest(request));
        return ToProto.Batch(BatchView.Fold(null, request.BatchId, recorded, _ => [])!, Audience.Entitled);
    }

    public override async Task<HarvestBatchResponse> HarvestBatch(HarvestBatchRequest request, ServerCallContext context)
    {
        Errors.RequireId("facility_id", request.FacilityId);
        if (request.Harvests.Count is 0 or > MaxHarvestsPerBatch)
        {
            throw Errors.From(RuleViolation.Invalid("harvests", $"a batch call holds 1 to {MaxHarvestsPerBatch} harvests, not {request.Harvests.Count}"));
        }

        var candidates = new BatchHarvested[request.Harvests.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            var harvest = request.Harvests[i];
            // The call's facility is the one the access checks decided for: a harvest cannot name another.
            if (harvest.FacilityId.Length > 0 && harvest.FacilityId != request.FacilityId)
            {
                throw Errors.From(RuleViolation.Invalid($"harvests[{i}].facility_id", $"'{harvest.FacilityId}' is not the facility of the call ('{request.FacilityId}'); leave it empty or repeat it"));
            }

            candidates[i] = FromProto.Harvest(harvest) with { FacilityId = request.FacilityId };
        }

        var results = await captures.HarvestManyAsync(request.FacilityId, candidates);
        var response = new HarvestBatchResponse();
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            var outcome = new HarvestOutcome { Repeated = result.Repeated };
            if (result.Violation is { } violation)
            {
                var field = $"harvests[{i}].{violation.Field}";
                outcome.Error = new CaptureError { Code = Errors.NameOf(Errors.CodeOf(violation.Kind)), Field = field, Message = $"{field}: {violation.Message}" };
                response.Refused++;
            }
            else
            {
                outcome.Batch = ToProto.Batch(BatchView.Fold(null, candidates[i].BatchId, result.Recorded!, _ => [])!, Audience.Entitled);
                if (result.Repeated)
                {
                    response.Repeated++;
                }
                else
                {
                    response.Recorded++;
                }
            }

            response.Outcomes.Add(outcome);
        }

        return response;
    }

    public override async Task<Batch> GetBatch(GetBatchRequest request, ServerCallContext context)
    {
        Errors.RequireId("batch_id", request.BatchId);
        var view = await grains.GetGrain<IBatchGrain>(request.BatchId).Describe();
        return view is null ? throw Errors.NotFound("batch_id", $"batch '{request.BatchId}' does not exist") : ToProto.Batch(view, Audience.Entitled);
    }
}
