namespace Traceability.Server.Tests;

/// <summary>
/// A demo server whose public endpoints allow a burst of <see cref="Burst"/> requests per client
/// address, refilled at one a second: small enough to exceed in a test, quick to recover from.
/// </summary>
public sealed class ProtectionRateLimitedServer : IAsyncLifetime
{
    public const int Burst = 5;

    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(
        demo: true,
        settings: ["--RateLimits:PublicPermitsPerMinute", "60", "--RateLimits:PublicBurst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture), "--Security:TrustedProxies:0", "127.0.0.1"]);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
