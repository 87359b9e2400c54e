using Traceability.Testing;

namespace Traceability.Anchoring.Tests;

/// <summary>One anvil per test class (automine), stopped after the class; each test deploys its own contract.</summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    public AnvilProcess Anvil { get; private set; } = null!;

    public async Task InitializeAsync() => Anvil = await AnvilProcess.StartAsync();

    public async Task DisposeAsync() => await Anvil.DisposeAsync();
}
