using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Traceability.Telemetry;

namespace Traceability.Devices.Tests;

/// <summary>
/// An anonymous MQTTnet broker in the test process on a free 127.0.0.1 port, restartable on the
/// same port; <see cref="Refuse"/> makes it answer chosen readings messages with a PUBACK
/// NotAuthorized, as a broker whose ACL forbids the topic would.
/// </summary>
internal sealed class InProcessBroker : IAsyncDisposable
{
    private MqttServer? _server;

    private InProcessBroker(int port) => Port = port;

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    /// <summary>Readings messages (by seq) to refuse with NotAuthorized while true.</summary>
    public Func<long, bool> Refuse { get; set; } = _ => false;

    public static async Task<InProcessBroker> StartNewAsync()
    {
        var broker = new InProcessBroker(FreePort());
        await broker.StartAsync();
        return broker;
    }

    public async Task StartAsync()
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(Port)
            .WithPersistentSessions(true)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.InterceptingPublishAsync += args =>
        {
            if (args.ApplicationMessage.Topic.EndsWith("/readings", StringComparison.Ordinal)
                && ReadingsValidation.Check(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload.ToArray(), DateTimeOffset.UtcNow) is { Batch: { } batch }
                && Refuse(batch.Sequence))
            {
                args.ProcessPublish = false;
                args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
        await _server.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync(new MqttServerStopOptions());
            server.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
