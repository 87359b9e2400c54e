using System.Text;
using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Storage;

namespace Traceability.Api.Services;

/// <summary>Packaged lots, and their withdrawal and recall. A lot read back carries its recalls.</summary>
public sealed class LotsService(FacilityCaptures captures, IGrainFactory grains, IEventStore store, TimeProvider time) : Lots.LotsBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    /// <remarks>The answer is the packing as recorded (a repeat's too), so it carries no recall.</remarks>
    public override async Task<Lot> Pack(PackLotRequest request, ServerCallContext context) =>
        ToProto.Lot(RegistryService.View<LotPacked>(await captures.CaptureAsync(FromProto.Lot(request))));

    public override async Task<Lot> GetLot(GetLotRequest request, ServerCallContext context)
    {
        Errors.RequireLot(request.Gtin, request.Lot);
        var gtin = FromProto.GtinOrRaw(request.Gtin);
        var view = await LotWithRecallsAsync(LotKeys.Of(gtin, request.Lot));
        return view ?? throw Errors.NotFound("lot", $"lot '{request.Lot}' of GTIN {gtin} does not exist");
    }

    public override async Task<LotRecall> RecallLot(RecallLotRequest request, ServerCallContext context)
    {
        var candidate = FromProto.Recall(request);
        if (request.DecidedAt is null)
        {
            candidate = candidate with { DecidedAt = await DefaultDecisionTimeAsync(candidate) };
        }

        return ToProto.LotRecall(RegistryService.View<LotRecalled>(await captures.CaptureAsync(candidate)));
    }

    /// <summary>
    /// Now; or, when the same facility already took the lot back in the same way for the same
    /// reason, that decision's time, so that a request sent again without decided_at is the same
    /// fact and is answered with the first record.
    /// </summary>
    private async Task<DateTimeOffset> DefaultDecisionTimeAsync(LotRecalled candidate)
    {
        // A malformed lot names no grain; the rules say what is wrong with it.
        if (!Identifiers.Gtin.TryNormalize(candidate.Gtin, out _, out _) || !Identifiers.LotCode.IsValid(candidate.LotCode, out _))
        {
            return time.GetUtcNow();
        }

        var earlier = (await grains.GetGrain<ILotGrain>(candidate.LotKey).Recalls())
            .FirstOrDefault(r => r.Record.FacilityId == candidate.FacilityId && r.Record.Kind == candidate.Kind && r.Record.Reason == candidate.Reason);
        return earlier?.Record.DecidedAt ?? time.GetUtcNow();
    }

    /// <summary>The lot with its recalls, or null when it does not exist.</summary>
    private async Task<Lot?> LotWithRecallsAsync(string lotKey)
    {
        var lot = grains.GetGrain<ILotGrain>(lotKey);
        var view = await lot.Describe();
        return view is null ? null : ToProto.Lot(view, await lot.Recalls());
    }

    public override async Task<ListLotsResponse> ListLots(ListLotsRequest request, ServerCallContext context)
    {
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            throw Errors.From(Rules.RuleViolation.Invalid("page_size", $"must be 0 to {MaxPageSize}, not {request.PageSize}"));
        }

        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var after = DecodeToken(request.PageToken);
        var keys = await store.ListAsync(RecordKind.Lot, after, size + 1, context.CancellationToken);
        var page = keys.Take(size).ToList();
        var lots = await Task.WhenAll(page.Select(k => LotWithRecallsAsync(k.Key)));
        var response = new ListLotsResponse
        {
            NextPageToken = keys.Count > size ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Key)) : string.Empty,
        };
        response.Lots.Add(lots.OfType<Lot>());
        return response;
    }

    private static string? DecodeToken(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw Errors.From(Rules.RuleViolation.Invalid("page_token", "is not a token this server returned"));
        }
    }
}
