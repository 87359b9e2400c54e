using System.Text;
using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Api.Services;

/// <summary>Packaged lots.</summary>
public sealed class LotsService(FacilityCaptures captures, IGrainFactory grains, IEventStore store) : Lots.LotsBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public override async Task<Lot> Pack(PackLotRequest request, ServerCallContext context) =>
        ToProto.Lot(RegistryService.View<LotPacked>(await captures.CaptureAsync(FromProto.Lot(request))));

    public override async Task<Lot> GetLot(GetLotRequest request, ServerCallContext context)
    {
        Errors.RequireLot(request.Gtin, request.Lot);
        var gtin = FromProto.GtinOrRaw(request.Gtin);
        var view = await grains.GetGrain<ILotGrain>(LotKeys.Of(gtin, request.Lot)).Describe();
        return view is null ? throw Errors.NotFound("lot", $"lot '{request.Lot}' of GTIN {gtin} does not exist") : ToProto.Lot(view);
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
        var views = await Task.WhenAll(page.Select(k => grains.GetGrain<ILotGrain>(k.Key).Describe()));
        var response = new ListLotsResponse
        {
            NextPageToken = keys.Count > size ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Key)) : string.Empty,
        };
        response.Lots.Add(views.OfType<RecordView<LotPacked>>().Select(ToProto.Lot));
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
