using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Traceability.Cli.Tests;

/// <summary>
/// The trace server's QR and label routes on a free loopback port, knowing the one lot of
/// <see cref="Fixtures"/>: its images and sheet, a 404 problem for any other lot, a 400 problem
/// for a count of 0. Records each request's target and <c>Authorization</c> header as sent. With
/// <c>requireCredentials</c>, it answers 401 without a header and 403 to any but the admin key of
/// <see cref="StubAccessState"/>, as the real server does for a lot's packer's reads.
/// </summary>
internal sealed class StubWebServer : IAsyncDisposable
{
    public const string Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\"><path d=\"M4 4h7v1h-7z\"/></svg>";
    public const string Sheet = "<!DOCTYPE html><html lang=\"vi\"><title>Nhãn lô</title></html>";
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 1, 2, 3];

    private readonly WebApplication app;

    private StubWebServer(WebApplication app, Uri address, ConcurrentQueue<string> requests, ConcurrentQueue<string?> authorizations)
    {
        this.app = app;
        Address = address;
        Requests = requests;
        Authorizations = authorizations;
    }

    /// <summary>Each request's <c>Authorization</c> header (null when none was sent), in arrival order.</summary>
    public ConcurrentQueue<string?> Authorizations { get; }

    public Uri Address { get; }

    /// <summary>The request targets (path and query) as they arrived.</summary>
    public ConcurrentQueue<string> Requests { get; }

    public static string DigitalLink(string? serial = null) =>
        $"https://qr.example.vn/01/{Fixtures.Gtin}/10/{Fixtures.LotCode}{(serial is null ? "" : $"/21/{serial}")}";

    public static async Task<StubWebServer> StartAsync(HttpProtocols protocols, bool requireCredentials = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var app = builder.Build();
        var requests = new ConcurrentQueue<string>();
        var authorizations = new ConcurrentQueue<string?>();
        app.Use(async (context, next) =>
        {
            requests.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            var authorization = context.Request.Headers.Authorization.FirstOrDefault();
            authorizations.Enqueue(authorization);
            if (requireCredentials && authorization is null)
            {
                await Results.Problem("credentials required: send Authorization: ApiKey <key> or Bearer <token>", statusCode: 401).ExecuteAsync(context);
                return;
            }
            if (requireCredentials && authorization != $"ApiKey {StubAccessState.AdminKey}")
            {
                await Results.Problem("operator:fedcba9876543210fedcba9876543210 may not: only the packer of the lot may print its labels", statusCode: 403).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.MapGet("/v1/lots/{gtin}/{lot}/qr.svg", (string gtin, string lot, HttpContext context) =>
            Known(gtin, lot) ? Image(context, Encoding.UTF8.GetBytes(Svg), "image/svg+xml") : Unknown(lot));
        app.MapGet("/v1/lots/{gtin}/{lot}/qr.png", (string gtin, string lot, HttpContext context) =>
            Known(gtin, lot) ? Image(context, Png, "image/png") : Unknown(lot));
        app.MapGet("/v1/lots/{gtin}/{lot}/labels", (string gtin, string lot, int count) =>
            !Known(gtin, lot) ? Unknown(lot)
            : count < 1 ? Results.Problem($"count: must be a whole number from 1 to 500 (labels per sheet request), not '{count}'", statusCode: 400)
            : Results.Text(Sheet, "text/html; charset=utf-8", Encoding.UTF8));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StubWebServer(app, new Uri(address), requests, authorizations);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static bool Known(string gtin, string lot) => gtin == Fixtures.Gtin && lot == Fixtures.LotCode;

    private static IResult Image(HttpContext context, byte[] content, string type)
    {
        context.Response.Headers["X-Digital-Link"] = DigitalLink(context.Request.Query["serial"].FirstOrDefault());
        return Results.Bytes(content, type);
    }

    private static IResult Unknown(string lot) => Results.Problem($"lot: lot '{lot}' of GTIN {Fixtures.Gtin} does not exist", statusCode: 404);
}
