namespace Traceability.Devices.Agent;

/// <summary>How often the agent samples and how it groups readings into messages.</summary>
public sealed record AgentOptions
{
    /// <summary>Time between two readings of the sensors. Default 10 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most readings in one message. Default 50 (the platform accepts up to 1,000).</summary>
    public int BatchSize { get; init; } = 50;
}
