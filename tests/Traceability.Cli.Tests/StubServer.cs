using Grpc.AspNetCore.Web;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>
/// A gRPC server on a free loopback port that knows one lot, two API keys and their tokens
/// (<see cref="StubAccessState"/>), for testing the CLI's wire, credentials, JSON and error
/// handling without the real server. Its <c>POST /connect/token</c> is the client credentials
/// grant of the server's embedded issuer; every request's <c>Authorization</c> header is recorded.
/// </summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubServer(WebApplication app, Uri address, StubAccessState access)
    {
        this.app = app;
        Address = address;
        Access = access;
    }

    public Uri Address { get; }

    /// <summary>The keys and tokens it knows, and the requests it received.</summary>
    public StubAccessState Access { get; }

    /// <param name="protocols">What the one endpoint speaks.</param>
    /// <param name="grpcWeb">Whether it also serves gRPC-Web, as the trace server's HTTP/1.1 URL does.</param>
    public static async Task<StubServer> StartAsync(HttpProtocols protocols, bool grpcWeb = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        builder.Services.AddGrpc();
        var access = new StubAccessState();
        builder.Services.AddSingleton(access);
        var app = builder.Build();
        app.Use((context, next) =>
        {
            access.Requests.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.Authorization.FirstOrDefault()));
            return next(context);
        });
        if (grpcWeb)
        {
            app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        }
        app.MapGrpcService<StubLots>();
        app.MapGrpcService<StubConditions>();
        app.MapGrpcService<StubAccess>();
        app.MapGrpcService<StubDeviceAccounts>();
        // A RequestDelegate, whose result would be dropped if it returned one: the result is run here.
        app.MapPost("/connect/token", async context => await Token(access, await context.Request.ReadFormAsync()).ExecuteAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StubServer(app, new Uri(address), access);
    }

    /// <summary>The client credentials grant as OpenIddict answers it: a token, or an OAuth error with 400 or 401.</summary>
    private static IResult Token(StubAccessState access, IFormCollection form)
    {
        var fields = form.ToDictionary(field => field.Key, field => field.Value.ToString());
        access.TokenRequests.Enqueue(fields);
        if (fields.GetValueOrDefault("grant_type") != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type", error_description = "The specified 'grant_type' is not supported." }, statusCode: 400);
        }
        var keyId = fields.GetValueOrDefault("client_id");
        var known = (keyId, fields.GetValueOrDefault("client_secret")) is (StubAccessState.AdminKeyId, StubAccessState.AdminKey)
            or (StubAccessState.OperatorKeyId, StubAccessState.OperatorKey);
        return known
            ? Results.Json(new { access_token = access.Issue(keyId!), token_type = "Bearer", expires_in = (int)StubAccessState.TokenLifetime.TotalSeconds })
            : Results.Json(new { error = "invalid_client", error_description = "The specified client credentials are invalid." }, statusCode: 401);
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
