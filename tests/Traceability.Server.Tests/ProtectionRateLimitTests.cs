using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Traceability.Contracts.V1;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>
/// The public endpoints' rate limit, per client address: a burst beyond it is refused with 429 and
/// Retry-After (RESOURCE_EXHAUSTED over gRPC) and audited; the client is let in again once the
/// bucket refills; other addresses, signed-in callers and non-public endpoints are not affected.
/// The tests share one server; each speaks from its own loopback address, so each starts with a full bucket.
/// </summary>
public sealed class ProtectionRateLimitTests(ProtectionRateLimitedServer fixture) : IClassFixture<ProtectionRateLimitedServer>
{
    /// <summary>A public route: the demo lot's trace.</summary>
    private static readonly string PublicRoute = $"/v1/lots/{DakGleiDemo.LotToTry.Gtin}/{Uri.EscapeDataString(DakGleiDemo.LotToTry.Lot)}/trace";

    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task ABurstBeyondTheLimitIs429WithRetryAfter_Audited_ThenAllowedAgainAfterTheWait()
    {
        using var client = FromAddress(IPAddress.Parse("127.0.0.3"));

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < ProtectionRateLimitedServer.Burst * 3; i++)
        {
            statuses.Add(await client.GetAsync(new Uri(PublicRoute, UriKind.Relative)));
        }

        try
        {
            Assert.All(statuses.Take(ProtectionRateLimitedServer.Burst), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var refused = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            var wait = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(wait);
            Assert.InRange(wait.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("RateLimits:PublicPermitsPerMinute", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var denials = (await ProtectionAudit.DenialsAsync(Server)).Where(d => IsRateLimit(d) && d.From == "127.0.0.3").ToList();
            Assert.Equal(statuses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests), denials.Count);
            Assert.All(denials, denial =>
            {
                Assert.Equal("anonymous", denial.Who);
                Assert.Equal($"GET {PublicRoute}", denial.Target);
                Assert.Equal("PublicTrace", denial.Operation);
            });

            await Task.Delay(wait.Value + TimeSpan.FromMilliseconds(200));
            using var again = await client.GetAsync(new Uri(PublicRoute, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            statuses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task WhileOneAddressIsLimited_EveryPublicRouteRefusesIt_OverGrpcToo_ButNotAnotherAddressNorHealthzNorASignedInCaller()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;
        await ExhaustAsync(Server.Anonymous);

        using var page = await Server.Anonymous.GetAsync(new Uri($"/01/{gtin}/10/{Uri.EscapeDataString(lot)}", UriKind.Relative));
        using var trace = await Server.Anonymous.GetAsync(new Uri($"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/trace", UriKind.Relative));
        using var anonymousChannel = GrpcChannel.ForAddress(Server.GrpcUrl);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => new Traceability.Contracts.V1.Trace.TraceClient(anonymousChannel).TraceLotAsync(new TraceLotRequest { Gtin = gtin, Lot = lot }).ResponseAsync);
        using var health = await Server.Anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var signedIn = await Server.Anonymous.SendAsync(ProtectionAudit.Request(HttpMethod.Get, PublicRoute, Server.Credentials.AdminKey));
        using var otherClient = FromAddress(IPAddress.Parse("127.0.0.2"));
        using var other = await otherClient.GetAsync(new Uri(PublicRoute, UriKind.Relative));

        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, trace.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task BehindTheTrustedProxy_EachForwardedClientHasItsOwnBucket_AndHttpsAtTheProxyBringsStrictTransportSecurity()
    {
        using var proxy = FromAddress(IPAddress.Loopback);
        proxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        proxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        await ExhaustAsync(proxy);

        using var otherVisitor = new HttpRequestMessage(HttpMethod.Get, new Uri(PublicRoute, UriKind.Relative)) { Headers = { { "X-Forwarded-For", "203.0.113.8" } } };
        using var other = await Server.Anonymous.SendAsync(otherVisitor);
        using var again = await proxy.GetAsync(new Uri(PublicRoute, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.False(other.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(again.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.Contains(await ProtectionAudit.DenialsAsync(Server), d => IsRateLimit(d) && d.From == "203.0.113.7");
    }

    [Fact]
    public async Task AClientThatIsNotTheTrustedProxyCannotChooseItsAddress()
    {
        using var client = FromAddress(IPAddress.Parse("127.0.0.4"));
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < ProtectionRateLimitedServer.Burst * 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(PublicRoute, UriKind.Relative)) { Headers = { { "X-Forwarded-For", $"198.51.100.{i + 1}" } } };
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    private static bool IsRateLimit(AuditedDenial denial) => denial.Reason.Contains("RateLimits:PublicPermitsPerMinute", StringComparison.Ordinal);

    /// <summary>Spends the bucket of <paramref name="http"/>'s address, until a request is refused.</summary>
    private static async Task ExhaustAsync(HttpClient http)
    {
        for (var i = 0; i < ProtectionRateLimitedServer.Burst * 3; i++)
        {
            using var response = await http.GetAsync(new Uri(PublicRoute, UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return;
            }
        }

        Assert.Fail("The rate limit never refused a request.");
    }

    /// <summary>A client whose connections come from <paramref name="address"/> (any 127.x address reaches the server's 127.0.0.1).</summary>
    private HttpClient FromAddress(IPAddress address)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(address, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = Server.Url };
    }
}
