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
/// for a count of 0. Records each request's target as sent.
/// </summary>
internal sealed class StubWebServer : IAsyncDisposable
{
    public const string Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\"><path d=\"M4 4h7v1h-7z\"/></svg>";
    public const string Sheet = "<!DOCTYPE html><html lang=\"vi\"><title>Nhãn lô</title></html>";
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 1, 2, 3];

    private readonly WebApplication app;

    private StubWebServer(WebApplication app, Uri address, ConcurrentQueue<string> requests)
    {
        this.app = app;
        Address = address;
        Requests = requests;
    }

    public Uri Address { get; }

    /// <summary>The request targets (path and query) as they arrived.</summary>
    public ConcurrentQueue<string> Requests { get; }

    public static string DigitalLink(string? serial = null) =>
        $"https://qr.example.vn/01/{Fixtures.Gtin}/10/{Fixtures.LotCode}{(serial is null ? "" : $"/21/{serial}")}";

    public static async Task<StubWebServer> StartAsync(HttpProtocols protocols)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var app = builder.Build();
        var requests = new ConcurrentQueue<string>();
        app.Use((context, next) =>
        {
            requests.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            return next(context);
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
        return new StubWebServer(app, new Uri(address), requests);
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
