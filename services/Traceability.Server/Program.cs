using System.Net;
using Microsoft.Extensions.Options;
using Traceability.Api;
using Traceability.Domain;
using Traceability.Grains;
using Traceability.Persistence.Sqlite;
using Traceability.Rules;
using Traceability.Server;
using Traceability.Server.Demo;
using Traceability.Storage;

// appsettings.json sits beside the binary; the data folder stays relative to where the server is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = CommandLine.Normalize(args), ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(CommandLine.Normalize(args), CommandLine.SwitchMappings);

builder.Services.AddOptions<TraceabilityOptions>().BindConfiguration(TraceabilityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<CaptureOptions>().BindConfiguration(CaptureOptions.Section).ValidateDataAnnotations().ValidateOnStart();
var settings = builder.Configuration.GetSection(TraceabilityOptions.Section).Get<TraceabilityOptions>() ?? new TraceabilityOptions();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new YieldPolicy(sp.GetRequiredService<IOptions<CaptureOptions>>().Value.Yields
    .ToDictionary(y => y.Key, y => new YieldRange(y.Value.Min, y.Value.Max))));
builder.Services.AddSingleton<IEventStore>(sp =>
    new SqliteEventStore(Path.Combine(sp.GetRequiredService<IOptions<TraceabilityOptions>>().Value.DataDir, "events.db")));
builder.Services.AddSingleton<Readiness>();
builder.Services.AddTraceabilityApi();

builder.UseOrleans(silo =>
{
    // Embedded mode: a one-silo cluster on loopback; the cluster mode replaces this by configuration.
    silo.UseLocalhostClustering(settings.SiloPort == 0 ? Listening.FreeLoopbackPort() : settings.SiloPort, settings.GatewayPort);
    silo.Configure<Orleans.Configuration.EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
});
builder.Services.AddHostedService<DemoLoader>();

var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured : Listening.DefaultUrls;
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
var listening = new Listening();
builder.WebHost.ConfigureKestrel(kestrel => listening.Configure(kestrel, urls, settings.GrpcPort));

var app = builder.Build();
app.UseTraceabilityApi();
app.MapGet("/healthz", (Readiness readiness) => readiness.IsReady ? Results.Text("ok") : Results.Text("starting", statusCode: 503));
app.MapTraceabilityApi();
app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var line in listening.Describe())
    {
        Console.WriteLine(line);
    }
});
app.Run();

/// <summary>The server's entry point, visible to tests.</summary>
public partial class Program;
