using Traceability.Ingestion.Pipeline;
using Xunit.Abstractions;

namespace Traceability.IntegrationTests.External;

/// <summary>The server killed (SIGKILL) while readings stream in through mosquitto, then started again on the same data folder.</summary>
[Collection(ExternalCluster.Collection)]
public sealed class ServerCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WhenTheServerIsKilledMidIngestion_EveryAcknowledgedReadingIsStoredExactlyOnce()
    {
        await using var cluster = await ExternalCluster.StartAsync();
        // 2,400 messages of 50 readings from the 12 demo gateways, appended to their outboxes while they publish.
        await using var fleet = SimulatedFleet.Publish(cluster.Devices, cluster.Broker.Host, cluster.Broker.Port, cluster.Scratch, total: 120_000, batch: 50);
        IngestionCounters? status = null;
        await Eventually.HoldsAsync(
            async () => (status = await cluster.StatusAsync()).MessagesStored >= fleet.Messages / 10,
            ExternalCluster.Patience,
            "a tenth of the stream stored",
            () => $"{status?.MessagesStored} of {fleet.Messages} messages");

        await cluster.KillServerAsync();
        var acknowledgedAtKill = fleet.AcknowledgedReadings;
        long committedAtKill;
        using (var journal = new IngestionJournal(Path.Combine(cluster.DataDir, "ingestion.db")))
        {
            committedAtKill = journal.StoredMessages();
        }

        await cluster.RestartServerAsync();
        await fleet.DrainAsync(ExternalCluster.Patience);
        var stored = await cluster.WaitForReadingsAsync(fleet.Sent);

        var after = await cluster.StatusAsync();
        output.WriteLine($"at the kill: {committedAtKill} of {fleet.Messages} messages committed, {acknowledgedAtKill} of {fleet.Sent.Count} readings acknowledged by mosquitto; " +
            $"after the restart: {after.MessagesStored} messages stored, {after.Duplicates} redelivered duplicates absorbed");
        Assert.InRange(committedAtKill, 1, fleet.Messages - 1);
        Assert.Equal(fleet.Sent.Count, fleet.AcknowledgedReadings);
        StoredReadingsAssert.ExactlyOnce(fleet.Sent, stored);
        // Each message was stored by exactly one of the two lives of the server.
        Assert.Equal(fleet.Messages - committedAtKill, after.MessagesStored);
        Assert.Equal(0, after.DeadLettered);
    }
}
