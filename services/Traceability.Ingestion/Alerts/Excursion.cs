using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Traceability.Events;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// An excursion as the <see cref="ExcursionMonitor"/> reports it when it opens (<see cref="EndedAt"/>
/// null: peak and area so far) and when it closes.
/// </summary>
/// <param name="Id">Derived from the series and the start (<see cref="IdFor"/>): the same excursion always has the same id.</param>
/// <param name="Series">The series.</param>
/// <param name="Unit">The series' unit (e.g. <c>CEL</c>).</param>
/// <param name="Direction">Which limit was crossed.</param>
/// <param name="Limit">The limit crossed.</param>
/// <param name="StartedAt">The device time of the first reading beyond the limit.</param>
/// <param name="EndedAt">The device time of the first reading back inside the limit by the hysteresis margin; null while open.</param>
/// <param name="Peak">The farthest value beyond the limit.</param>
/// <param name="Area">|value − limit| × minutes beyond the limit, each reading held until the next (unit·min), rounded to 4 decimals.</param>
/// <param name="ProfileId">The condition profile of the limit.</param>
/// <param name="ProfileVersion">Its version.</param>
public sealed record Excursion(
    string Id,
    SeriesKey Series,
    string Unit,
    ExcursionDirection Direction,
    double Limit,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double Peak,
    double Area,
    string ProfileId,
    int ProfileVersion)
{
    /// <summary>Whether this reports the excursion's end.</summary>
    public bool IsClosed => EndedAt is not null;

    /// <summary><c>above</c> or <c>below</c>, as alerts and the ledger say it.</summary>
    public string DirectionName => Direction == ExcursionDirection.Above ? "above" : "below";

    /// <summary>
    /// <c>x-</c> and the first 32 hex digits of SHA-256 over <c>site|device|sensor|quantity|start</c>
    /// (start in Unix milliseconds): recording the same excursion again is recognised as a repeat.
    /// </summary>
    public static string IdFor(SeriesKey series, DateTimeOffset startedAt)
    {
        var text = string.Join('|', series.Site, series.Device, series.Sensor, series.Quantity, startedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return "x-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
    }

    /// <summary>The ledger event of this closed excursion.</summary>
    public ExcursionRecorded ToRecorded()
    {
        if (EndedAt is not { } ended)
        {
            throw new InvalidOperationException($"Excursion {Id} is still open; only a closed excursion is recorded.");
        }

        return new ExcursionRecorded(
            Series.Facility, Series.Site, Id, Series.Device, Series.Sensor, Series.Quantity, Unit, DirectionName, Limit, StartedAt, ended, Peak, Area, ProfileId, ProfileVersion);
    }
}
