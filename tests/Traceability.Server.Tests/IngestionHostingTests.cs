using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Traceability.Ingestion.Alerts;

namespace Traceability.Server.Tests;

/// <summary>Live alerts have one source of limits, the host's <see cref="IAlertProfiles"/>: without it the ingestion does not start.</summary>
public sealed class IngestionHostingTests
{
    [Fact]
    public void AHostThatRegistersNoAlertProfiles_FailsAtStartSayingItMustRegisterOne()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddTraceabilityIngestion();
        using var host = builder.Build();

        var failure = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<ExcursionWatch>());

        Assert.Contains(nameof(IAlertProfiles), failure.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SiteAlertProfiles), failure.Message, StringComparison.Ordinal);
    }
}
