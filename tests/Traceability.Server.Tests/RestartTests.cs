using Microsoft.Data.Sqlite;
using Traceability.Contracts.V1;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>Acknowledged means durable: a stopped or killed server comes back with every record and the same trace.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task WhenTheServerIsKilledRightAfterAnAcknowledgedWrite_EveryRecordAndTheTraceSurvive()
    {
        var dataDir = Directory.CreateTempSubdirectory("traceability-restart-").FullName;
        try
        {
            string before;
            Scenario scenario;
            await using (var server = await ServerProcess.StartAsync(dataDir))
            {
                scenario = new Scenario(server.Channel);
                await scenario.RunAsync();
                before = (await scenario.Trace.TraceLotAsync(new TraceLotRequest { Gtin = scenario.Gtin, Lot = scenario.Lot })).ToString();
                await server.KillAsync();
            }

            await using (var restarted = await ServerProcess.StartAsync(dataDir))
            {
                var again = new Contracts.V1.Trace.TraceClient(restarted.Channel);
                var after = (await again.TraceLotAsync(new TraceLotRequest { Gtin = scenario.Gtin, Lot = scenario.Lot })).ToString();
                Assert.Equal(before, after);
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task WhenTheServerIsKilledRightAfterAnAcknowledgedProfileChange_TheNewVersionSurvives()
    {
        var dataDir = Directory.CreateTempSubdirectory("traceability-profiles-").FullName;
        try
        {
            Contracts.V1.ConditionProfile changed;
            await using (var server = await ServerProcess.StartAsync(dataDir))
            {
                var client = new Contracts.V1.Conditions.ConditionsClient(server.Channel);
                var storage = await client.GetProfileAsync(new GetProfileRequest { ProfileId = "storage" });
                storage.Limits[1].Max = 60;
                changed = await client.PutProfileAsync(new PutProfileRequest { ProfileId = "storage", Profile = storage, ExpectedVersion = storage.Version });
                await server.KillAsync();
            }

            await using (var restarted = await ServerProcess.StartAsync(dataDir))
            {
                var client = new Contracts.V1.Conditions.ConditionsClient(restarted.Channel);
                Assert.Equal(changed, await client.GetProfileAsync(new GetProfileRequest { ProfileId = "storage" }));
                Assert.Equal(65, (await client.GetProfileAsync(new GetProfileRequest { ProfileId = "storage", Version = 1 })).Limits[1].Max);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task WhenTheDemoIsLoadedIntoAFolderThatHasIt_NothingIsAddedTwice()
    {
        var dataDir = Directory.CreateTempSubdirectory("traceability-demo-").FullName;
        try
        {
            await using (var first = await ServerProcess.StartAsync(dataDir, demo: true))
            {
                await first.KillAsync();
            }

            var afterFirst = CountEvents(dataDir);
            await using (var second = await ServerProcess.StartAsync(dataDir, demo: true))
            {
                Assert.Equal(afterFirst, CountEvents(dataDir));
            }

            Assert.Equal(DakGleiDemo.Events.Count, afterFirst);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static long CountEvents(string dataDir)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "events.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM events";
        return (long)command.ExecuteScalar()!;
    }
}
