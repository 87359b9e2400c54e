using System.Text.Json;
using System.Text.Json.Serialization;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// The alert published when an excursion opens or closes: the payload on
/// <c>ocop/{facility}/{site}/alerts</c> and the body POSTed to webhooks (UTF-8 JSON, camelCase;
/// <c>docs/mqtt-alert.schema.json</c>). <see cref="EndedAt"/> is left out of an opening.
/// </summary>
public sealed record ExcursionAlert(
    string Type,
    string Facility,
    string Site,
    string Device,
    string Sensor,
    string Quantity,
    string Unit,
    string Direction,
    double Limit,
    DateTimeOffset StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndedAt,
    double Peak,
    double Area,
    string ProfileId,
    int ProfileVersion,
    string ExcursionId)
{
    /// <summary>The type of an alert that an excursion began.</summary>
    public const string Opened = "excursion.opened";

    /// <summary>The type of an alert that an excursion ended.</summary>
    public const string Closed = "excursion.closed";

    /// <summary>The alert of an excursion opening or closing.</summary>
    public static ExcursionAlert Of(Excursion excursion)
    {
        ArgumentNullException.ThrowIfNull(excursion);
        var series = excursion.Series;
        return new(
            excursion.IsClosed ? Closed : Opened,
            series.Facility,
            series.Site,
            series.Device,
            series.Sensor,
            series.Quantity,
            excursion.Unit,
            excursion.DirectionName,
            excursion.Limit,
            excursion.StartedAt.ToUniversalTime(),
            excursion.EndedAt?.ToUniversalTime(),
            excursion.Peak,
            excursion.Area,
            excursion.ProfileId,
            excursion.ProfileVersion,
            excursion.Id);
    }

    /// <summary>The alert as sent: UTF-8 JSON.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, AlertJson.Default.ExcursionAlert);

    /// <summary>Reads an alert as sent.</summary>
    public static ExcursionAlert? Parse(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, AlertJson.Default.ExcursionAlert);
}
