using Traceability.Devices.Agent.Buffering;
using Traceability.Telemetry;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// A device's real outbox that also remembers what went in (readings by sequence) and which
/// sequences the publisher removed: it removes a message only after a success PUBACK, so the
/// removed set is what the broker acknowledged.
/// </summary>
internal sealed class RecordingOutbox(IOutbox inner) : IOutbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, IReadOnlyList<SensorReading>> _appended = [];
    private readonly HashSet<long> _acknowledged = [];

    public string Device => inner.Device;

    public long Count => inner.Count;

    public long Dropped => inner.Dropped;

    public long NextSequence => inner.NextSequence;

    public AsyncPulse Changed => inner.Changed;

    /// <summary>Every message appended, by sequence.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<SensorReading>> Appended
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<long, IReadOnlyList<SensorReading>>(_appended);
            }
        }
    }

    /// <summary>The sequences acknowledged so far.</summary>
    public IReadOnlySet<long> Acknowledged
    {
        get
        {
            lock (_gate)
            {
                return new HashSet<long>(_acknowledged);
            }
        }
    }

    public AppendResult Append(IReadOnlyList<SensorReading> readings)
    {
        lock (_gate)
        {
            var result = inner.Append(readings);
            _appended[result.Sequence] = readings;
            return result;
        }
    }

    public IReadOnlyList<OutboxMessage> Peek(int count, long afterSequence = 0) => inner.Peek(count, afterSequence);

    public void Remove(long sequence) => Remove([sequence]);

    public void Remove(IReadOnlyCollection<long> sequences)
    {
        lock (_gate)
        {
            _acknowledged.UnionWith(sequences);
        }

        inner.Remove(sequences);
    }

    public void Dispose() => inner.Dispose();
}
