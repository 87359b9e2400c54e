using Grpc.AspNetCore.Web;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>
/// A gRPC server on a free loopback port that knows one lot, for testing the CLI's wire, JSON
/// and error handling without the real server.
/// </summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="protocols">What the one endpoint speaks.</param>
    /// <param name="grpcWeb">Whether it also serves gRPC-Web, as the trace server's HTTP/1.1 URL does.</param>
    public static async Task<StubServer> StartAsync(HttpProtocols protocols, bool grpcWeb = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        builder.Services.AddGrpc();
        var app = builder.Build();
        if (grpcWeb)
        {
            app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        }
        app.MapGrpcService<StubLots>();
        app.MapGrpcService<StubConditions>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StubServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class StubLots : Lots.LotsBase
    {
        public override Task<Lot> GetLot(GetLotRequest request, ServerCallContext context) =>
            request.Gtin == Fixtures.Gtin && request.Lot == Fixtures.LotCode
                ? Task.FromResult(Fixtures.Lot())
                : throw new RpcException(new Status(StatusCode.NotFound, $"lot {request.Gtin}/{request.Lot} is not registered"));

        /// <summary>One lot per page, three pages.</summary>
        public override Task<ListLotsResponse> ListLots(ListLotsRequest request, ServerCallContext context)
        {
            var page = request.PageToken.Length == 0 ? 0 : int.Parse(request.PageToken, System.Globalization.CultureInfo.InvariantCulture);
            var lot = Fixtures.Lot();
            lot.Lot_ = $"L{page}";
            return Task.FromResult(new ListLotsResponse
            {
                Lots = { lot },
                NextPageToken = page < 2 ? $"{page + 1}" : "",
            });
        }

        public override Task<Lot> Pack(PackLotRequest request, ServerCallContext context) =>
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"batch {request.Inputs[0].BatchId} has only 100 g left"));
    }
}
