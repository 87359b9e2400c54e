using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Traceability.Events;
using Traceability.Views;
using V1 = Traceability.Contracts.V1;

namespace Traceability.Api.Mapping;

/// <summary>Domain views to protobuf messages. Pure.</summary>
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

    public static V1.Area Area(RecordView<AreaRegistered> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var a = view.Record;
        var area = new V1.Area
        {
            AreaCode = a.AreaCode,
            FacilityId = a.FacilityId,
            Name = a.Name,
            Commune = a.Commune,
            District = a.District,
            Province = a.Province,
            Owner = a.Owner,
            RecordedAt = Time(view.RecordedAt),
        };
        area.Boundary.Add(a.Boundary.Select(Point));
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

    public static V1.Batch Batch(BatchView view)
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
            batch.Harvest = new V1.HarvestOrigin
            {
                AreaCode = area,
                HarvestedAt = view.Origin.HarvestedAt is { } at ? Time(at) : null,
                Harvester = view.Origin.Harvester ?? string.Empty,
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

    public static V1.Step Step(RecordView<StepRecorded> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = view.Record;
        var step = new V1.Step
        {
            StepId = s.StepId,
            FacilityId = s.FacilityId,
            SiteId = s.SiteId,
            Kind = (V1.StepKind)s.Kind,
            StartedAt = Time(s.StartedAt),
            EndedAt = Time(s.EndedAt),
            Operator = s.Operator,
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

    public static V1.LotTrace Trace(LotTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var message = new V1.LotTrace
        {
            Lot = Lot(trace.Lot, trace.Recalls),
            Product = trace.Product is null ? null : Product(trace.Product),
            Depth = trace.Depth,
        };
        message.Batches.Add(trace.Batches.Select(Batch));
        message.Steps.Add(trace.Steps.Select(Step));
        message.Areas.Add(trace.Areas.Select(Area));
        message.Sites.Add(trace.Sites.Select(Site));
        message.Facilities.Add(trace.Facilities.Select(Facility));
        message.Storages.Add(trace.Storages.Select(Storage));
        message.Recalls.Add(trace.Recalls.Select(LotRecall));
        return message;
    }

    public static V1.BatchRecall Recall(BatchRecall recall)
    {
        ArgumentNullException.ThrowIfNull(recall);
        var message = new V1.BatchRecall { Batch = Batch(recall.Batch) };
        message.Downstream.Add(recall.Downstream.Select(Batch));
        message.Steps.Add(recall.Steps.Select(Step));
        message.Lots.Add(recall.Lots.Select(l => Lot(l)));
        return message;
    }

    private static V1.BatchPortion Portion(Domain.BatchPortion p) => new() { BatchId = p.BatchId, MassG = p.MassGrams };
}
