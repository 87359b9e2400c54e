using System.Net;
using System.Net.Http.Headers;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>Security headers on every answer: the page keeps its own policy, everything else gets a closed default.</summary>
public sealed class ProtectionHeadersTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string DefaultPolicy = "default-src 'none'; frame-ancestors 'none'";

    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task TheTracePageKeepsItsOwnContentSecurityPolicy_AndGetsTheOtherHeaders()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/01/{gtin}/10/{Uri.EscapeDataString(lot)}", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var page = await Server.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.NotEqual(DefaultPolicy, policy);
        Assert.Contains("sha256-", policy, StringComparison.Ordinal);
        AssertCommonHeaders(page);
    }

    [Fact]
    public async Task AJsonAnswerGetsTheDefaultPolicyAndTheOtherHeaders()
    {
        var (gtin, lot) = Traceability.Server.Demo.DakGleiDemo.LotToTry;
        using var json = await Server.Anonymous.GetAsync(new Uri($"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/trace", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(DefaultPolicy, Assert.Single(json.Headers.GetValues("Content-Security-Policy")));
        AssertCommonHeaders(json);
    }

    [Fact]
    public async Task ANotFoundAnswerGetsTheDefaultPolicyAndTheOtherHeaders()
    {
        using var missing = await Server.Anonymous.GetAsync(new Uri("/no/such/page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(DefaultPolicy, Assert.Single(missing.Headers.GetValues("Content-Security-Policy")));
        AssertCommonHeaders(missing);
    }

    [Fact]
    public async Task AnAnswerToAnAuthenticatedCallerIsNotStored()
    {
        var (gtin, lot) = Traceability.Server.Demo.DakGleiDemo.LotToTry;
        var trace = $"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/trace";
        using var request = ProtectionAudit.Request(HttpMethod.Get, trace, Server.Credentials.AdminKey);

        using var answer = await Server.Anonymous.SendAsync(request);
        using var anonymous = await Server.Anonymous.GetAsync(new Uri(trace, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore);
        Assert.False(anonymous.Headers.CacheControl?.NoStore ?? false);
    }

    /// <summary>Over plain HTTP (loopback), no Strict-Transport-Security: it is sent on HTTPS answers only.</summary>
    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.False(response.Headers.Contains("Server"));
    }
}
