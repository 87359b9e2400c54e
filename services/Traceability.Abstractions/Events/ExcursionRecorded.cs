namespace Traceability.Events;

/// <summary>
/// A closed excursion seen live at a site: one sensor's readings of one quantity stayed beyond a
/// limit of the site's condition profile from <see cref="StartedAt"/> to <see cref="EndedAt"/>.
/// Rendered as an EPCIS ObjectEvent whose <c>sensorElementList</c> carries the alert
/// (<c>exception</c> <c>ALARM_CONDITION</c>), so the excursion is in the facility's ledger.
/// </summary>
/// <param name="FacilityId">The facility the site belongs to.</param>
/// <param name="SiteId">The site where it was seen.</param>
/// <param name="ExcursionId">A key derived from site, device, sensor, quantity and start, so a repeat is recognised.</param>
/// <param name="DeviceId">The gateway that sent the readings.</param>
/// <param name="SensorId">The sensor.</param>
/// <param name="Quantity">The quantity (e.g. <c>temperature</c>).</param>
/// <param name="Unit">Its UN/CEFACT Rec. 20 unit (e.g. <c>CEL</c>).</param>
/// <param name="Direction"><c>above</c> (over the maximum) or <c>below</c> (under the minimum).</param>
/// <param name="Limit">The limit crossed, in <paramref name="Unit"/>.</param>
/// <param name="StartedAt">The device time of the first reading beyond the limit.</param>
/// <param name="EndedAt">The device time of the first reading back within the limits (hysteresis applied).</param>
/// <param name="Peak">The farthest value beyond the limit.</param>
/// <param name="Area">The area beyond the limit, in unit·minutes (e.g. °C·min).</param>
/// <param name="ProfileId">The condition profile whose limit was crossed.</param>
/// <param name="ProfileVersion">Its version.</param>
[GenerateSerializer, Immutable]
public sealed record ExcursionRecorded(
    string FacilityId,
    string SiteId,
    string ExcursionId,
    string DeviceId,
    string SensorId,
    string Quantity,
    string Unit,
    string Direction,
    double Limit,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double Peak,
    double Area,
    string ProfileId,
    int ProfileVersion) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Excursion, ExcursionId)];

    public override IEnumerable<RecordKey> Touches() => [new(RecordKind.Facility, FacilityId), .. Creates(), new(RecordKind.Site, SiteId)];
}
