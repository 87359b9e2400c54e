using System.CommandLine;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary><c>trace conditions</c> from arguments to exit code, against the stub server's Conditions service.</summary>
public sealed class ConditionsAgainstAServerTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-cli-conditions-");
    private StubServer? server;

    private string Server => server?.Address.ToString() ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => server = await StubServer.StartAsync(HttpProtocols.Http2);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        _folder.Delete(recursive: true);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.New().InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("csv", "row,subject,")]
    [InlineData("xlsx", "PK")]
    [InlineData("html", "<!DOCTYPE html>")]
    public async Task ConditionsLotWritesTheReportToTheOutputFile(string format, string start)
    {
        var path = Path.Combine(_folder.FullName, $"SD-01.{format}");

        var (exit, output, error) = await RunAsync(
            "conditions", "lot", ConditionsFixtures.Gtin, ConditionsFixtures.LotCode, "--format", format, "--output", path, "--server", Server);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Contains(path, output, StringComparison.Ordinal);
        Assert.StartsWith(start, Encoding.UTF8.GetString(File.ReadAllBytes(path)).TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithJsonTheTableIsTheReportAsJson()
    {
        var (exit, output, _) = await RunAsync("conditions", "lot", ConditionsFixtures.Gtin, ConditionsFixtures.LotCode, "--json", "--server", Server);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(ConditionsFixtures.Lot(), JsonParser.Default.Parse<ConditionReport>(output));
    }

    [Fact]
    public async Task AnUnknownLotExitsThreeAndWritesNoFile()
    {
        var path = Path.Combine(_folder.FullName, "none.xlsx");

        var (exit, _, error) = await RunAsync("conditions", "lot", ConditionsFixtures.Gtin, "NONE", "--output", path, "--server", Server);

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Contains("NotFound: lot 08930000000015/NONE is not registered", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ProfilesSetSendsTheFileAndPrintsTheNewVersion()
    {
        var path = Path.Combine(_folder.FullName, "profile.json");
        await File.WriteAllTextAsync(path, """{ "name": "Sấy 50–70 °C", "limits": [ { "quantity": "temperature", "min": 50, "max": 70 } ] }""");

        var (exit, output, error) = await RunAsync("conditions", "profiles", "set", "drying-default", "--file", path, "--expected-version", "2", "--json", "--server", Server);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        var saved = JsonParser.Default.Parse<ConditionProfile>(output);
        Assert.Equal(("drying-default", 3, "Sấy 50–70 °C"), (saved.ProfileId, saved.Version, saved.Name));
        Assert.Equal(new QuantityLimit { Quantity = "temperature", Min = 50, Max = 70 }, Assert.Single(saved.Limits));
    }

    [Fact]
    public async Task AStaleExpectedVersionIsRefusedByTheServer()
    {
        var path = Path.Combine(_folder.FullName, "profile.json");
        await File.WriteAllTextAsync(path, """{ "name": "x" }""");

        var (exit, _, error) = await RunAsync("conditions", "profiles", "set", "drying-default", "--file", path, "--expected-version", "1", "--server", Server);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Aborted: profile drying-default is at version 2, not 1", error, StringComparison.Ordinal);
    }
}
