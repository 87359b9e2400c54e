namespace Traceability.Conditions;

/// <summary>
/// One stored measurement: where it was taken (facility, site, device, sensor), what it measures
/// in which unit (a quantity of <c>Traceability.Telemetry.Quantities</c>), the value and the
/// device's time. Its identity is (site, device, sensor, quantity, time): writing the same
/// identity again replaces the value, so a redelivered message never doubles a reading.
/// </summary>
public sealed record StoredReading(
    string Facility,
    string Site,
    string Device,
    string Sensor,
    string Quantity,
    string Unit,
    double Value,
    DateTimeOffset At);

/// <summary>
/// The time-series store of sensor readings. Three implementations: SQLite (embedded default),
/// InfluxDB 2.x and VictoriaMetrics (both written in InfluxDB line protocol through
/// InfluxDB.Client). Implementations are thread-safe.
/// </summary>
public interface ITimeSeriesStore
{
    /// <summary>
    /// Writes <paramref name="readings"/>; when the task completes they are durable (a crash of
    /// this process or of the store's server after that loses none). Idempotent per reading identity.
    /// </summary>
    Task WriteAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken = default);

    /// <summary>
    /// The readings of <paramref name="site"/> with <paramref name="since"/> ≤ time &lt; <paramref name="until"/>,
    /// ordered by time, then device, sensor and quantity.
    /// </summary>
    Task<IReadOnlyList<StoredReading>> ReadAsync(string site, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);
}
