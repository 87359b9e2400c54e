using Traceability.Devices.Agent;
using Traceability.Telemetry;

namespace Traceability.IntegrationTests.External;

/// <summary>A sensor driver that keeps what the one it wraps returned: exactly what the agent buffered.</summary>
internal sealed class RecordingDriver(ISensorDriver inner) : ISensorDriver
{
    private readonly List<SensorReading> _read = [];

    /// <summary>Every reading returned so far, in order.</summary>
    public IReadOnlyList<SensorReading> Read
    {
        get
        {
            lock (_read)
            {
                return [.. _read];
            }
        }
    }

    public async ValueTask<IReadOnlyList<SensorReading>> ReadAsync(CancellationToken cancellationToken)
    {
        var readings = await inner.ReadAsync(cancellationToken);
        lock (_read)
        {
            _read.AddRange(readings);
        }

        return readings;
    }
}
