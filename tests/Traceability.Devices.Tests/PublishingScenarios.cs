using Microsoft.Extensions.Time.Testing;
using Traceability.Devices.Agent;
using Traceability.Devices.Agent.Buffering;
using Traceability.Devices.Agent.Publishing;
using Traceability.Telemetry.Simulation;

namespace Traceability.Devices.Tests;

/// <summary>A broker the scenarios can stop and start again on the same port.</summary>
internal sealed record TestBroker(string Host, int Port, Func<Task> Stop, Func<Task> Start);

/// <summary>The publishing scenarios, run against the in-process broker and against real mosquitto.</summary>
internal static class PublishingScenarios
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static PublisherOptions Options(TestBroker broker, string device) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        Facility = "coop-1",
        Site = "site-1",
        Device = device,
        Username = device,
        Password = "secret",
        MinBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Everything published arrives, in order, with no gap.</summary>
    public static async Task EverythingArrivesInOrderWithNoGap(TestBroker broker, string folder)
    {
        await using var subscriber = await ReadingsSubscriber.StartAsync(broker.Host, broker.Port);
        using var outbox = DiskBuffer.Open(folder, "dryer-1");
        var sequences = Enumerable.Range(0, 300).Select(i => outbox.Append(Readings.Temperature(20 + (i % 40), count: 5)).Sequence).ToArray();
        var publisher = new Publisher(Options(broker, "dryer-1") with { MaxInFlight = 16 }, outbox);
        using var stop = new CancellationTokenSource();
        var run = publisher.RunAsync(stop.Token);

        await outbox.Changed.WaitUntilAsync(() => outbox.Count == 0, CancellationToken.None).WaitAsync(Patience);
        await subscriber.WaitUntilAsync(m => m.Count >= sequences.Length);
        await stop.CancelAsync();
        await run;

        Assert.Equal(sequences, subscriber.Messages.Select(m => m.Sequence));
        Assert.Equal(1500, publisher.AcknowledgedReadings);
    }

    /// <summary>An agent stopped mid-stream and started again over the same buffer loses nothing.</summary>
    public static async Task ARestartedAgentLosesNothing(TestBroker broker, string folder)
    {
        await using var subscriber = await ReadingsSubscriber.StartAsync(broker.Host, broker.Port);
        long[] sequences;
        using (var outbox = DiskBuffer.Open(folder, "dryer-1"))
        {
            sequences = [.. Enumerable.Range(0, 400).Select(i => outbox.Append(Readings.Temperature(40, count: 10)).Sequence)];
            var publisher = new Publisher(Options(broker, "dryer-1") with { MaxInFlight = 4 }, outbox);
            using var stop = new CancellationTokenSource();
            var run = publisher.RunAsync(stop.Token);
            await publisher.Progress.WaitUntilAsync(() => publisher.AcknowledgedMessages >= 50, CancellationToken.None).WaitAsync(Patience);
            await stop.CancelAsync();
            await run;
            Assert.InRange(outbox.Count, 1, 350);
        }

        using (var reopened = DiskBuffer.Open(folder, "dryer-1"))
        {
            sequences = [.. sequences, reopened.Append(Readings.Temperature(41)).Sequence];
            var publisher = new Publisher(Options(broker, "dryer-1"), reopened);
            using var stop = new CancellationTokenSource();
            var run = publisher.RunAsync(stop.Token);
            await reopened.Changed.WaitUntilAsync(() => reopened.Count == 0, CancellationToken.None).WaitAsync(Patience);
            await subscriber.WaitUntilAsync(m => m.Select(b => b.Sequence).Distinct().Count() >= sequences.Length);
            await stop.CancelAsync();
            await run;
        }

        Assert.Equal(sequences, subscriber.Distinct("dryer-1").Order());
    }

    /// <summary>
    /// The broker goes down for ten minutes of the agent's (fake) clock while it keeps sampling
    /// every 10 s; once the broker is back every message arrives exactly once after
    /// de-duplication, with no gap, and the buffer is empty.
    /// </summary>
    public static async Task ABrokerOutageLosesNothing(TestBroker broker, string folder)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var subscriber = await ReadingsSubscriber.StartAsync(broker.Host, broker.Port);
        using var outbox = DiskBuffer.Open(folder, "dryer-1", time: time);
        var first = outbox.NextSequence;
        var options = Options(broker, "dryer-1") with { MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) };
        var publisher = new Publisher(options, outbox, time);
        var driver = new SimulatedSensorDriver(new DryingRun { Start = time.GetUtcNow() - TimeSpan.FromHours(1), Seed = 5 }, time);
        var agent = new Agent.Agent(new AgentOptions { Interval = TimeSpan.FromSeconds(10), BatchSize = 2 }, driver, outbox, publisher, time);
        using var stop = new CancellationTokenSource();
        var run = agent.RunAsync(stop.Token);

        async Task TickAsync()
        {
            var before = agent.Samples;
            time.Advance(TimeSpan.FromSeconds(10));
            await agent.Sampled.WaitUntilAsync(() => agent.Samples > before, CancellationToken.None).WaitAsync(Patience);
        }

        await agent.Sampled.WaitUntilAsync(() => agent.Samples >= 1, CancellationToken.None).WaitAsync(Patience);
        for (var i = 0; i < 6; i++)
        {
            await TickAsync();
        }

        // Online for a minute: all of it reached the subscriber before the broker goes down.
        var online = outbox.NextSequence - first;
        await subscriber.WaitUntilAsync(m => m.Select(b => b.Sequence).Distinct().Count() >= online);
        await broker.Stop();
        await publisher.Progress.WaitUntilAsync(() => !publisher.IsConnected, CancellationToken.None).WaitAsync(Patience);

        for (var i = 0; i < 60; i++)
        {
            await TickAsync();
        }

        Assert.True(outbox.Count >= 120, $"ten minutes of readings buffered: {outbox.Count}");
        await broker.Start();
        await subscriber.ConnectAsync();
        // Let the publisher's backoff run out on the agent's clock (each step may also sample).
        while (!publisher.IsConnected)
        {
            var attempt = publisher.Progress.Next();
            time.Advance(options.MaxBackoff);
            await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromMilliseconds(100)));
        }

        await outbox.Changed.WaitUntilAsync(() => outbox.Count == 0, CancellationToken.None).WaitAsync(Patience);
        await stop.CancelAsync();
        await run;
        var all = outbox.NextSequence - first;
        await subscriber.WaitUntilAsync(m => m.Select(b => b.Sequence).Distinct().Count() >= all);

        Assert.Equal(Enumerable.Range(0, (int)all).Select(i => first + i), subscriber.Distinct("dryer-1").Order());
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, outbox.Dropped);
    }
}
