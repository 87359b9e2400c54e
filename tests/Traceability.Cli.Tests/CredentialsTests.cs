using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Traceability.Cli.Tests;

/// <summary>
/// <c>trace login|logout</c> and the credential every command sends, against a stub of the
/// server's main URL (HTTP/1.1, gRPC-Web) with its token endpoint, in a config folder of the test's own.
/// </summary>
public sealed class CredentialsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo config = Directory.CreateTempSubdirectory("traceability-cli-config-");
    private StubServer? server;

    private StubServer Server => server ?? throw new InvalidOperationException("not started");

    private string CredentialsFile => Path.Combine(config.FullName, "traceability", "credentials.json");

    public async Task InitializeAsync() => server = await StubServer.StartAsync(HttpProtocols.Http1, grpcWeb: true);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        config.Delete(recursive: true);
    }

    private TraceCli New(string? apiKey = null, DateTimeOffset? now = null, TextReader? input = null) => Cli.New(
        new Dictionary<string, string?> { [CredentialStore.ConfigHomeVariable] = config.FullName, [GlobalOptions.ApiKeyVariable] = apiKey },
        new FixedTime(now ?? Now),
        input);

    private Task<(int Exit, string Output, string Error)> LoginAsync(string key, StubServer? to = null) =>
        New().RunAsync("login", "--key", key, "--server", (to ?? Server).Address.ToString());

    private static string Issued(StubServer server) => Assert.Single(server.Access.Tokens.Keys);

    private string ServerKey => Server.Address.ToString().TrimEnd('/');

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task WhenLoggedInThenTheTokenIsKeptReadableByItsOwnerAloneAndTheKeyIsNot()
    {
        var (exit, output, error) = await LoginAsync(StubAccessState.AdminKey);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Equal(
            $"logged in to {ServerKey} with key {StubAccessState.AdminKeyId}; the token expires at 2026-11-29 09:00:00Z (kept in {CredentialsFile}){Environment.NewLine}",
            output);
        var text = await File.ReadAllTextAsync(CredentialsFile);
        Assert.Contains(Issued(Server), text, StringComparison.Ordinal);
        Assert.DoesNotContain(StubAccessState.AdminKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(StubAccessState.AdminKey[(4 + 32 + 1)..], text, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialsFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(CredentialsFile)!));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(CredentialsFile)!, "*.partial"));
    }

    [Fact]
    public async Task WhenLoggingInThenTheKeyGoesAsClientCredentialsAndNoAuthorizationHeader()
    {
        await LoginAsync(StubAccessState.AdminKey);

        var form = Assert.Single(Server.Access.TokenRequests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(StubAccessState.AdminKeyId, form["client_id"]);
        Assert.Equal(StubAccessState.AdminKey, form["client_secret"]);
        Assert.Equal([null], Server.Access.AuthorizationsOf("/connect/token"));
    }

    [Fact]
    public async Task WhenLoggedInThenLaterCommandsSendTheTokenOverGrpcWeb()
    {
        await LoginAsync(StubAccessState.AdminKey);

        var (exit, output, error) = await New().RunAsync("whoami", "--server", Server.Address.ToString());
        var lot = await New().RunAsync("lot", "show", Fixtures.Gtin, Fixtures.LotCode, "--server", Server.Address.ToString());

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Contains("Signed in as admin", output, StringComparison.Ordinal);
        Assert.Contains(StubAccessState.AdminKeyId, output, StringComparison.Ordinal);
        Assert.Contains("Bearer", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, lot.Exit);
        Assert.Equal([$"Bearer {Issued(Server)}"], Server.Access.AuthorizationsOf("/traceability.v1.Access/WhoAmI"));
        Assert.Equal([$"Bearer {Issued(Server)}"], Server.Access.AuthorizationsOf("/traceability.v1.Lots/GetLot"));
    }

    [Fact]
    public async Task WhenTheServerSpeaksNativeGrpcThenLoginAndTheCallsCarryTheCredentialToo()
    {
        await using var h2c = await StubServer.StartAsync(HttpProtocols.Http2);

        var login = await LoginAsync(StubAccessState.OperatorKey, h2c);
        var (exit, output, _) = await New().RunAsync("whoami", "--json", "--server", h2c.Address.ToString());

        Assert.Equal(ExitCodes.Ok, login.Exit);
        Assert.Equal(ExitCodes.Ok, exit);
        var identity = Google.Protobuf.JsonParser.Default.Parse<Contracts.V1.Identity>(output);
        Assert.Equal((Contracts.V1.PrincipalRole.Operator, "HTX-XOP", "Bearer"), (identity.Role, identity.FacilityId, identity.Scheme));
        Assert.Equal([$"Bearer {Issued(h2c)}"], h2c.Access.AuthorizationsOf("/traceability.v1.Access/WhoAmI"));
    }

    [Fact]
    public async Task WhenNoKeyIsGivenThenLoginReadsItFromStandardInputAndNeverPrintsIt()
    {
        var (exit, output, error) = await New(input: new StringReader(StubAccessState.OperatorKey + "\n"))
            .RunAsync("login", "--server", Server.Address.ToString());

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(StubAccessState.OperatorKeyId, Assert.Single(Server.Access.TokenRequests)["client_id"]);
        Assert.DoesNotContain(StubAccessState.OperatorKey, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenLoginIsAskedForJsonThenItSaysWhereAndUntilWhenButNotTheToken()
    {
        var (exit, output, error) = await New().RunAsync("login", "--key", StubAccessState.AdminKey, "--json", "--server", Server.Address.ToString());

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        Assert.Equal(ServerKey, json.RootElement.GetProperty("server").GetString());
        Assert.Equal(StubAccessState.AdminKeyId, json.RootElement.GetProperty("keyId").GetString());
        Assert.Equal("2026-11-29T09:00:00Z", json.RootElement.GetProperty("expiresAt").GetString());
        Assert.Equal(CredentialsFile, json.RootElement.GetProperty("credentials").GetString());
        Assert.DoesNotContain(Issued(Server), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenApiKeyIsPassedThenItIsSentAsApiKeyAndWinsOverTheStoredToken()
    {
        await LoginAsync(StubAccessState.AdminKey);

        var (exit, output, _) = await New().RunAsync("whoami", "--api-key", StubAccessState.OperatorKey, "--server", Server.Address.ToString());

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Signed in as operator", output, StringComparison.Ordinal);
        Assert.Equal([$"ApiKey {StubAccessState.OperatorKey}"], Server.Access.AuthorizationsOf("/traceability.v1.Access/WhoAmI"));
    }

    [Fact]
    public async Task WhenTraceApiKeyIsSetThenItWinsOverTheStoredTokenButNotOverTheOption()
    {
        await LoginAsync(StubAccessState.AdminKey);

        var fromVariable = await New(apiKey: StubAccessState.OperatorKey).RunAsync("whoami", "--server", Server.Address.ToString());
        var fromOption = await New(apiKey: StubAccessState.OperatorKey).RunAsync("whoami", "--server", Server.Address.ToString(), "--api-key", StubAccessState.AdminKey);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (fromVariable.Exit, fromOption.Exit));
        Assert.Equal(
            [$"ApiKey {StubAccessState.OperatorKey}", $"ApiKey {StubAccessState.AdminKey}"],
            Server.Access.AuthorizationsOf("/traceability.v1.Access/WhoAmI"));
    }

    [Fact]
    public async Task WhenTheTokenIsForAnotherServerThenNoneIsSentThere()
    {
        await using var other = await StubServer.StartAsync(HttpProtocols.Http1, grpcWeb: true);
        await LoginAsync(StubAccessState.AdminKey);

        var (exit, _, error) = await New().RunAsync("whoami", "--server", other.Address.ToString());

        Assert.Equal(ExitCodes.Unauthenticated, exit);
        Assert.Equal([null], other.Access.AuthorizationsOf("/traceability.v1.Access/WhoAmI"));
        Assert.Equal(
            "error: Unauthenticated: credentials required: send Authorization: ApiKey <key> or Bearer <token> "
            + $"(this needs credentials: run `trace login`, or give an API key with --api-key or $TRACE_API_KEY){Environment.NewLine}",
            error);
    }

    [Fact]
    public async Task WhenTheUrlIsWrittenWithATrailingSlashThenItIsTheSameServer()
    {
        await New().RunAsync("login", "--key", StubAccessState.AdminKey, "--server", ServerKey);

        var (exit, _, _) = await New().RunAsync("whoami", "--server", ServerKey + "/");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal([$"Bearer {Issued(Server)}"], Server.Access.AuthorizationsOf("/traceability.v1.Access/WhoAmI"));
    }

    [Fact]
    public async Task WhenLoggedOutThenTheTokenIsGoneAndNoLongerSent()
    {
        await LoginAsync(StubAccessState.AdminKey);

        var logout = await New().RunAsync("logout", "--server", Server.Address.ToString());
        var again = await New().RunAsync("logout", "--server", Server.Address.ToString());
        var whoami = await New().RunAsync("whoami", "--server", Server.Address.ToString());

        Assert.Equal((ExitCodes.Ok, $"logged out of {ServerKey}: its token is forgotten{Environment.NewLine}"), (logout.Exit, logout.Output));
        Assert.Equal((ExitCodes.Ok, $"no token was kept for {ServerKey}{Environment.NewLine}"), (again.Exit, again.Output));
        Assert.DoesNotContain(Issued(Server), await File.ReadAllTextAsync(CredentialsFile), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unauthenticated, whoami.Exit);
        Assert.Equal([null], Server.Access.AuthorizationsOf("/traceability.v1.Access/WhoAmI"));
    }

    [Fact]
    public async Task WhenLoggingOutOfOneServerThenTheOtherKeepsItsToken()
    {
        await using var other = await StubServer.StartAsync(HttpProtocols.Http1, grpcWeb: true);
        await LoginAsync(StubAccessState.AdminKey);
        await LoginAsync(StubAccessState.OperatorKey, other);

        await New().RunAsync("logout", "--server", Server.Address.ToString());
        var (exit, _, _) = await New().RunAsync("whoami", "--server", other.Address.ToString());

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal([$"Bearer {Issued(other)}"], other.Access.AuthorizationsOf("/traceability.v1.Access/WhoAmI"));
    }

    [Fact]
    public async Task WhenTheStoredTokenHasExpiredThenTheServerIsNotCalledAndThePersonIsToldToLogInAgain()
    {
        await LoginAsync(StubAccessState.AdminKey);
        var before = Server.Access.Requests.Count;

        var (exit, output, error) = await New(now: Now + StubAccessState.TokenLifetime).RunAsync(
            "lot", "show", Fixtures.Gtin, Fixtures.LotCode, "--server", Server.Address.ToString());

        Assert.Equal((ExitCodes.Unauthenticated, ""), (exit, output));
        Assert.Equal($"error: the token for {ServerKey} expired at 2026-11-29 09:00:00Z; run `trace login`{Environment.NewLine}", error);
        Assert.Equal(before, Server.Access.Requests.Count);
    }

    [Fact]
    public async Task WhenTheStoredTokenHasExpiredThenAnApiKeyStillWorks()
    {
        await LoginAsync(StubAccessState.AdminKey);

        var (exit, _, _) = await New(apiKey: StubAccessState.AdminKey, now: Now.AddDays(1)).RunAsync("whoami", "--server", Server.Address.ToString());

        Assert.Equal(ExitCodes.Ok, exit);
    }

    [Fact]
    public async Task WhenTheServerNoLongerKnowsTheStoredTokenThenThePersonIsToldToLogInAgain()
    {
        new CredentialStore(CredentialsFile).Save(Server.Address, new StoredToken("eyJ.revoked.sig", Now.AddHours(1), StubAccessState.AdminKeyId));

        var (exit, _, error) = await New().RunAsync("whoami", "--server", Server.Address.ToString());

        Assert.Equal(ExitCodes.Unauthenticated, exit);
        Assert.Equal(
            "error: Unauthenticated: the bearer token is invalid or expired "
            + $"(the token of `trace login` for {ServerKey} was refused; run `trace login` again){Environment.NewLine}",
            error);
    }

    [Theory]
    [InlineData($"trk_{StubAccessState.AdminKeyId}_not-the-secret")]
    [InlineData($"trk_{StubAccessState.OperatorKeyId}_Zm9v_YmFy-c2VjcmV0X2FkbWluX2tleV9zdHVi")]
    public async Task WhenTheServerRefusesTheKeyThenLoginSaysSoInItsWordsAndStoresNothing(string key)
    {
        var (exit, output, error) = await LoginAsync(key);

        Assert.Equal((ExitCodes.Unauthenticated, ""), (exit, output));
        Assert.Equal($"error: the server refused the key (invalid_client: The specified client credentials are invalid.){Environment.NewLine}", error);
        Assert.False(File.Exists(CredentialsFile));
    }

    [Theory]
    [InlineData("hunter2")]
    [InlineData("trk_0123456789ABCDEF0123456789ABCDEF_secret")]
    [InlineData("trk_0123456789abcdef_secret")]
    [InlineData($"trk_{StubAccessState.AdminKeyId}_")]
    public async Task WhenTheTextIsNoApiKeyThenLoginRefusesItWithoutCallingTheServerOrRepeatingIt(string key)
    {
        var (exit, _, error) = await LoginAsync(key);

        Assert.Equal(ExitCodes.Rejected, exit);
        Assert.Equal($"error: that is not an API key: one reads trk_<key id: 32 hex characters>_<secret>{Environment.NewLine}", error);
        Assert.Empty(Server.Access.TokenRequests);
    }

    [Fact]
    public async Task WhenNothingIsTypedThenLoginSaysAKeyIsNeeded()
    {
        var (exit, _, error) = await New(input: new StringReader("")).RunAsync("login", "--server", Server.Address.ToString());

        Assert.Equal(ExitCodes.Rejected, exit);
        Assert.StartsWith("error: no API key given", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheUrlIssuesNoTokensThenLoginSaysSo()
    {
        await using var web = await StubWebServer.StartAsync(HttpProtocols.Http1);

        var (exit, _, error) = await New().RunAsync("login", "--key", StubAccessState.AdminKey, "--server", web.Address.ToString());

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("issues no tokens (404 at /connect/token)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheCredentialsFileIsDamagedThenCommandsSaySoAndLoginWritesItAfresh()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CredentialsFile)!);
        await File.WriteAllTextAsync(CredentialsFile, "{ not json");

        var whoami = await New().RunAsync("whoami", "--server", Server.Address.ToString());
        var login = await LoginAsync(StubAccessState.AdminKey);
        var after = await New().RunAsync("whoami", "--server", Server.Address.ToString());

        Assert.Equal(ExitCodes.Failure, whoami.Exit);
        Assert.StartsWith($"error: cannot read the credentials file {CredentialsFile} (", whoami.Error, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (login.Exit, after.Exit));
    }

    [Fact]
    public async Task WhenTheCredentialMayNotDoItThenPermissionDeniedExitsSevenNamingTheCredential()
    {
        var (exit, output, error) = await New().RunAsync("keys", "list", "--api-key", StubAccessState.OperatorKey, "--server", Server.Address.ToString());

        Assert.Equal((ExitCodes.PermissionDenied, ""), (exit, output));
        Assert.Equal(
            $"error: PermissionDenied: operator:{StubAccessState.OperatorKeyId} may not: only admins may manage keys (sent with the API key of --api-key){Environment.NewLine}",
            error);
    }

    [Fact]
    public void WhenNoConfigFolderIsSetThenTheTokensLiveInTheUsersConfigFolder()
    {
        var store = CredentialStore.For(_ => null);

        Assert.Equal(
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "traceability", "credentials.json"),
            store.Path);
    }

    [Fact]
    public void WhenXdgConfigHomeIsSetThenTheTokensLiveThere() =>
        Assert.Equal(CredentialsFile, New().Global.Credentials.Path);

    [Theory]
    [InlineData("http://192.0.2.10:5080", true)]
    [InlineData("http://trace.example.vn", true)]
    [InlineData("https://trace.example.vn", false)]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("http://localhost:5080", false)]
    [InlineData("http://[::1]:5080", false)]
    public void ACredentialGoingOverPlainHttpBeyondLoopbackIsWarnedOf(string url, bool warned)
    {
        var warning = RemoteCall.PlainHttpWarning(new Uri(url), "the API key of $TRACE_API_KEY");

        Assert.Equal(warned, warning is not null);
        if (warned)
        {
            Assert.Equal($"the API key of $TRACE_API_KEY goes to {url} over plain HTTP, readable and reusable by anyone on the way; use the server's https:// URL", warning);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
