using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Fixtures;

/// <summary>
/// The records of HTX-NGOCLINH as its event stream builds them: each recorded event gets the next
/// sequence number and is folded into <see cref="Records"/>, as the facility grain does.
/// </summary>
internal sealed class FacilityHistory
{
    private long _sequence;

    public FacilityRecords Records { get; } = new();

    /// <summary>No record at all: the facility has not joined the platform.</summary>
    public static FacilityHistory Empty() => new();

    /// <summary>The cooperative with its drying house, processing house, store and point of sale.</summary>
    public static FacilityHistory Registered() => Empty().With(
        NgocLinh.Facility(),
        NgocLinh.DryingSite(),
        NgocLinh.Site(NgocLinh.ProcessingSiteId, SiteKind.Processing),
        NgocLinh.Site(NgocLinh.StorageSiteId, SiteKind.Storage),
        NgocLinh.Site(NgocLinh.ShopSiteId, SiteKind.PointOfSale),
        NgocLinh.Area(),
        NgocLinh.Product());

    /// <summary>Registered, with 50 kg of fresh roots harvested.</summary>
    public static FacilityHistory Harvested() => Registered().With(NgocLinh.Harvest());

    /// <summary>Harvested, and the harvest dried into 10 kg of dried roots.</summary>
    public static FacilityHistory Dried() => Harvested().With(NgocLinh.Drying());

    /// <summary>Dried, and the dried roots packed as lot L2605-01.</summary>
    public static FacilityHistory Packed() => Dried().With(NgocLinh.Lot());

    public FacilityHistory With(params FacilityEvent[] events)
    {
        foreach (var e in events)
        {
            Record(e);
        }

        return this;
    }

    public RecordedEvent Record(FacilityEvent e)
    {
        var recorded = Recorded(++_sequence, e);
        Records.Apply(recorded);
        return recorded;
    }

    public static RecordedEvent Recorded(long sequence, FacilityEvent e) =>
        new(sequence, NgocLinh.Now.AddDays(-30).AddMinutes(sequence), e);
}
