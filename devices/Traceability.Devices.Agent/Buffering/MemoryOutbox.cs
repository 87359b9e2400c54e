using Traceability.Telemetry;

namespace Traceability.Devices.Agent.Buffering;

/// <summary>
/// An outbox in memory with the same numbering and drop-oldest policy as <see cref="DiskBuffer"/>
/// but no durability: what it holds is lost with the process. Only for the load tool's
/// <c>--no-buffer</c> mode, which measures the platform rather than the gateway's disk; an agent
/// in the field always uses <see cref="DiskBuffer"/>. Thread-safe.
/// </summary>
public sealed class MemoryOutbox(string device, BufferLimits? limits = null, TimeProvider? time = null) : IOutbox
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, OutboxMessage> _messages = [];
    private readonly BufferLimits _limits = limits ?? BufferLimits.Default;
    private long _next = Sequences.First((time ?? TimeProvider.System).GetUtcNow());
    private long _dropped;
    private long _bytes;

    /// <inheritdoc />
    public string Device { get; } = device;

    /// <inheritdoc />
    public AsyncPulse Changed { get; } = new();

    /// <inheritdoc />
    public long Count { get { lock (_gate) { return _messages.Count; } } }

    /// <inheritdoc />
    public long Dropped { get { lock (_gate) { return _dropped; } } }

    /// <inheritdoc />
    public long NextSequence { get { lock (_gate) { return _next; } } }

    /// <inheritdoc />
    public AppendResult Append(IReadOnlyList<SensorReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        AppendResult result;
        lock (_gate)
        {
            var sequence = _next++;
            var payload = ReadingsPayload.Serialize(new ReadingBatch(Device, sequence, readings));
            _messages.Add(sequence, new OutboxMessage(sequence, readings.Count, payload));
            _bytes += payload.Length;
            var dropped = 0;
            while (_messages.Count > 1 && (_messages.Count > _limits.MaxMessages || _bytes > _limits.MaxBytes))
            {
                var oldest = _messages.First();
                _messages.Remove(oldest.Key);
                _bytes -= oldest.Value.Payload.Length;
                dropped++;
            }

            _dropped += dropped;
            result = new AppendResult(sequence, dropped);
        }

        Changed.Pulse();
        return result;
    }

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> Peek(int count, long afterSequence = 0)
    {
        lock (_gate)
        {
            return [.. _messages.Values.SkipWhile(m => m.Sequence <= afterSequence).Take(count)];
        }
    }

    /// <inheritdoc />
    public void Remove(long sequence) => Remove([sequence]);

    /// <inheritdoc />
    public void Remove(IReadOnlyCollection<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        lock (_gate)
        {
            foreach (var sequence in sequences)
            {
                if (_messages.Remove(sequence, out var message))
                {
                    _bytes -= message.Payload.Length;
                }
            }
        }

        Changed.Pulse();
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }
}
