using Microsoft.Extensions.Logging;

namespace Traceability.Devices.Agent;

/// <summary>Every log message of the agent, with stable event ids (1xx buffer, 2xx publisher, 3xx sampling).</summary>
internal static partial class AgentLog
{
    [LoggerMessage(101, LogLevel.Warning, "Outbox of {Device} full (max {MaxBytes} bytes, {MaxMessages} messages): dropped the {Count} oldest message(s), {Total} dropped in all")]
    public static partial void DroppedOldest(ILogger logger, string device, int count, long total, long maxBytes, long maxMessages);

    [LoggerMessage(201, LogLevel.Information, "{Device} connected to {Broker} (session present: {SessionPresent}), {Buffered} message(s) to send, {Window} in flight at most")]
    public static partial void Connected(ILogger logger, string device, string broker, bool sessionPresent, long buffered, int window);

    [LoggerMessage(202, LogLevel.Warning, "{Device} lost or could not open its connection to {Broker}: {Error}: {Message}")]
    public static partial void ConnectionLost(ILogger logger, string device, string broker, string error, string message);

    [LoggerMessage(203, LogLevel.Information, "{Device} reconnecting in {Seconds} s, {Buffered} message(s) buffered")]
    public static partial void Reconnecting(ILogger logger, string device, double seconds, long buffered);

    [LoggerMessage(204, LogLevel.Error, "The broker refused {Device}: {What}; the message stays buffered (stop on refusal: {Stop})")]
    public static partial void Refused(ILogger logger, string device, string what, bool stop);

    [LoggerMessage(206, LogLevel.Warning, "Nobody took message {Sequence} of {Device} (the broker has no subscriber for it: the platform is not connected yet); it stays buffered, retrying in {Seconds} s")]
    public static partial void NotDelivered(ILogger logger, string device, long sequence, double seconds);

    [LoggerMessage(205, LogLevel.Warning, "{Device} could not publish its offline status when stopping: {Message}")]
    public static partial void SignOffFailed(ILogger logger, string device, string message);

    [LoggerMessage(301, LogLevel.Warning, "Reading the sensors of {Device} failed: {Error}: {Message}; next try at the next interval")]
    public static partial void SensorReadFailed(ILogger logger, string device, string error, string message);
}
