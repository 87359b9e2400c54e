using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Traceability.Disclosure;
using Traceability.Events;
using Traceability.Views;
using V1 = Traceability.Contracts.V1;

namespace Traceability.Api.Mapping;

/// <summary>
/// Domain views to protobuf messages, for an <see cref="Audience"/>: a public answer leaves out
/// every value its producer withholds (keeping its digest) and generalises a withheld outline. Pure.
/// </summary>
public static class ToProto
{
    public static Timestamp Time(DateTimeOffset t) => Timestamp.FromDateTimeOffset(t);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static V1.GeoPoint Point(Domain.GeoPoint p) => new() { Latitude = p.Latitude, Longitude = p.Longitude };

    public static V1.Facility Facility(RecordView<FacilityRegistered> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var f = view.Record;
        return new V1.Facility
        {
            FacilityId = f.FacilityId,
            Kind = (V1.FacilityKind)f.Kind,
            Name = f.Name,
            Address = f.Address ?? string.Empty,
            Commune = f.Commune,
            District = f.District,
            Province = f.Province,
            RecordedAt = Time(view.RecordedAt),
        };
    }

    public static V1.Site Site(RecordView<SiteRegistered> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = view.Record;
        return new V1.Site
        {
            SiteId = s.SiteId,
            FacilityId = s.FacilityId,
            Kind = (V1.SiteKind)s.Kind,
            Name = s.Name,
            Commune = s.Commune,
            Location = s.Location is null ? null : Point(s.Location),
            RecordedAt = Time(view.RecordedAt),
        };
    }

    public static V1.Area Area(RecordView<AreaRegistered> view, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(view);
        var a = view.Record;
        var owner = Disclose(a.Owner, a.OwnerDisclosure, audience);
        var outlineWithheld = Disclosures.IsWithheld(a.OutlineDisclosure);
        var area = new V1.Area
        {
            AreaCode = a.AreaCode,
            FacilityId = a.FacilityId,
            Name = a.Name,
            Commune = a.Commune,
            District = a.District,
            Province = a.Province,
            Owner = owner.Value,
            OwnerDigest = owner.Digest,
            OwnerSalt = owner.Salt,
            RecordedAt = Time(view.RecordedAt),
            BoundaryGeneralised = outlineWithheld && audience == Audience.Public,
            ExactBoundaryDigest = Disclosures.DigestOf(a.Boundary, a.OutlineDisclosure) ?? string.Empty,
            ExactBoundarySalt = outlineWithheld && audience == Audience.Entitled ? a.OutlineDisclosure!.Salt ?? string.Empty : string.Empty,
        };
        area.Boundary.Add((audience == Audience.Public ? Disclosures.PublicBoundary(a) : a.Boundary).Select(Point));
        area.Species.Add(a.Species);
        area.Certifications.Add(a.Certifications.Select(c => (V1.Certification)c));
        return area;
    }

    public static V1.Product Product(RecordView<ProductRegistered> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var p = view.Record;
        return new V1.Product
        {
            Gtin = p.Gtin,
            FacilityId = p.FacilityId,
            NameVi = p.NameVi,
            NameEn = p.NameEn,
            OcopStars = p.OcopStars,
            RecordedAt = Time(view.RecordedAt),
        };
    }

    public static V1.Batch Batch(BatchView view, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(view);
        var batch = new V1.Batch
        {
            BatchId = view.BatchId,
            FacilityId = view.FacilityId,
            Description = view.Description,
            InitialMassG = view.InitialMassGrams,
            RemainingMassG = view.RemainingGrams,
            RecordedAt = Time(view.RecordedAt),
        };
        batch.Species.Add(view.Species);
        batch.StorageIds.Add(view.StorageIds);
        if (view.Origin.AreaCode is { } area)
        {
            var harvester = Disclose(view.Origin.Harvester ?? string.Empty, view.Origin.HarvesterDisclosure, audience);
            batch.Harvest = new V1.HarvestOrigin
            {
                AreaCode = area,
                HarvestedAt = view.Origin.HarvestedAt is { } at ? Time(at) : null,
                Harvester = harvester.Value,
                HarvesterDigest = harvester.Digest,
                HarvesterSalt = harvester.Salt,
            };
        }
        else
        {
            batch.StepId = view.Origin.StepId ?? string.Empty;
        }

        foreach (var use in view.Uses)
        {
            var message = new V1.BatchUse { MassG = use.MassGrams, RecordedAt = Time(use.RecordedAt) };
            if (use.Kind == RecordKind.Lot)
            {
                message.Lot = use.Key;
            }
            else
            {
                message.StepId = use.Key;
            }

            batch.Uses.Add(message);
        }

        return batch;
    }

