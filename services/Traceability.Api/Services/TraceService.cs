using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Grains;
using Traceability.Grains.Tracing;

namespace Traceability.Api.Services;

/// <summary>
/// Backward trace of a lot (public, with public fields only; or in full, for those entitled to the
/// lot's records) and forward trace (recall) of a batch; every lot in them carries its own recalls.
/// </summary>
public sealed class TraceService(TraceQueries queries, IGrainFactory grains) : Contracts.V1.Trace.TraceBase
{
    public override Task<Contracts.V1.LotTrace> TraceLot(TraceLotRequest request, ServerCallContext context) =>
        TraceAsync(request, Audience.Public);

    /// <remarks>Who may ask is the access policy's business (InterfaceMap: the lot owner's read).</remarks>
    public override Task<Contracts.V1.LotTrace> TraceLotFull(TraceLotRequest request, ServerCallContext context) =>
        TraceAsync(request, Audience.Entitled);

    private async Task<Contracts.V1.LotTrace> TraceAsync(TraceLotRequest request, Audience audience)
    {
        Errors.RequireLot(request.Gtin, request.Lot);
        var gtin = FromProto.GtinOrRaw(request.Gtin);
        var trace = await queries.BackwardAsync(gtin, request.Lot);
        return trace is null ? throw Errors.NotFound("lot", $"lot '{request.Lot}' of GTIN {gtin} does not exist") : ToProto.Trace(trace, audience);
    }

    public override async Task<Contracts.V1.BatchRecall> RecallBatch(RecallBatchRequest request, ServerCallContext context)
    {
        Errors.RequireId("batch_id", request.BatchId);
        var recall = await queries.ForwardAsync(request.BatchId);
        if (recall is null)
        {
            throw Errors.NotFound("batch_id", $"batch '{request.BatchId}' does not exist");
        }

        // The batch owner's read (InterfaceMap), so in full.
        var message = ToProto.Recall(recall, Audience.Entitled);
        // The lots the batch went into, each saying whether it was already withdrawn or recalled.
        var recalls = await Task.WhenAll(message.Lots.Select(l => grains.GetGrain<ILotGrain>(Events.LotKeys.Of(l.Gtin, l.Lot_)).Recalls()));
        for (var i = 0; i < recalls.Length; i++)
        {
            message.Lots[i].Recalls.Add(recalls[i].Select(ToProto.LotRecall));
        }

        return message;
    }
}
