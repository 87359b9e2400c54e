using Traceability.Testing;

namespace Traceability.Conditions.Tests;

/// <summary>One real VictoriaMetrics for a test class; killed and its folder deleted afterwards.</summary>
public sealed class VictoriaMetricsFixture : IAsyncLifetime
{
    public VictoriaMetricsProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await VictoriaMetricsProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
