using System.Net;
using System.Text.Json.Nodes;
using Traceability.Web.DigitalLinks;

namespace Traceability.Web.Tests;

/// <summary>The Digital Link resolver over plain HTTP: content negotiation, link types, errors, headers and page weight.</summary>
[Collection(DemoServerGroup.Name)]
public sealed class ResolverTests(TracePageServer site)
{
    private async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? accept = null, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(site.Server.Url, pathAndQuery));
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await site.Server.Http.SendAsync(request);
    }

    [Fact]
    public async Task Html_is_the_page_json_the_trace_and_json_ld_the_lots_epcis_events()
    {
        using var page = await GetAsync(TracePageServer.PagePath(), "text/html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Rượu sâm dây Ngọc Linh", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var json = await GetAsync(TracePageServer.PagePath(), "application/json");
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        var trace = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        Assert.Equal(TracePageServer.WineLot, trace["lot"]!["lot"]!.GetValue<string>());
        // The same trace as the API's route.
        var api = JsonNode.Parse(await site.Server.Http.GetStringAsync($"/v1/lots/{TracePageServer.WineGtin}/{TracePageServer.WineLot}/trace"))!;
        Assert.Equal(Ids(api["steps"]!, "stepId"), Ids(trace["steps"]!, "stepId"));
        Assert.Equal(Ids(api["areas"]!, "areaCode"), Ids(trace["areas"]!, "areaCode"));

        using var epcis = await GetAsync(TracePageServer.PagePath(), "application/ld+json");
        Assert.Equal("application/ld+json", epcis.Content.Headers.ContentType!.MediaType);
        var document = JsonNode.Parse(await epcis.Content.ReadAsStringAsync())!;
        Assert.Equal("EPCISDocument", document["type"]!.GetValue<string>());
        Assert.Equal("2.0", document["schemaVersion"]!.GetValue<string>());
        var events = document["epcisBody"]!["eventList"]!.AsArray();
        var bundle = JsonNode.Parse(await site.Server.Http.GetStringAsync($"/v1/lots/{TracePageServer.WineGtin}/{TracePageServer.WineLot}/proof"))!;
        Assert.Equal(bundle["events"]!.AsArray().Select(e => e!["eventId"]!.GetValue<string>()), events.Select(e => e!["eventID"]!.GetValue<string>()));
        Assert.Contains(events, e => e!["type"]!.GetValue<string>() == "TransformationEvent");
    }

    private static string[] Ids(JsonNode list, string field) => [.. list.AsArray().Select(x => x![field]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("gs1:traceability", "application/json")]
    [InlineData("https://gs1.org/voc/traceability", "application/json")]
    [InlineData("gs1:epcis", "application/ld+json")]
    [InlineData("gs1:pip", "text/html")]
    [InlineData("all", "application/linkset+json")]
    public async Task A_link_type_wins_over_the_accept_header(string linkType, string mediaType)
    {
        using var response = await GetAsync($"{TracePageServer.PagePath()}?linkType={Uri.EscapeDataString(linkType)}", "text/html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_link_set_lists_every_representation_of_the_lot()
    {
        using var response = await GetAsync(TracePageServer.PagePath(), "application/linkset+json");
        var set = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["linkset"]![0]!;
        Assert.Equal(site.PageUrl().ToString(), set["anchor"]!.GetValue<string>());
        foreach (var relation in new[] { "https://gs1.org/voc/defaultLink", "https://gs1.org/voc/pip", "https://gs1.org/voc/traceability", "https://gs1.org/voc/epcis" })
        {
            var href = set[relation]![0]!["href"]!.GetValue<string>();
            using var followed = await GetAsync(new Uri(href).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
            Assert.Equal(set[relation]![0]!["type"]!.GetValue<string>(), followed.Content.Headers.ContentType!.MediaType);
        }
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/ld+json")]
    public async Task Machines_get_problem_json_for_unknown_and_malformed_codes(string accept)
    {
        using var unknown = await GetAsync($"/01/{TracePageServer.WineGtin}/10/NO-SUCH-LOT", accept);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Contains("NO-SUCH-LOT", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var malformed = await GetAsync("/01/08936204000115/10/NL-2026-031", accept);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("check digit", JsonNode.Parse(await malformed.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_names_a_serial_and_a_path_prefix_resolve_to_the_same_lot()
    {
        using var serial = await GetAsync($"{TracePageServer.PagePath()}/21/0042", "text/html");
        Assert.Equal(HttpStatusCode.OK, serial.StatusCode);
        Assert.Contains("0042", await serial.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var shortNames = await GetAsync($"/gtin/{TracePageServer.WineGtin}/lot/{TracePageServer.WineLot}", "application/json");
        Assert.Equal(HttpStatusCode.OK, shortNames.StatusCode);
        using var gtin13 = await GetAsync($"/01/{TracePageServer.WineGtin[1..]}/10/{TracePageServer.WineLot}", "application/json");
        Assert.Equal(HttpStatusCode.OK, gtin13.StatusCode);
    }

    [Fact]
    public async Task The_page_carries_security_headers_and_speaks_the_buyers_language()
    {
        using var vi = await GetAsync(TracePageServer.PagePath(), "text/html");
        Assert.Contains("script-src 'self'", vi.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", vi.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", vi.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("vi", vi.Content.Headers.ContentLanguage.Single());

        using var en = await GetAsync(TracePageServer.PagePath(), "text/html", "en-GB,en;q=0.9");
        Assert.Equal("en", en.Content.Headers.ContentLanguage.Single());
        using var forced = await GetAsync($"{TracePageServer.PagePath()}?lang=vi", "text/html", "en-GB");
        Assert.Equal("vi", forced.Content.Headers.ContentLanguage.Single());
    }

    /// <summary>
    /// The first view is the HTML and the verifier script (styles and drawings are inline; no
    /// fonts, images or map tiles): at most 100 KB as sent, and as the bytes themselves.
    /// </summary>
    [Fact]
    public async Task The_first_view_weighs_at_most_100_KB()
    {
        using var page = await GetAsync(TracePageServer.PagePath(), "text/html");
        var html = await page.Content.ReadAsByteArrayAsync();
        var script = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.UTF8.GetString(html), "<script src=\"([^\"]+)\"").Groups[1].Value;
        var verifier = await site.Server.Http.GetByteArrayAsync(script);
        Assert.DoesNotContain("http://", System.Text.Encoding.UTF8.GetString(html).Replace("http://www.w3.org", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(html.Length + verifier.Length <= 100 * 1024, $"page {html.Length} B + verifier {verifier.Length} B");
    }
}
