using System.CommandLine;

namespace Traceability.Cli.Tests;

/// <summary>
/// <c>trace epcis hash</c> against the GS1 reference vectors kept in the Epcis test project's
/// fixtures: offline, no server.
/// </summary>
public sealed class EpcisHashCommandTests
{
    private static string Vector(string file) =>
        Path.Combine(RepositoryRoot(), "tests", "Traceability.Epcis.Tests", "Fixtures", "epcis-hash", file);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Traceability.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (Traceability.sln) is not above the test assembly.");
    }

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.New().InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [InlineData("epcisDocWithVariousEventTypes")]
    [InlineData("epcisDocWithSensorDataObjectEvent")]
    [InlineData("TimeStampRoundOff")]
    public async Task WhenHashingAVectorDocumentEachEventsHashIdIsPrintedInOrder(string vector)
    {
        var (exit, output, error) = await Run("epcis", "hash", Vector(vector + ".jsonld"));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", error);
        Assert.Equal(Lines(File.ReadAllText(Vector(vector + ".hashes"))), Lines(output));
    }

    [Fact]
    public async Task WithPrehashThePreHashStringsArePrintedInstead()
    {
        var (exit, output, _) = await Run("epcis", "hash", Vector("ReferenceEventHashAlgorithm3.jsonld"), "--prehash");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(Lines(File.ReadAllText(Vector("ReferenceEventHashAlgorithm3.prehashes"))), Lines(output));
    }

    [Fact]
    public async Task AMissingFileIsNamedOnStandardErrorAndExitsNotFound()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.jsonld");

        var (exit, output, error) = await Run("epcis", "hash", missing);

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Equal("", output);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonIsRejectedWithAMessage()
    {
        var broken = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(broken, "{\"epcisBody\": {\"eventList\": [");

            var (exit, output, error) = await Run("epcis", "hash", broken);

            Assert.Equal(ExitCodes.Rejected, exit);
            Assert.Equal("", output);
            Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task JsonThatIsNoEpcisDocumentIsRejected()
    {
        var other = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(other, "{\"hello\": \"world\"}");

            var (exit, _, error) = await Run("epcis", "hash", other);

            Assert.Equal(ExitCodes.Rejected, exit);
            Assert.Contains("not an EPCIS", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(other);
        }
    }

    [Fact]
    public void TheLinesOfABareEventAreItsOneHash()
    {
        var lines = EpcisCommands.Lines(
            """{"type":"ObjectEvent","eventTime":"2024-10-10T09:00:00+07:00","eventTimeZoneOffset":"+07:00","epcList":["urn:epc:id:sgtin:8935049.500017.1"],"action":"OBSERVE"}""",
            preHashes: true);

        Assert.Equal(
            ["eventType=ObjectEventeventTime=2024-10-10T02:00:00.000ZeventTimeZoneOffset=+07:00epcListepc=https://id.gs1.org/01/58935049000179/21/1action=OBSERVE"],
            lines);
    }
}
