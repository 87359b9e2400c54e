using Traceability.Testing;

namespace Traceability.Web.Tests;

/// <summary>
/// The real server with the demo data, shared by the QR and label sheet tests (one server start
/// on a machine of two cores, not one per class).
/// </summary>
public sealed class QrServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(demo: true);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
