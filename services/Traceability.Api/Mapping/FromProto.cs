using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Identifiers;
using V1 = Traceability.Contracts.V1;

namespace Traceability.Api.Mapping;

/// <summary>
/// Requests to candidate events. Only what the domain cannot express is checked here (a date
/// string that does not parse); every other rule belongs to <see cref="Rules.CaptureRules"/>.
/// </summary>
public static class FromProto
{
    public static FacilityRegistered Facility(V1.RegisterFacilityRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, (FacilityKind)r.Kind, r.Name, r.Address, r.Commune, r.District, r.Province);
    }

    public static SiteRegistered Site(V1.RegisterSiteRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, r.SiteId, (SiteKind)r.Kind, r.Name, r.Commune, r.Location is null ? null : Point(r.Location));
    }

    public static AreaRegistered Area(V1.RegisterAreaRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, r.AreaCode, r.Name, r.Commune, r.District, r.Province,
            [.. r.Boundary.Select(Point)], [.. r.Species], [.. r.Certifications.Select(c => (Certification)c)], r.Owner)
        {
            OutlineDisclosure = Choice(r.HasPublishExactOutline, r.PublishExactOutline),
            OwnerDisclosure = Choice(r.HasPublishOwner, r.PublishOwner),
        };
    }

    public static ProductRegistered Product(V1.RegisterProductRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, GtinOrRaw(r.Gtin), r.NameVi, r.NameEn, r.OcopStars);
    }

    public static BatchHarvested Harvest(V1.HarvestRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, r.BatchId, r.AreaCode, r.Species, r.MassG, Time(r.HarvestedAt), r.Harvester)
        {
            HarvesterDisclosure = Choice(r.HasPublishHarvester, r.PublishHarvester),
        };
    }

    public static StepRecorded Step(V1.RecordStepRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, r.StepId, r.SiteId, (StepKind)r.Kind, Time(r.StartedAt), Time(r.EndedAt), r.Operator,
            [.. r.Inputs.Select(Portion)], [.. r.Outputs.Select(o => new BatchOutput(o.BatchId, o.MassG, o.Description))])
        {
            OperatorDisclosure = Choice(r.HasPublishOperator, r.PublishOperator),
        };
    }

    public static StorageRecorded Storage(V1.RecordStorageRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, r.StorageId, r.SiteId, Time(r.StartedAt), Time(r.EndedAt), [.. r.BatchIds], [.. r.LotKeys.Select(LotKeyOrRaw)]);
    }

    /// <summary>A lot key whose GTIN is valid in a shorter form, given with its GTIN-14; any other unchanged, for the rules to name what is wrong.</summary>
    public static string LotKeyOrRaw(string lotKey) =>
        LotKeys.TrySplit(lotKey, out var gtin, out var lot) && Gtin.TryNormalize(gtin, out var normalized, out _) ? LotKeys.Of(normalized, lot) : lotKey;

    public static LotPacked Lot(V1.PackLotRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, GtinOrRaw(r.Gtin), r.Lot, r.SiteId, r.UnitCount, r.NetMassPerUnitG,
            Date("produced_on", r.ProducedOn), Date("expires_on", r.ExpiresOn), [.. r.Inputs.Select(Portion)]);
    }

    /// <summary>The recall a request asks for; a missing decided_at is left unset, for the service to default.</summary>
    public static LotRecalled Recall(V1.RecallLotRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.FacilityId, GtinOrRaw(r.Gtin), r.Lot, (RecallKind)r.Kind, r.Reason, Time(r.DecidedAt));
    }

    /// <summary>The 14-digit form of a valid GTIN; an invalid one unchanged, for the rules to name what is wrong.</summary>
    public static string GtinOrRaw(string gtin) => Gtin.TryNormalize(gtin, out var normalized, out _) ? normalized : gtin;

    /// <summary>The producer's choice about a private-by-default value: none when unset (the capture applies the default).</summary>
    private static FieldDisclosure? Choice(bool given, bool publish) =>
        !given ? null : publish ? FieldDisclosure.Publish : FieldDisclosure.Withhold;

    private static BatchPortion Portion(V1.BatchPortion p) => new(p.BatchId, p.MassG);

    private static GeoPoint Point(V1.GeoPoint p) => new(p.Latitude, p.Longitude);

    // Protobuf timestamps are UTC; a missing one becomes default, which the rules report as required.
    private static DateTimeOffset Time(Timestamp? t) => t is null ? default : t.ToDateTimeOffset();

    private static DateOnly Date(string field, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return default;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: '{value}' is not a date as YYYY-MM-DD"));
    }
}
