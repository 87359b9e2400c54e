using Traceability.Api;
using Traceability.Api.Access;
using Traceability.Server;
using Traceability.Server.Demo;
using Traceability.Web;

// appsettings.json sits beside the binary; the data folder stays relative to where the server is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = CommandLine.Normalize(args), ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(CommandLine.Normalize(args), CommandLine.SwitchMappings);

builder.AddTraceabilityPlatform();
builder.AddTraceabilityProtection();
builder.Services.AddSingleton<Readiness>();
builder.Services.AddTraceabilityApi();
builder.Services.AddTraceabilityAccess(
    sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<TraceabilityOptions>>().Value.DataDir,
    builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions());
builder.Services.AddTraceabilityWeb();
builder.Services.AddHostedService<DemoLoader>();
builder.Services.AddHostedService<CheckpointCutter>();
builder.Services.AddTraceabilityAnchoring();
// Live alerts judge a site by the same profile catalogue as the inspectors' reports.
builder.Services.AddSingleton<Traceability.Ingestion.Alerts.IAlertProfiles, SiteAlertProfiles>();
builder.AddTraceabilityIngestion();

var settings = builder.Configuration.GetSection(TraceabilityOptions.Section).Get<TraceabilityOptions>() ?? new TraceabilityOptions();
var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured : Listening.DefaultUrls;
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
var listening = new Listening();
builder.WebHost.ConfigureKestrel(kestrel => listening.Configure(kestrel, urls, settings.GrpcPort));

var app = builder.Build();
FirstAdminKey.Ensure(app.Services);
// Routing and authentication first: the limits, the gRPC-Web bridge and the access checks all need
// the endpoint and the caller. The embedded issuer answers POST /connect/token inside UseTraceabilityAuthentication.
app.UseRouting();
app.UseTraceabilityAuthentication();
app.UseTraceabilityProtection();
app.UseTraceabilityWeb();
app.UseTraceabilityApi();
app.UseTraceabilityAccess();
app.MapGet("/healthz", (Readiness readiness) => readiness.IsReady ? Results.Text("ok") : Results.Text("starting", statusCode: 503));
app.MapTraceabilityApi();
app.MapTraceabilityWeb();
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
