using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Traceability.Contracts.V1;

namespace Traceability.Server.Tests;

/// <summary>Requests larger than the limit (1 MiB by default) are refused before anything is stored, and the refusal is audited.</summary>
public sealed class ProtectionLimitTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int Limit = 1024 * 1024;

    private ServerProcess Server => fixture.Server;

    private string Admin => Server.Credentials.AdminKey;

    [Fact]
    public async Task WhenAJsonRegistrationIsLargerThanTheLimit_ItIs413NamingTheLimit_NothingIsStored_AndTheDenialIsAudited()
    {
        var scenario = new Scenario(Server.Channel);
        using var body = Registration(scenario.FacilityId, name: new string('x', Limit + 1));
        var size = await body.ReadAsByteArrayAsync();

        using var refused = await Server.Anonymous.SendAsync(ProtectionAudit.Request(HttpMethod.Post, "/v1/facilities", Admin, body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(413, problem.RootElement.GetProperty("status").GetInt32());
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.Contains($"of {size.Length} bytes", detail, StringComparison.Ordinal);
        Assert.Contains($"limit of {Limit} bytes (Limits:MaxRequestBodyBytes)", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await FacilityStatusAsync(scenario.FacilityId));
        var denial = Assert.Single(await ProtectionAudit.DenialsAsync(Server), d => d.Reason.Contains($"of {size.Length} bytes", StringComparison.Ordinal));
        Assert.Equal("POST /v1/facilities", denial.Target);
        Assert.StartsWith("admin:", denial.Who, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", denial.From);
        Assert.Equal("RegisterFacility", denial.Operation);
    }

    [Fact]
    public async Task WhenTheSameRegistrationIsWithinTheLimit_ItIsStored()
    {
        var scenario = new Scenario(Server.Channel);
        using var body = Registration(scenario.FacilityId, name: new string('x', 150));

        using var stored = await Server.Anonymous.SendAsync(ProtectionAudit.Request(HttpMethod.Post, "/v1/facilities", Admin, body));

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await FacilityStatusAsync(scenario.FacilityId));
    }

    [Fact]
    public async Task WhenAChunkedBodyOfUnknownLengthGrowsBeyondTheLimit_ItIs413AndNothingIsStored()
    {
        var scenario = new Scenario(Server.Channel);
        using var registration = Registration(scenario.FacilityId, name: new string('y', Limit + 1));
        // No Content-Length: the server learns the size only by reading.
        using var chunked = new StreamContent(new UnseekableStream(await registration.ReadAsByteArrayAsync()));
        chunked.Headers.ContentType = registration.Headers.ContentType;

        using var refused = await Server.Anonymous.SendAsync(ProtectionAudit.Request(HttpMethod.Post, "/v1/facilities", Admin, chunked));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("Limits:MaxRequestBodyBytes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await FacilityStatusAsync(scenario.FacilityId));
    }

    [Fact]
    public async Task WhenAGrpcMessageIsLargerThanTheLimit_ItIsResourceExhausted_NothingIsStored_AndTheDenialIsAudited()
    {
        var scenario = new Scenario(Server.Channel);
        var request = scenario.Facility();
        request.Name = new string('z', Limit + 1);

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Registry.RegisterFacilityAsync(request, ProtectionAudit.GrpcHeaders(Admin)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var read = await Assert.ThrowsAsync<RpcException>(() => scenario.Registry.GetFacilityAsync(new GetFacilityRequest { FacilityId = scenario.FacilityId }, ProtectionAudit.GrpcHeaders(Admin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, read.StatusCode);
        var denial = Assert.Single(await ProtectionAudit.DenialsAsync(Server), d => d.Target == "/traceability.v1.Registry/RegisterFacility");
        Assert.Contains($"limit of {Limit} bytes (Limits:MaxRequestBodyBytes)", denial.Reason, StringComparison.Ordinal);
        Assert.StartsWith("admin:", denial.Who, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAGrpcMessageIsWithinTheLimit_ItIsStored()
    {
        var scenario = new Scenario(Server.Channel);
        var request = scenario.Facility();
        request.Name = new string('z', 150);

        await scenario.Registry.RegisterFacilityAsync(request, ProtectionAudit.GrpcHeaders(Admin));

        var read = await scenario.Registry.GetFacilityAsync(new GetFacilityRequest { FacilityId = scenario.FacilityId }, ProtectionAudit.GrpcHeaders(Admin));
        Assert.Equal(request.Name, read.Name);
    }

    private static JsonContent Registration(string facilityId, string name) => JsonContent.Create(new
    {
        facilityId,
        kind = "FACILITY_KIND_COOPERATIVE",
        name,
        commune = "Đăk Pék",
        district = "Đăk Glei",
        province = "Kon Tum",
    });

    private async Task<HttpStatusCode> FacilityStatusAsync(string facilityId)
    {
        using var response = await Server.Anonymous.SendAsync(ProtectionAudit.Request(HttpMethod.Get, $"/v1/facilities/{facilityId}", Admin));
        return response.StatusCode;
    }

    /// <summary>A body HttpClient cannot measure, so it is sent chunked.</summary>
    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
