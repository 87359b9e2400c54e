using Traceability.Conditions;
using Traceability.Profiles;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Live excursion detection, per series (site, device, sensor, quantity), fed readings in device-time
/// order. A value strictly above a profile's maximum (or below its minimum) is beyond the limit; after
/// <see cref="AlertOptions.ConsecutiveReadings"/> consecutive readings beyond the same limit an
/// excursion opens, starting at the first of them. It closes only at the first reading back inside
/// the limit by the hysteresis margin (<see cref="AlertOptions.HysteresisFor"/>), so values wavering
/// around the limit open and close it once. An open excursion is judged against the limit it opened
/// with, whatever the profile says meanwhile. Peak and area (|value − limit| × minutes, each reading
/// held until the next; nothing while inside the limit) are tracked from the start. A reading not
/// newer than the series' last one is ignored (<see cref="Ignored"/>).
/// <para>
/// Pure: no clock, no I/O. State is in memory: after a restart an excursion in progress is detected
/// again from the next readings (with a new start, hence a new id). Not thread-safe: one caller feeds it.
/// </para>
/// </summary>
public sealed class ExcursionMonitor
{
    private readonly Dictionary<SeriesKey, SeriesState> _series = [];
    private readonly AlertOptions _options;
    private readonly int _consecutive;

    public ExcursionMonitor(AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConsecutiveReadings, 1, nameof(options));
        _options = options;
        _consecutive = options.ConsecutiveReadings;
    }

    /// <summary>Readings ignored since the start because they were not newer than their series' last reading.</summary>
    public long Ignored { get; private set; }

    /// <summary>How many series are known.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>The excursions open now.</summary>
    public IEnumerable<Excursion> Open => _series.Where(s => s.Value.Track is { IsOpen: true }).Select(s => s.Value.Track!.Snapshot(s.Key, endedAt: null));

    /// <summary>
    /// Takes one reading, judged against <paramref name="profile"/> (the site's now, or null when none
    /// applies), and adds to <paramref name="changes"/> the excursions it opens or closes (at most one
    /// closing, then one opening beyond the other limit).
    /// </summary>
    public void Observe(StoredReading reading, ConditionProfile? profile, ICollection<Excursion> changes)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(changes);
        var key = SeriesKey.Of(reading);
        if (!_series.TryGetValue(key, out var state))
        {
            state = new SeriesState();
            _series.Add(key, state);
        }
        else if (reading.At <= state.LastAt)
        {
            Ignored++;
            return;
        }

        state.LastAt = reading.At;
        if (state.Track is { IsOpen: true } open)
        {
            open.Hold(reading.At);
            if (!open.IsBackInside(reading.Value, _options.HysteresisFor(reading.Unit)))
            {
                open.Take(reading);
                return;
            }

            changes.Add(open.Snapshot(key, endedAt: reading.At));
            state.Track = null;
        }

        var beyond = Beyond(profile, reading);
        if (beyond is not { } crossed)
        {
            state.Track = null;
            return;
        }

        if (state.Track is { } candidate && candidate.Continues(crossed.Direction, crossed.Limit, profile!))
        {
            candidate.Hold(reading.At);
            candidate.Take(reading);
            candidate.Count++;
        }
        else
        {
            state.Track = candidate = new Track(crossed.Direction, crossed.Limit, profile!, reading);
        }

        if (candidate.Count >= _consecutive)
        {
            candidate.IsOpen = true;
            changes.Add(candidate.Snapshot(key, endedAt: null));
        }
    }

    /// <summary>Which limit of <paramref name="profile"/> the reading is beyond, if any.</summary>
    private static (ExcursionDirection Direction, double Limit)? Beyond(ConditionProfile? profile, StoredReading reading)
    {
        var limit = profile?.LimitFor(reading.Quantity);
        if (limit?.Max is { } max && reading.Value > max)
        {
            return (ExcursionDirection.Above, max);
        }

        if (limit?.Min is { } min && reading.Value < min)
        {
            return (ExcursionDirection.Below, min);
        }

        return null;
    }

    private sealed class SeriesState
    {
        public DateTimeOffset LastAt { get; set; } = DateTimeOffset.MinValue;

        /// <summary>The readings beyond a limit not yet enough to open an excursion, or the open excursion; null when inside.</summary>
        public Track? Track { get; set; }
    }

    /// <summary>A run of readings beyond one limit: a candidate until it is long enough, then the open excursion.</summary>
    private sealed class Track(ExcursionDirection direction, double limit, ConditionProfile profile, StoredReading first)
    {
        private readonly string _unit = first.Unit;
        private readonly DateTimeOffset _startedAt = first.At;
        private double _peak = first.Value;
        private double _area;
        private double _lastValue = first.Value;
        private DateTimeOffset _lastAt = first.At;

        public int Count { get; set; } = 1;

        public bool IsOpen { get; set; }

        public bool Continues(ExcursionDirection other, double otherLimit, ConditionProfile current) =>
            other == direction && otherLimit.Equals(limit) && current.ProfileId == profile.ProfileId && current.Version == profile.Version;

        /// <summary>Adds the last reading's share of the area, held until <paramref name="until"/>.</summary>
        public void Hold(DateTimeOffset until)
        {
            var beyond = direction == ExcursionDirection.Above ? _lastValue - limit : limit - _lastValue;
            if (beyond > 0)
            {
                _area += beyond * (until - _lastAt).TotalMinutes;
            }
        }

        public void Take(StoredReading reading)
        {
            _peak = direction == ExcursionDirection.Above ? Math.Max(_peak, reading.Value) : Math.Min(_peak, reading.Value);
            (_lastValue, _lastAt) = (reading.Value, reading.At);
        }

        public bool IsBackInside(double value, double hysteresis) =>
            direction == ExcursionDirection.Above ? value <= limit - hysteresis : value >= limit + hysteresis;

        public Excursion Snapshot(SeriesKey series, DateTimeOffset? endedAt) => new(
            Excursion.IdFor(series, _startedAt),
            series,
            _unit,
            direction,
            limit,
            _startedAt,
            endedAt,
            _peak,
            Math.Round(_area, 4),
            profile.ProfileId,
            profile.Version);
    }
}
