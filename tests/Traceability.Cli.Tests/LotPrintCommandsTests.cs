using System.CommandLine;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Traceability.Cli.Tests;

/// <summary><c>trace lot qr|labels</c>: the routes a command line asks for, and the whole command against a stub of the server's web routes.</summary>
public sealed class LotPrintCommandsTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-cli-qr-");
    private StubWebServer? server;

    private StubWebServer Server => server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => server = await StubWebServer.StartAsync(HttpProtocols.Http1);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        _folder.Delete(recursive: true);
    }

    private static (LotPrintCommands Commands, ParseResult Parse) ParsePrint(string commandLine)
    {
        var commands = new LotPrintCommands(Cli.New().Global);
        var parse = new RootCommand { commands.Qr, commands.Labels }.Parse(commandLine);
        Assert.Empty(parse.Errors.Select(error => error.Message));
        return (commands, parse);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.New().InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string File(string name) => Path.Combine(_folder.FullName, name);

    [Theory]
    [InlineData("qr 08935049500017 L2410-01 --output a.svg", "v1/lots/08935049500017/L2410-01/qr.svg")]
    [InlineData("qr 08935049500017 L2410-01 --output a.PNG", "v1/lots/08935049500017/L2410-01/qr.png")]
    [InlineData("qr 08935049500017 L2410-01 --output a", "v1/lots/08935049500017/L2410-01/qr.svg")]
    [InlineData("qr 08935049500017 L2410-01 --format png --output a", "v1/lots/08935049500017/L2410-01/qr.png")]
    [InlineData("qr 08935049500017 L/24?#1 --serial 0042 --output a.svg", "v1/lots/08935049500017/L%2F24%3F%231/qr.svg?serial=0042")]
    [InlineData("qr 08935049500017 L1 --serial S&1 --output a.svg", "v1/lots/08935049500017/L1/qr.svg?serial=S%261")]
    public void TheQrCommandAsksForTheLotsImageWithTheLotCodeEscaped(string commandLine, string route)
    {
        var (commands, parse) = ParsePrint(commandLine);

        Assert.Equal(route, commands.QrRoute(parse));
    }

    [Theory]
    [InlineData("labels 08935049500017 L2410-01 --count 24 --output s.html", "v1/lots/08935049500017/L2410-01/labels?count=24")]
    [InlineData("labels 08935049500017 L2410-01 --count 5 --first 3 --serials --output s.html", "v1/lots/08935049500017/L2410-01/labels?count=5&first=3&serials=true")]
    public void TheLabelsCommandPassesCountFirstAndSerialsOn(string commandLine, string route)
    {
        var (commands, parse) = ParsePrint(commandLine);

        Assert.Equal(route, commands.LabelsRoute(parse));
    }

    [Theory]
    [InlineData("lot qr 08935049500017 L1", "Option '--output' is required.")]
    [InlineData("lot qr 08935049500017 L1 --format gif --output a.gif", "--format: 'gif' is not one of svg, png")]
    [InlineData("lot qr 08935049500017 L1 --format svg --output a.png", "--output: 'a.png' is named as a png file, but --format asks for svg")]
    [InlineData("lot labels 08935049500017 L1 --output s.html", "Option '--count' is required.")]
    [InlineData("lot labels 08935049500017 L1 --count many --output s.html", "--count: 'many' is not a whole number from 0 to 2147483647")]
    public void AWrongCommandLineIsRefusedBeforeAnyCall(string commandLine, string error) =>
        Assert.Contains(error, Cli.New().ParseErrors(commandLine));

    [Theory]
    [InlineData("svg")]
    [InlineData("png")]
    public async Task TheQrCodeIsWrittenToTheOutputFileAndTheUriItCarriesIsPrinted(string format)
    {
        var path = File($"lot.{format}");

        var (exit, output, error) = await RunAsync("lot", "qr", Fixtures.Gtin, Fixtures.LotCode, "--serial", "7", "--output", path, "--server", Server.Address.ToString());

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        var expected = format == "svg" ? System.Text.Encoding.UTF8.GetBytes(StubWebServer.Svg) : StubWebServer.Png;
        Assert.Equal(expected, await System.IO.File.ReadAllBytesAsync(path));
        Assert.Equal($"{path}: QR code of {StubWebServer.DigitalLink("7")} ({expected.Length} bytes){Environment.NewLine}", output);
        Assert.Equal($"/v1/lots/{Fixtures.Gtin}/{Fixtures.LotCode}/qr.{format}?serial=7", Server.Requests.Last());
        Assert.Empty(Directory.GetFiles(_folder.FullName, "*.partial"));
    }

    [Fact]
    public async Task TheLabelSheetIsWrittenToTheOutputFile()
    {
        var path = File("labels.html");

        var (exit, output, error) = await RunAsync("lot", "labels", Fixtures.Gtin, Fixtures.LotCode, "--count", "24", "--serials", "--output", path, "--server", Server.Address.ToString());

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Equal(StubWebServer.Sheet, await System.IO.File.ReadAllTextAsync(path));
        Assert.StartsWith($"{path}: 24 label(s) of lot {Fixtures.Gtin}/{Fixtures.LotCode} (", output, StringComparison.Ordinal);
        Assert.Equal($"/v1/lots/{Fixtures.Gtin}/{Fixtures.LotCode}/labels?count=24&serials=true", Server.Requests.Last());
    }

    [Fact]
    public async Task AnUnknownLotExitsThreeWithTheServersWordsAndWritesNothing()
    {
        var path = File("none.svg");

        var (exit, output, error) = await RunAsync("lot", "qr", Fixtures.Gtin, "L-NONE", "--output", path, "--server", Server.Address.ToString());

        Assert.Equal((ExitCodes.NotFound, ""), (exit, output));
        Assert.Equal($"error: NotFound: lot: lot 'L-NONE' of GTIN {Fixtures.Gtin} does not exist{Environment.NewLine}", error);
        Assert.False(System.IO.File.Exists(path));
    }

    [Fact]
    public async Task ARefusedSheetExitsTwoWithTheServersReason()
    {
        var (exit, _, error) = await RunAsync("lot", "labels", Fixtures.Gtin, Fixtures.LotCode, "--count", "0", "--output", File("s.html"), "--server", Server.Address.ToString());

        Assert.Equal(ExitCodes.Rejected, exit);
        Assert.Equal($"error: BadRequest: count: must be a whole number from 1 to 500 (labels per sheet request), not '0'{Environment.NewLine}", error);
    }

    [Fact]
    public async Task AServerPortThatSpeaksOnlyHttp2IsAskedAgainOverHttp2()
    {
        await using var grpcPort = await StubWebServer.StartAsync(HttpProtocols.Http2);
        var path = File("h2.png");

        var (exit, _, error) = await RunAsync("lot", "qr", Fixtures.Gtin, Fixtures.LotCode, "--output", path, "--server", grpcPort.Address.ToString());

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Equal(StubWebServer.Png, await System.IO.File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task AServerNobodyRunsIsNamedWithTheWayToNameAnother()
    {
        int port;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (exit, _, error) = await RunAsync("lot", "qr", Fixtures.Gtin, Fixtures.LotCode, "--output", File("x.svg"), "--server", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.StartsWith($"error: cannot reach the trace server at http://127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("--server or TRACE_SERVER", error, StringComparison.Ordinal);
    }
}
