using Microsoft.Extensions.Logging;

namespace Traceability.Ingestion.Broker;

/// <summary>The embedded broker's log messages (event ids 4100–4199).</summary>
internal static partial class BrokerLog
{
    [LoggerMessage(4100, LogLevel.Information, "MQTT broker listening on {Address}:{Port}")]
    public static partial void Listening(ILogger logger, string address, int port);

    [LoggerMessage(4101, LogLevel.Warning, "MQTT connection refused: client {ClientId}, user {Username}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string clientId, string? username, string reason);

    [LoggerMessage(4102, LogLevel.Warning, "MQTT publish denied: client {ClientId} ({Username}) may not publish on {Topic}")]
    public static partial void PublishDenied(ILogger logger, string clientId, string? username, string topic);

    [LoggerMessage(4103, LogLevel.Warning, "MQTT subscription denied: client {ClientId} ({Username}) may not subscribe to {Filter}")]
    public static partial void SubscriptionDenied(ILogger logger, string clientId, string? username, string filter);

    [LoggerMessage(4104, LogLevel.Warning, "Status callback failed for {Topic}")]
    public static partial void StatusCallbackFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(4105, LogLevel.Information, "MQTT client {ClientId} ({Username}) disconnected: its credential was {Change}")]
    public static partial void LoginEnded(ILogger logger, string clientId, string username, string change);

    [LoggerMessage(4106, LogLevel.Warning, "Could not disconnect MQTT client {ClientId} ({Username}) after its credential was {Change}")]
    public static partial void LoginEndFailed(ILogger logger, Exception exception, string clientId, string username, string change);

    [LoggerMessage(4107, LogLevel.Error, "Could not append a refused MQTT {Operation} to the audit log")]
    public static partial void AuditFailed(ILogger logger, Exception exception, string operation);
}
