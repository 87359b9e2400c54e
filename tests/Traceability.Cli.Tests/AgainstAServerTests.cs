using System.CommandLine;
using Google.Protobuf;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>The whole command, from arguments to exit code, against a stub gRPC server over h2c.</summary>
public sealed class AgainstAServerTests : IAsyncLifetime
{
    private StubServer? server;

    private Uri Server => server?.Address ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => server = await StubServer.StartAsync(HttpProtocols.Http2);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.New().InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task WhenJsonIsAskedThenStandardOutputIsTheResponseAsJsonAlone()
    {
        var (exit, output, error) = await RunAsync("lot", "show", Fixtures.Gtin, Fixtures.LotCode, "--json", "--server", Server.ToString());

        Assert.Equal((0, ""), (exit, error));
        Assert.Equal(ProtoJson.Format(Fixtures.Lot()) + Environment.NewLine, output);
        Assert.Equal(Fixtures.Lot(), JsonParser.Default.Parse<Lot>(output));
    }

    [Fact]
    public async Task WhenAPersonAsksThenTheLotIsATable()
    {
        var (exit, output, _) = await RunAsync("lot", "show", Fixtures.Gtin, Fixtures.LotCode, "--server", Server.ToString());

        Assert.Equal(0, exit);
        Assert.Contains("Lot 08935049500017 / L2410-01", output, StringComparison.Ordinal);
        Assert.Contains("96 × 100 g", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheLotIsUnknownThenTheStatusGoesToStandardErrorAndTheExitCodeIsThree()
    {
        var (exit, output, error) = await RunAsync("lot", "show", Fixtures.Gtin, "L-NONE", "--json", "--server", Server.ToString());

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: NotFound: lot {Fixtures.Gtin}/L-NONE is not registered{Environment.NewLine}", error);
    }

    [Fact]
    public async Task WhenTheServerRefusesAPackThenTheExitCodeIsTwo()
    {
        var (exit, _, error) = await RunAsync(
            "pack", "HTX-XOP", Fixtures.Gtin, "L2", "--site", "S", "--units", "1", "--net-g", "100",
            "--produced", "2024-10-10", "--expires", "2026-10-10", "--input", "B-EXT-01=100000", "--server", Server.ToString());

        Assert.Equal(ExitCodes.Rejected, exit);
        Assert.Equal($"error: FailedPrecondition: batch B-EXT-01 has only 100 g left{Environment.NewLine}", error);
    }

    [Fact]
    public async Task WhenAllPagesAreAskedThenTheLotsComeAsOneResponse()
    {
        var (exit, output, _) = await RunAsync("lot", "list", "--all", "--json", "--server", Server.ToString());

        Assert.Equal(0, exit);
        var lots = JsonParser.Default.Parse<ListLotsResponse>(output);
        Assert.Equal(["L0", "L1", "L2"], lots.Lots.Select(lot => lot.Lot_));
        Assert.Equal("", lots.NextPageToken);
    }

    [Fact]
    public async Task WhenOnePageIsAskedThenThePersonIsToldHowToGetTheNext()
    {
        var (exit, output, _) = await RunAsync("lot", "list", "--server", Server.ToString());

        Assert.Equal(0, exit);
        Assert.Contains("more: trace lot list --page-token 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenNoServerListensThenTheMessageNamesTheUrl()
    {
        // A port that was free a moment ago: bound, read, released.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, output, error) = await RunAsync("lot", "list", "--server", $"http://127.0.0.1:{port}");

        Assert.Equal((ExitCodes.Failure, ""), (exit, output));
        Assert.StartsWith($"error: cannot reach the trace server at http://127.0.0.1:{port} (", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheUrlServesOnlyHttp1WithGrpcWebThenTheCallGoesOverGrpcWeb()
    {
        // As the trace server's main URL does: Kestrel answers cleartext HTTP/2 there with HTTP_1_1_REQUIRED.
        await using var http1 = await StubServer.StartAsync(HttpProtocols.Http1, grpcWeb: true);

        var (exit, output, error) = await RunAsync("lot", "show", Fixtures.Gtin, Fixtures.LotCode, "--json", "--server", http1.Address.ToString());

        Assert.Equal((0, ""), (exit, error));
        Assert.Equal(Fixtures.Lot(), JsonParser.Default.Parse<Lot>(output));
    }

    [Fact]
    public async Task WhenTheUrlServesOnlyHttp1WithGrpcWebThenServerErrorsStillMapToExitCodes()
    {
        await using var http1 = await StubServer.StartAsync(HttpProtocols.Http1, grpcWeb: true);

        var (exit, _, error) = await RunAsync("lot", "show", Fixtures.Gtin, "L-NONE", "--server", http1.Address.ToString());

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Equal($"error: NotFound: lot {Fixtures.Gtin}/L-NONE is not registered{Environment.NewLine}", error);
    }

    [Fact]
    public async Task WhenTheUrlServesOnlyHttp1WithoutGrpcWebThenTheMessageSaysWhichRoadWasTaken()
    {
        await using var http1 = await StubServer.StartAsync(HttpProtocols.Http1);

        var (exit, output, error) = await RunAsync("lot", "show", Fixtures.Gtin, Fixtures.LotCode, "--server", http1.Address.ToString());

        Assert.Equal((ExitCodes.Failure, ""), (exit, output));
        Assert.StartsWith("error: Internal: ", error, StringComparison.Ordinal);
        Assert.Contains($"(over gRPC-Web: {http1.Address} takes only HTTP/1.1; if it serves no gRPC-Web, use the server's HTTP/2 gRPC port)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheCommandLineIsWrongThenNothingIsSentAndTheExitCodeIsTwo()
    {
        var (exit, output, error) = await RunAsync(
            "pack", "HTX-XOP", Fixtures.Gtin, "L2", "--site", "S", "--units", "1", "--net-g", "100",
            "--produced", "2024-10-10", "--expires", "2026-10-10", "--input", "X=abc", "--server", Server.ToString());

        Assert.Equal((ExitCodes.Rejected, ""), (exit, output));
        Assert.Contains("--input: 'X=abc': 'abc' is not a whole number of grams above 0", error, StringComparison.Ordinal);
    }
}
