using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Views;

namespace Traceability.Api.Services;

/// <summary>Facilities, sites, raw-material areas and products.</summary>
public sealed class RegistryService(FacilityCaptures captures, IGrainFactory grains) : Registry.RegistryBase
{
    public override async Task<Facility> RegisterFacility(RegisterFacilityRequest request, ServerCallContext context) =>
        ToProto.Facility(View<FacilityRegistered>(await captures.CaptureAsync(FromProto.Facility(request))));

    public override async Task<Facility> GetFacility(GetFacilityRequest request, ServerCallContext context)
    {
        Errors.RequireId("facility_id", request.FacilityId);
        var view = await grains.GetGrain<IFacilityGrain>(request.FacilityId).Describe();
        return view is null ? throw Errors.NotFound("facility_id", $"facility '{request.FacilityId}' is not registered") : ToProto.Facility(view);
    }

    public override async Task<Site> RegisterSite(RegisterSiteRequest request, ServerCallContext context) =>
        ToProto.Site(View<SiteRegistered>(await captures.CaptureAsync(FromProto.Site(request))));

    public override async Task<Site> GetSite(GetSiteRequest request, ServerCallContext context)
    {
        Errors.RequireId("site_id", request.SiteId);
        var view = await grains.GetGrain<ISiteGrain>(request.SiteId).Describe();
        return view is null ? throw Errors.NotFound("site_id", $"site '{request.SiteId}' is not registered") : ToProto.Site(view);
    }

    public override async Task<Area> RegisterArea(RegisterAreaRequest request, ServerCallContext context) =>
        ToProto.Area(View<AreaRegistered>(await captures.CaptureAsync(FromProto.Area(request))), Audience.Entitled);

    public override async Task<Area> GetArea(GetAreaRequest request, ServerCallContext context)
    {
        Errors.RequireId("area_code", request.AreaCode);
        var view = await grains.GetGrain<IAreaGrain>(request.AreaCode).Describe();
        return view is null ? throw Errors.NotFound("area_code", $"raw-material area '{request.AreaCode}' is not registered") : ToProto.Area(view, Audience.Entitled);
    }

    public override async Task<Product> RegisterProduct(RegisterProductRequest request, ServerCallContext context) =>
        ToProto.Product(View<ProductRegistered>(await captures.CaptureAsync(FromProto.Product(request))));

    public override async Task<Product> GetProduct(GetProductRequest request, ServerCallContext context)
    {
        var gtin = FromProto.GtinOrRaw(request.Gtin);
        if (!Identifiers.Gtin.TryNormalize(gtin, out _, out var error))
        {
            throw Errors.From(Rules.RuleViolation.Invalid("gtin", error));
        }

        var view = await grains.GetGrain<IProductGrain>(gtin).Describe();
        return view is null ? throw Errors.NotFound("gtin", $"product {gtin} is not registered") : ToProto.Product(view);
    }

    internal static RecordView<TEvent> View<TEvent>(RecordedEvent recorded)
        where TEvent : FacilityEvent =>
        new((TEvent)recorded.Event, recorded.Sequence, recorded.RecordedAt);
}
