using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Api.Conditions;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Grains;
using Traceability.Rules;

namespace Traceability.Api.Services;

/// <summary>Conditions of lots, sites and periods for inspectors, and the condition profiles they are judged against.</summary>
public sealed class ConditionsService(ConditionQueries queries, IGrainFactory grains) : Contracts.V1.Conditions.ConditionsBase
{
    public override async Task<ConditionReport> GetLotConditions(GetLotConditionsRequest request, ServerCallContext context)
    {
        Errors.RequireLot(request.Gtin, request.Lot);
        var gtin = FromProto.GtinOrRaw(request.Gtin);
        var report = await queries.LotAsync(gtin, request.Lot, context.CancellationToken);
        return report ?? throw Errors.NotFound("lot", $"lot '{request.Lot}' of GTIN {gtin} does not exist");
    }

    public override async Task<ConditionReport> GetSiteConditions(GetSiteConditionsRequest request, ServerCallContext context)
    {
        Errors.RequireId("site_id", request.SiteId);
        var (from, to) = Window(request.From, request.To);
        if (!string.IsNullOrEmpty(request.ProfileId))
        {
            Errors.RequireId("profile_id", request.ProfileId);
            if (await Profiles().Find(request.ProfileId, 0) is null)
            {
                throw Errors.NotFound("profile_id", $"profile '{request.ProfileId}' does not exist");
            }
        }

        var report = await queries.SiteAsync(request.SiteId, from, to, request.ProfileId, context.CancellationToken);
        return report ?? throw Errors.NotFound("site_id", $"site '{request.SiteId}' is not registered");
    }

    public override async Task<ListAssessmentsResponse> ListAssessments(ListAssessmentsRequest request, ServerCallContext context)
    {
        var (from, to) = Window(request.From, request.To);
        if (!string.IsNullOrEmpty(request.SiteId))
        {
            Errors.RequireId("site_id", request.SiteId);
        }

        if (!string.IsNullOrEmpty(request.FacilityId))
        {
            Errors.RequireId("facility_id", request.FacilityId);
        }

        if (!System.Enum.IsDefined(request.Verdict))
        {
            throw Errors.From(RuleViolation.Invalid("verdict", $"{(int)request.Verdict} is not a verdict"));
        }

        if (!System.Enum.IsDefined(request.Kind) || request.Kind == PeriodKind.Site)
        {
            throw Errors.From(RuleViolation.Invalid("kind", "must be step, storage or unspecified (both)"));
        }

        var periods = await queries.AssessmentsAsync(from, to, request.SiteId, request.FacilityId, request.Kind, request.Verdict, context.CancellationToken);
        var response = new ListAssessmentsResponse();
        response.Periods.Add(periods);
        return response;
    }

    public override async Task<ListProfilesResponse> ListProfiles(ListProfilesRequest request, ServerCallContext context)
    {
        var response = new ListProfilesResponse();
        response.Profiles.Add((await Profiles().Latest()).Select(ConditionsToProto.Profile));
        return response;
    }

    public override async Task<Contracts.V1.ConditionProfile> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        Errors.RequireId("profile_id", request.ProfileId);
        if (request.Version < 0)
        {
            throw Errors.From(RuleViolation.Invalid("version", $"must be 0 (the latest) or a version number, not {request.Version}"));
        }

        var profile = await Profiles().Find(request.ProfileId, request.Version);
        return profile is null
            ? throw Errors.NotFound("profile_id", request.Version == 0 ? $"profile '{request.ProfileId}' does not exist" : $"profile '{request.ProfileId}' has no version {request.Version}")
            : ConditionsToProto.Profile(profile);
    }

    public override async Task<Contracts.V1.ConditionProfile> PutProfile(PutProfileRequest request, ServerCallContext context)
    {
        Errors.RequireId("profile_id", request.ProfileId);
        if (request.Profile is null)
        {
            throw Errors.From(RuleViolation.Invalid("profile", "is required"));
        }

        if (request.ExpectedVersion < 0)
        {
            throw Errors.From(RuleViolation.Invalid("expected_version", $"must be 0 (a new profile) or the version the change is based on, not {request.ExpectedVersion}"));
        }

        var change = await Profiles().Change(ConditionsToProto.ProfileFrom(request.ProfileId, request.Profile), request.ExpectedVersion, ChangedBy(context));
        if (change.Violation is { } violation)
        {
            throw Errors.From(violation with { Field = violation.Field == "profile_id" ? violation.Field : $"profile.{violation.Field}" });
        }

        if (change.Saved is null)
        {
            throw new RpcException(new Status(StatusCode.Aborted,
                $"expected_version: profile '{request.ProfileId}' is at version {change.CurrentVersion}, not {request.ExpectedVersion}; read it again and base the change on that"));
        }

        return ConditionsToProto.Profile(change.Saved);
    }

    /// <summary>Who made a change. Until callers are authenticated, the API can only say that it came through it.</summary>
    private static string ChangedBy(ServerCallContext context) => "api";

    private IConditionProfilesGrain Profiles() => grains.GetGrain<IConditionProfilesGrain>(IConditionProfilesGrain.Key);

    private static (DateTimeOffset From, DateTimeOffset To) Window(Timestamp? from, Timestamp? to)
    {
        if (from is null)
        {
            throw Errors.From(RuleViolation.Invalid("from", "is required (ISO 8601, e.g. 2026-07-01T00:00:00Z)"));
        }

        if (to is null)
        {
            throw Errors.From(RuleViolation.Invalid("to", "is required (ISO 8601, e.g. 2026-08-01T00:00:00Z)"));
        }

        var start = from.ToDateTimeOffset();
        var end = to.ToDateTimeOffset();
        if (end <= start)
        {
            throw Errors.From(RuleViolation.Invalid("to", $"{end:O} must be after from {start:O}"));
        }

        if (end - start > ConditionQueries.LongestWindow)
        {
            throw Errors.From(RuleViolation.Invalid("to", $"the window may span at most {ConditionQueries.LongestWindow.TotalDays:0} days"));
        }

        return (start, end);
    }
}
