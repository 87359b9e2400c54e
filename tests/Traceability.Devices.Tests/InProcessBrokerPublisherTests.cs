using Traceability.Devices.Agent.Buffering;
using Traceability.Devices.Agent.Publishing;

namespace Traceability.Devices.Tests;

/// <summary>The publisher against an MQTTnet broker in the test process.</summary>
public sealed class InProcessBrokerPublisherTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TestBroker Of(InProcessBroker broker) => new(broker.Host, broker.Port, broker.StopAsync, broker.StartAsync);

    [Fact]
    public async Task EverythingPublishedArrivesInOrderWithNoGap()
    {
        await using var broker = await InProcessBroker.StartNewAsync();
        await PublishingScenarios.EverythingArrivesInOrderWithNoGap(Of(broker), _folder.Path);
    }

    [Fact]
    public async Task AnAgentRestartedMidStreamLosesNothing()
    {
        await using var broker = await InProcessBroker.StartNewAsync();
        await PublishingScenarios.ARestartedAgentLosesNothing(Of(broker), _folder.Path);
    }

    [Fact]
    public async Task ATenMinuteBrokerOutageLosesNothing()
    {
        await using var broker = await InProcessBroker.StartNewAsync();
        await PublishingScenarios.ABrokerOutageLosesNothing(Of(broker), _folder.Path);
    }

    [Fact]
    public async Task AMessageNobodyTookIsKeptAndSentAgainOnceThePlatformSubscribes()
    {
        // As after a mosquitto restart, which forgets the platform's shared subscription: the broker
        // answers NoMatchingSubscribers and drops the message, so the gateway must keep it.
        await using var broker = await InProcessBroker.StartNewAsync();
        using var outbox = DiskBuffer.Open(_folder.Path, "dryer-1");
        var sequences = Enumerable.Range(0, 5).Select(i => outbox.Append(Readings.Temperature(30 + i)).Sequence).ToArray();
        var publisher = new Publisher(PublishingScenarios.Options(Of(broker), "dryer-1"), outbox);
        using var stop = new CancellationTokenSource();
        var run = publisher.RunAsync(stop.Token);

        await publisher.Progress.WaitUntilAsync(() => publisher.Undelivered >= 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(sequences, outbox.Peek(100).Select(m => m.Sequence));
        Assert.Equal(0, publisher.Refusals);

        await using var subscriber = await ReadingsSubscriber.StartAsync(broker.Host, broker.Port);
        await outbox.Changed.WaitUntilAsync(() => outbox.Count == 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await subscriber.WaitUntilAsync(m => sequences.All(seq => m.Any(b => b.Sequence == seq)));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task APubackNotAuthorizedKeepsTheMessageUntilTheBrokerTakesIt()
    {
        await using var broker = await InProcessBroker.StartNewAsync();
        await using var subscriber = await ReadingsSubscriber.StartAsync(broker.Host, broker.Port);
        using var outbox = DiskBuffer.Open(_folder.Path, "dryer-1");
        var sequences = Enumerable.Range(0, 10).Select(i => outbox.Append(Readings.Temperature(30 + i)).Sequence).ToArray();
        var forbidden = sequences[4];
        var refusing = true;
        broker.Refuse = seq => Volatile.Read(ref refusing) && seq == forbidden;
        var publisher = new Publisher(PublishingScenarios.Options(Of(broker), "dryer-1"), outbox);
        using var stop = new CancellationTokenSource();
        var run = publisher.RunAsync(stop.Token);

        await publisher.Progress.WaitUntilAsync(() => publisher.Refusals >= 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("NotAuthorized", publisher.LastRefusal);
        Assert.Contains(forbidden, outbox.Peek(100).Select(m => m.Sequence));
        Assert.DoesNotContain(forbidden, subscriber.Messages.Select(m => m.Sequence));

        // The operator fixes the ACL: the message that waited goes through.
        Volatile.Write(ref refusing, false);
        await outbox.Changed.WaitUntilAsync(() => outbox.Count == 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await subscriber.WaitUntilAsync(m => m.Any(b => b.Sequence == forbidden));
        await stop.CancelAsync();
        await run;
        Assert.Equal(sequences, subscriber.Distinct("dryer-1").Order());
    }

    [Fact]
    public async Task APublisherToldToStopOnRefusalStopsAndKeepsTheRefusedMessage()
    {
        await using var broker = await InProcessBroker.StartNewAsync();
        using var outbox = DiskBuffer.Open(_folder.Path, "dryer-1");
        var refused = outbox.Append(Readings.Temperature(30)).Sequence;
        broker.Refuse = seq => seq == refused;
        var publisher = new Publisher(PublishingScenarios.Options(Of(broker), "dryer-1") with { StopOnRefusal = true }, outbox);

        var error = await Assert.ThrowsAsync<PublishRefusedException>(() => publisher.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("NotAuthorized", error.Reason);
        Assert.Equal([refused], outbox.Peek(10).Select(m => m.Sequence));
    }
}
