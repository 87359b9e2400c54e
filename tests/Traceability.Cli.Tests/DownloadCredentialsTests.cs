using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Traceability.Cli.Tests;

/// <summary><c>trace lot qr|labels</c> send the same credential as the gRPC calls, and a refusal maps to the same exit codes.</summary>
public sealed class DownloadCredentialsTests : IAsyncLifetime
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("traceability-cli-download-");
    private StubWebServer? server;

    private StubWebServer Server => server ?? throw new InvalidOperationException("not started");

    private string Config => Path.Combine(folder.FullName, "config");

    public async Task InitializeAsync() => server = await StubWebServer.StartAsync(HttpProtocols.Http1, requireCredentials: true);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        folder.Delete(recursive: true);
    }

    private TraceCli New(string? apiKey = null) => Cli.New(new Dictionary<string, string?>
    {
        [CredentialStore.ConfigHomeVariable] = Config,
        [GlobalOptions.ApiKeyVariable] = apiKey,
    });

    private Task<(int Exit, string Output, string Error)> QrAsync(TraceCli cli, string path) =>
        cli.RunAsync("lot", "qr", Fixtures.Gtin, Fixtures.LotCode, "--output", path, "--server", Server.Address.ToString());

    [Fact]
    public async Task WhenAnApiKeyIsSetThenTheQrRequestCarriesIt()
    {
        var path = Path.Combine(folder.FullName, "lot.svg");

        var (exit, _, error) = await QrAsync(New(apiKey: StubAccessState.AdminKey), path);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Equal([$"ApiKey {StubAccessState.AdminKey}"], Server.Authorizations);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task WhenATokenIsStoredForTheServerThenTheLabelRequestCarriesIt()
    {
        new CredentialStore(Path.Combine(Config, "traceability", "credentials.json"))
            .Save(Server.Address, new StoredToken("eyJ.stored.sig", DateTimeOffset.UtcNow.AddHours(1), StubAccessState.OperatorKeyId));

        var (exit, _, _) = await New().RunAsync("lot", "labels", Fixtures.Gtin, Fixtures.LotCode, "--count", "3", "--output", Path.Combine(folder.FullName, "s.html"), "--server", Server.Address.ToString());

        Assert.Equal(["Bearer eyJ.stored.sig"], Server.Authorizations);
        // The stub lets only the admin key print: the token is refused with 403.
        Assert.Equal(ExitCodes.PermissionDenied, exit);
    }

    [Fact]
    public async Task WhenNoCredentialIsSentThenTheRefusalExitsSixAndWritesNothing()
    {
        var path = Path.Combine(folder.FullName, "none.svg");

        var (exit, output, error) = await QrAsync(New(), path);

        Assert.Equal((ExitCodes.Unauthenticated, ""), (exit, output));
        Assert.Equal(
            "error: Unauthorized: credentials required: send Authorization: ApiKey <key> or Bearer <token> "
            + $"(this needs credentials: run `trace login`, or give an API key with --api-key or $TRACE_API_KEY){Environment.NewLine}",
            error);
        Assert.Equal([null], Server.Authorizations);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task WhenTheCredentialMayNotThenTheRefusalExitsSevenWithTheServersReason()
    {
        var path = Path.Combine(folder.FullName, "other.png");

        var (exit, _, error) = await QrAsync(New(apiKey: StubAccessState.OperatorKey), path);

        Assert.Equal(ExitCodes.PermissionDenied, exit);
        Assert.Equal(
            $"error: Forbidden: operator:{StubAccessState.OperatorKeyId} may not: only the packer of the lot may print its labels (sent with the API key of $TRACE_API_KEY){Environment.NewLine}",
            error);
        Assert.False(File.Exists(path));
    }
}
