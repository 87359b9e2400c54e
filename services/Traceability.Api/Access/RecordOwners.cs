using System.Collections.Concurrent;
using Traceability.Events;
using RecordKind = Traceability.Events.RecordKind;
using Traceability.Grains;
using Traceability.Identifiers;
using Traceability.Security.Policy;
using Traceability.Security.Principals;
using Traceability.Storage;

namespace Traceability.Api.Access;

/// <summary>
/// Which facility a request is about, as <see cref="FacilitySource"/> says: the
/// <c>facility_id</c> the request addresses, or the registered owner of the record it names (from
/// the event store's record index, never from the request body), and where that facility is (for
/// inspectors' scopes). Owners and places never change once recorded, so found ones are cached.
/// </summary>
public sealed class RecordOwners(IEventStore store, IGrainFactory grains)
{
    private readonly ConcurrentDictionary<RecordKey, string> _owners = new();
    private readonly ConcurrentDictionary<string, Region> _regions = new(StringComparer.Ordinal);

    /// <summary>
    /// The facility <paramref name="source"/> names for a request whose fields (route values or
    /// message fields, by proto name) <paramref name="field"/> reads; null when the request names
    /// none or the record does not exist.
    /// </summary>
    public async Task<string?> FacilityAsync(FacilitySource source, Func<string, string?> field, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (source == FacilitySource.None)
        {
            return null;
        }

        if (source == FacilitySource.Route)
        {
            return field("facility_id") is { Length: > 0 } facility ? facility : null;
        }

        if (RecordOf(source, field) is not { } key)
        {
            return null;
        }

        if (_owners.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var owner = await store.OwnerOfAsync(key, cancellationToken).ConfigureAwait(false);
        if (owner is not null)
        {
            _owners.TryAdd(key, owner);
        }

        return owner;
    }

    /// <summary>Where a registered facility is; null when it is not registered.</summary>
    public async Task<Region?> RegionAsync(string? facilityId)
    {
        if (string.IsNullOrEmpty(facilityId))
        {
            return null;
        }

        if (_regions.TryGetValue(facilityId, out var cached))
        {
            return cached;
        }

        var view = await grains.GetGrain<IFacilityGrain>(facilityId).Describe().ConfigureAwait(false);
        if (view is null)
        {
            return null;
        }

        var region = new Region(view.Record.Province, view.Record.District);
        _regions.TryAdd(facilityId, region);
        return region;
    }

    private static RecordKey? RecordOf(FacilitySource source, Func<string, string?> field)
    {
        static string? Gtin14(string? value) => Gtin.TryNormalize(value, out var gtin, out _) ? gtin : null;

        var (kind, key) = source switch
        {
            FacilitySource.SiteOwner => (RecordKind.Site, field("site_id")),
            FacilitySource.AreaOwner => (RecordKind.Area, field("area_code")),
            FacilitySource.ProductOwner => (RecordKind.Product, Gtin14(field("gtin"))),
            FacilitySource.BatchOwner => (RecordKind.Batch, field("batch_id")),
            FacilitySource.StepOwner => (RecordKind.Step, field("step_id")),
            FacilitySource.StorageOwner => (RecordKind.Storage, field("storage_id")),
            FacilitySource.LotOwner => (RecordKind.Lot, Gtin14(field("gtin")) is { } gtin && field("lot") is { Length: > 0 } lot ? LotKeys.Of(gtin, lot) : null),
            _ => (RecordKind.Facility, null),
        };
        return key is { Length: > 0 } ? new RecordKey(kind, key) : null;
    }
}
