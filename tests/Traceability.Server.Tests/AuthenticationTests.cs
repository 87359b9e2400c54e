using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Traceability.Server.Tests;

/// <summary>
/// Credentials through the real server: API keys (valid, revoked, rotated, expired, forged) and
/// bearer tokens from the embedded issuer, and tokens made outside it (expired, signed with
/// another key, for another audience or issuer, for a revoked key). Each refused credential is
/// 401 with the reason, writes nothing, and is in the audit log. The tokens a test makes are
/// checked against a control made the same way that the server accepts, so that each refusal is
/// for the one thing changed.
/// </summary>
public sealed class AuthenticationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task ATokenFromTheEmbeddedIssuer_ActsAsItsKey_AndAWrongSecretGetsNoToken()
    {
        var key = await Server.Credentials.InspectorAsync();

        var token = await TokenAsync(key);
        using var me = await SendAsync(HttpMethod.Get, "/v1/access/me", "Bearer " + token);
        using var refused = await Server.Anonymous.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = KeyId(key),
            ["client_secret"] = key[..^4] + "AAAA",
        }));

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var identity = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
        Assert.Equal("PRINCIPAL_ROLE_INSPECTOR", identity.RootElement.GetProperty("role").GetString());
        Assert.Equal("Bearer", identity.RootElement.GetProperty("scheme").GetString());
        Assert.True(identity.RootElement.TryGetProperty("expiresAt", out _));
        // RFC 6749 §5.2: invalid_client may be answered 401.
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("invalid_client", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<string> BadTokens => ["expired", "signed with another key", "another audience", "another issuer", "not yet valid", "unsigned"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ATokenThatIsExpiredForgedOrForAnotherAudience_Gets401_WritesNothing_AndIsAudited(string flaw)
    {
        var scenario = new Scenario(Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        var operatorKey = await Server.Credentials.OperatorAsync(scenario.FacilityId);
        var issuer = await IssuerAsync(operatorKey);
        var control = Forge(issuer, scenario.FacilityId);
        using (var accepted = await SendAsync(HttpMethod.Get, "/v1/access/me", "Bearer " + control))
        {
            Assert.True(accepted.StatusCode == HttpStatusCode.OK, "the control token is refused: " + await accepted.Content.ReadAsStringAsync());
        }

        var token = flaw switch
        {
            "expired" => Forge(issuer, scenario.FacilityId, expires: DateTime.UtcNow.AddMinutes(-10)),
            "signed with another key" => Forge(issuer, scenario.FacilityId, signingKey: new RsaSecurityKey(RSA.Create(2048)) { KeyId = issuer.Key.KeyId }),
            "another audience" => Forge(issuer, scenario.FacilityId, audience: "another-platform"),
            "another issuer" => Forge(issuer, scenario.FacilityId, issuerUri: "https://issuer.example/"),
            "not yet valid" => Forge(issuer, scenario.FacilityId, notBefore: DateTime.UtcNow.AddMinutes(10)),
            _ => control[..(control.LastIndexOf('.') + 1)],
        };
        var siteId = $"{scenario.FacilityId}.FORGED";
        using var response = await SendAsync(HttpMethod.Post, $"/v1/facilities/{scenario.FacilityId}/sites", "Bearer " + token, new { siteId, kind = "SITE_KIND_DRYING", name = "Lò sấy", commune = "Ngọc Linh" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("the credential was refused", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var site = await Server.Http.GetAsync(new Uri($"/v1/sites/{siteId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, site.StatusCode);
        await AssertAuditedAsync(e => e.GetProperty("who").GetString() == "anonymous" && e.GetProperty("target").GetString() == "/traceability.v1.Registry/RegisterSite" && e.GetProperty("reason").GetString()!.StartsWith("the credential was refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARevokedKey_AndTheTokensIssuedForIt_Get401_AndARotatedKeyWorksOnlyInItsNewForm()
    {
        var issued = await IssueAsync(new { role = "PRINCIPAL_ROLE_INSPECTOR", label = "revocation test" });
        var key = issued.GetProperty("key").GetString()!;
        var token = await TokenAsync(key);
        var rotated = await AdminPostAsync($"/v1/access/keys/{KeyId(key)}/rotate", new { });
        var newKey = rotated.GetProperty("key").GetString()!;

        using var oldKey = await SendAsync(HttpMethod.Get, "/v1/lots", "ApiKey " + key);
        using var oldToken = await SendAsync(HttpMethod.Get, "/v1/lots", "Bearer " + token);
        using var fresh = await SendAsync(HttpMethod.Get, "/v1/lots", "ApiKey " + newKey);
        await AdminPostAsync($"/v1/access/keys/{KeyId(newKey)}/revoke", new { reason = "laptop lost" });
        using var revoked = await SendAsync(HttpMethod.Get, "/v1/lots", "ApiKey " + newKey);

        Assert.Equal(HttpStatusCode.Unauthorized, oldKey.StatusCode);
        Assert.Contains("revoked", await oldKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode);
        Assert.Contains("revoked", await oldToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        await AssertAuditedAsync(e => e.GetProperty("operation").GetString() == "ManageKeys" && e.GetProperty("target").GetString() == "/traceability.v1.Access/RevokeKey" && e.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task AnExpiredKey_AMalformedKey_AndAnUnknownScheme_Get401()
    {
        var issued = await IssueAsync(new { role = "PRINCIPAL_ROLE_INSPECTOR", label = "short-lived", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2).ToString("O") });
        var key = issued.GetProperty("key").GetString()!;
        using (var before = await SendAsync(HttpMethod.Get, "/v1/lots", "ApiKey " + key))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var expired = await SendAsync(HttpMethod.Get, "/v1/lots", "ApiKey " + key);
        using var malformed = await SendAsync(HttpMethod.Get, "/v1/lots", "ApiKey trk_not-a-key");
        using var basic = await SendAsync(HttpMethod.Get, "/v1/lots", "Basic YWRtaW46YWRtaW4=");

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        Assert.Contains("malformed", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
    }

    [Fact]
    public async Task OnlyAnAdminIssuesKeys_AndAnOperatorCannotIssueItselfAnAdminKey()
    {
        var scenario = new Scenario(Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        var operatorKey = await Server.Credentials.OperatorAsync(scenario.FacilityId);
        var inspectorKey = await Server.Credentials.InspectorAsync();
        var before = (await ListKeysAsync()).Count;

        using var escalation = await SendAsync(HttpMethod.Post, "/v1/access/keys", "ApiKey " + operatorKey, new { role = "PRINCIPAL_ROLE_ADMIN", label = "mine now" });
        using var inspector = await SendAsync(HttpMethod.Post, "/v1/access/keys", "ApiKey " + inspectorKey, new { role = "PRINCIPAL_ROLE_ADMIN", label = "mine now" });

        Assert.Equal(HttpStatusCode.Forbidden, escalation.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, inspector.StatusCode);
        Assert.Equal(before, (await ListKeysAsync()).Count);
    }

    [Fact]
    public void TheDemoCredentialsFile_HoldsAnAdminAnInspectorAndAnOperatorPerDemoFacility_ReadableOnlyByItsOwner()
    {
        var path = Path.Combine(Server.DataDir, "demo-credentials.json");
        using var file = JsonDocument.Parse(File.ReadAllText(path));

        Assert.StartsWith("trk_", file.RootElement.GetProperty("admin").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("trk_", file.RootElement.GetProperty("inspector").GetString(), StringComparison.Ordinal);
        var facilities = Traceability.Server.Demo.DakGleiDemo.Events.OfType<Traceability.Events.FacilityRegistered>().Select(f => f.FacilityId).Order(StringComparer.Ordinal);
        Assert.Equal(facilities, file.RootElement.GetProperty("operators").EnumerateObject().Select(o => o.Name).Order(StringComparer.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task TheCliLogsInWithAKey_KeepsOnlyTheToken_ActsWithIt_AndLogsOut()
    {
        var config = Directory.CreateTempSubdirectory("traceability-cli-config-").FullName;
        try
        {
            var key = Server.Credentials.AdminKey;
            var url = Server.Url.ToString();
            var before = await Cli.TraceAsync(config, actAsTestUser: false, "lot", "list", "--server", url);
            var login = await Cli.TraceAsync(config, actAsTestUser: false, "login", "--key", key, "--server", url);
            var whoami = await Cli.TraceAsync(config, actAsTestUser: false, "whoami", "--json", "--server", url);
            var lots = await Cli.TraceAsync(config, actAsTestUser: false, "lot", "list", "--server", url);
            var stored = await File.ReadAllTextAsync(Path.Combine(config, "traceability", "credentials.json"));
            var logout = await Cli.TraceAsync(config, actAsTestUser: false, "logout", "--server", url);
            var after = await Cli.TraceAsync(config, actAsTestUser: false, "lot", "list", "--server", url);

            Assert.Equal(6, before.Exit);
            Assert.True(login.Exit == 0, login.Stderr);
            Assert.True(whoami.Exit == 0, whoami.Stderr);
            Assert.Contains("Bearer", whoami.Stdout, StringComparison.Ordinal);
            Assert.Contains("ADMIN", whoami.Stdout, StringComparison.OrdinalIgnoreCase);
            Assert.True(lots.Exit == 0, lots.Stderr);
            Assert.DoesNotContain(key.Split('_')[2], stored, StringComparison.Ordinal);
            Assert.True(logout.Exit == 0, logout.Stderr);
            Assert.Equal(6, after.Exit);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    private sealed record Issuer(RsaSecurityKey Key, string Uri, string KeyId);

    /// <summary>The server's signing key (from its data folder, as someone who stole it would) and the issuer its tokens name.</summary>
    private async Task<Issuer> IssuerAsync(string key)
    {
        using var keys = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Server.DataDir, "issuer-keys.json")));
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(keys.RootElement.GetProperty("signingPkcs8").GetString()!), out _);
        var real = new JsonWebToken(await TokenAsync(key));
        return new Issuer(new RsaSecurityKey(rsa) { KeyId = real.Kid }, real.Issuer, KeyId(key));
    }

    /// <summary>An access token for an operator of <paramref name="facilityId"/>, made outside the issuer with the given flaws.</summary>
    private static string Forge(Issuer issuer, string facilityId, DateTime? expires = null, RsaSecurityKey? signingKey = null, string audience = "traceability", string? issuerUri = null, DateTime? notBefore = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuerUri ?? issuer.Uri,
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddMinutes(-20),
            NotBefore = notBefore ?? now.AddMinutes(-20),
            Expires = expires ?? now.AddMinutes(30),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "made-outside-the-issuer",
                ["trc_role"] = "operator",
                ["trc_facility"] = facilityId,
                ["trc_key"] = issuer.KeyId,
                ["client_id"] = issuer.KeyId,
            },
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(signingKey ?? issuer.Key, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<string> TokenAsync(string key)
    {
        using var response = await Server.Anonymous.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = KeyId(key),
            ["client_secret"] = key,
        }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private static string KeyId(string key) => key.Split('_')[1];

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string authorization, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Server.Anonymous.SendAsync(request);
    }

    private async Task<JsonElement> IssueAsync(object body) => await AdminPostAsync("/v1/access/keys", body);

    private async Task<JsonElement> AdminPostAsync(string path, object body)
    {
        using var response = await SendAsync(HttpMethod.Post, path, "ApiKey " + Server.Credentials.AdminKey, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<List<JsonElement>> ListKeysAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/access/keys", "ApiKey " + Server.Credentials.AdminKey);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.Clone())];
    }

    private Task AssertAuditedAsync(Func<JsonElement, bool> match) => AuditLogAssert.ContainsAsync(Server, match);
}