    public static V1.Step Step(RecordView<StepRecorded> view, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = view.Record;
        var @operator = Disclose(s.Operator, s.OperatorDisclosure, audience);
        var step = new V1.Step
        {
            StepId = s.StepId,
            FacilityId = s.FacilityId,
            SiteId = s.SiteId,
            Kind = (V1.StepKind)s.Kind,
            StartedAt = Time(s.StartedAt),
            EndedAt = Time(s.EndedAt),
            Operator = @operator.Value,
            OperatorDigest = @operator.Digest,
            OperatorSalt = @operator.Salt,
            RecordedAt = Time(view.RecordedAt),
        };
        step.Inputs.Add(s.Inputs.Select(Portion));
        step.Outputs.Add(s.Outputs.Select(o => new V1.BatchOutput { BatchId = o.BatchId, MassG = o.MassGrams, Description = o.Description ?? string.Empty }));
        return step;
    }

    public static V1.Storage Storage(RecordView<StorageRecorded> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = view.Record;
        var storage = new V1.Storage
        {
            StorageId = s.StorageId,
            FacilityId = s.FacilityId,
            SiteId = s.SiteId,
            StartedAt = Time(s.StartedAt),
            EndedAt = Time(s.EndedAt),
            RecordedAt = Time(view.RecordedAt),
        };
        storage.BatchIds.Add(s.BatchIds);
        storage.LotKeys.Add(s.LotKeys);
        return storage;
    }

    /// <summary>The lot with <paramref name="recalls"/>, its withdrawal and recall in decision order (none when not given).</summary>
    public static V1.Lot Lot(RecordView<LotPacked> view, IEnumerable<RecordView<LotRecalled>>? recalls = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var l = view.Record;
        var lot = new V1.Lot
        {
            Gtin = l.Gtin,
            Lot_ = l.LotCode,
            FacilityId = l.FacilityId,
            SiteId = l.SiteId,
            UnitCount = l.UnitCount,
            NetMassPerUnitG = l.NetMassPerUnitGrams,
            ProducedOn = Date(l.ProducedOn),
            ExpiresOn = Date(l.ExpiresOn),
            RecordedAt = Time(view.RecordedAt),
            DigitalLink = $"/01/{l.Gtin}/10/{Uri.EscapeDataString(l.LotCode)}",
        };
        lot.Inputs.Add(l.Inputs.Select(Portion));
        lot.Recalls.Add((recalls ?? []).Select(LotRecall));
        return lot;
    }

    public static V1.LotRecall LotRecall(RecordView<LotRecalled> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Record;
        return new V1.LotRecall
        {
            Gtin = r.Gtin,
            Lot = r.LotCode,
            FacilityId = r.FacilityId,
            Kind = (V1.RecallKind)r.Kind,
            Reason = r.Reason,
            DecidedAt = Time(r.DecidedAt),
            RecordedAt = Time(view.RecordedAt),
        };
    }

    public static V1.LotTrace Trace(LotTrace trace, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var message = new V1.LotTrace
        {
            Lot = Lot(trace.Lot, trace.Recalls),
            Product = trace.Product is null ? null : Product(trace.Product),
            Depth = trace.Depth,
        };
        message.Batches.Add(trace.Batches.Select(b => Batch(b, audience)));
        message.Steps.Add(trace.Steps.Select(s => Step(s, audience)));
        message.Areas.Add(trace.Areas.Select(a => Area(a, audience)));
        message.Sites.Add(trace.Sites.Select(Site));
        message.Facilities.Add(trace.Facilities.Select(Facility));
        message.Storages.Add(trace.Storages.Select(Storage));
        message.Recalls.Add(trace.Recalls.Select(LotRecall));
        return message;
    }

    public static V1.BatchRecall Recall(BatchRecall recall, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(recall);
        var message = new V1.BatchRecall { Batch = Batch(recall.Batch, audience) };
        message.Downstream.Add(recall.Downstream.Select(b => Batch(b, audience)));
        message.Steps.Add(recall.Steps.Select(s => Step(s, audience)));
        message.Lots.Add(recall.Lots.Select(l => Lot(l)));
        return message;
    }

    /// <summary>
    /// A private-by-default text value for <paramref name="audience"/>: when withheld, empty for
    /// the public, and its digest for everyone and its salt for entitled readers; else the value.
    /// </summary>
    private static (string Value, string Digest, string Salt) Disclose(string value, FieldDisclosure? disclosure, Audience audience)
    {
        if (!Disclosures.IsWithheld(disclosure))
        {
            return (value, string.Empty, string.Empty);
        }

        var digest = Disclosures.DigestOf(value, disclosure) ?? string.Empty;
        return audience == Audience.Entitled ? (value, digest, disclosure!.Salt ?? string.Empty) : (string.Empty, digest, string.Empty);
    }

    private static V1.BatchPortion Portion(Domain.BatchPortion p) => new() { BatchId = p.BatchId, MassG = p.MassGrams };
}
