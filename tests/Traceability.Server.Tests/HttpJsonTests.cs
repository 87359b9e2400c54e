using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>The same API as JSON over HTTP (gRPC JSON transcoding), as curl sees it.</summary>
public sealed class HttpJsonTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Http => fixture.Server.Http;

    [Fact]
    public async Task WhenTheServerIsUp_HealthzAnswers200()
    {
        using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WhenListingLots_TheDemoLotToTryIsThere()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;

        using var json = await GetJsonAsync("/v1/lots?pageSize=1000");

        Assert.Contains(json.RootElement.GetProperty("lots").EnumerateArray(), l => l.GetProperty("gtin").GetString() == gtin && l.GetProperty("lot").GetString() == lot);
    }

    [Fact]
    public async Task WhenTracingTheDemoLot_TheJsonReachesRawMaterialAreasByCode()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;

        using var json = await GetJsonAsync($"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/trace");

        var areas = json.RootElement.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("areaCode").GetString()).ToList();
        Assert.NotEmpty(areas);
        Assert.All(areas, code => Assert.False(string.IsNullOrEmpty(code)));
        Assert.True(json.RootElement.GetProperty("depth").GetInt32() >= 4);
        Assert.Equal(lot, json.RootElement.GetProperty("lot").GetProperty("lot").GetString());
    }

    [Fact]
    public async Task WhenRecallingAHarvestedBatch_EveryLotMadeFromItIsListed()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;
        using var trace = await GetJsonAsync($"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/trace");
        var harvested = trace.RootElement.GetProperty("batches").EnumerateArray().First(b => b.TryGetProperty("harvest", out _)).GetProperty("batchId").GetString();

        using var recall = await GetJsonAsync($"/v1/batches/{harvested}/recall");

        Assert.Contains(recall.RootElement.GetProperty("lots").EnumerateArray(), l => l.GetProperty("gtin").GetString() == gtin && l.GetProperty("lot").GetString() == lot);
    }

    [Fact]
    public async Task WhenAnUnknownLotIsTraced_TheAnswerIs404NamingTheLot()
    {
        using var response = await Http.GetAsync(new Uri($"/v1/lots/{Scenario.WithCheckDigit("0893600000000")}/NO-SUCH-LOT/trace", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("lot:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAFacilityIsRegisteredOverHttp_ItCanBeReadBack()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        using var body = JsonContent.Create(new { facilityId = scenario.FacilityId, kind = "FACILITY_KIND_HOUSEHOLD", name = "Hộ kinh doanh Y Nhung", commune = "Xốp", district = "Đăk Glei", province = "Kon Tum" });

        using var created = await Http.PostAsync(new Uri("/v1/facilities", UriKind.Relative), body);
        using var read = await GetJsonAsync($"/v1/facilities/{scenario.FacilityId}");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("FACILITY_KIND_HOUSEHOLD", read.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task WhenTheJsonBodyIsMalformed_TheAnswerIs400()
    {
        using var body = new StringContent("{\"facilityId\": ", System.Text.Encoding.UTF8, "application/json");

        using var response = await Http.PostAsync(new Uri("/v1/facilities", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WhenARegistrationBreaksARule_TheAnswerIs400WithTheFieldInTheMessage()
    {
        using var body = JsonContent.Create(new { facilityId = "HTX-BAD-KIND", name = "x", commune = "Xốp", district = "Đăk Glei", province = "Kon Tum" });

        using var response = await Http.PostAsync(new Uri("/v1/facilities", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("kind:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text);
    }
}
