using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Traceability.Testing;

namespace Traceability.Web.Tests;

/// <summary>An anchored lot's page: a real anvil chain, the server anchoring every second, the anchor shown by the server and by the browser.</summary>
public sealed class TracePageAnchoredTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Once_anchored_the_page_names_the_chain_transaction_and_the_browser_verifies_it()
    {
        await using var chain = await AnvilProcess.StartAsync();
        await using var server = await ServerProcess.StartAsync(demo: true, settings:
        [
            "--Anchoring:Ethereum:RpcUrl", chain.RpcUrl,
            "--Anchoring:Ethereum:PrivateKey", chain.PrivateKeys[0],
            "--Anchoring:IntervalSeconds", "1",
        ]);
        var path = $"/01/{TracePageServer.WineGtin}/10/{TracePageServer.WineLot}";

        // A view before the anchor is confirmed keeps the server's verdict for a minute; the anchor must still show as soon as it lands.
        var early = await chromium.NewPageAsync();
        await early.GotoAsync(new Uri(server.Url, path).ToString());

        string transaction;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = JsonNode.Parse(await server.Http.GetStringAsync($"/v1/lots/{TracePageServer.WineGtin}/{TracePageServer.WineLot}/anchor"))!;
            if (status["status"]!.GetValue<string>() == "anchored")
            {
                transaction = status["anchor"]!["transactionHash"]!.GetValue<string>();
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the demo lot was not anchored within 60 s");
            await Task.Delay(250);
        }

        var page = await chromium.NewPageAsync(phone: true, locale: "en-GB");
        await page.GotoAsync(new Uri(server.Url, path).ToString());
        Assert.Equal("true", await page.GetAttributeAsync("#anchor", "data-anchored"));
        await Assertions.Expect(page.Locator("#server-verdict")).ToContainTextAsync(transaction);
        await Assertions.Expect(page.Locator("#server-verdict")).ToContainTextAsync($"chain {chain.ChainId}");
        var verification = page.Locator("#verification");
        await Assertions.Expect(verification).ToHaveAttributeAsync("data-state", "verified", new() { Timeout = 30_000 });
        await Assertions.Expect(verification.Locator(".v-status")).ToContainTextAsync("Verified on this device");
        await Assertions.Expect(verification.Locator(".v-status")).ToContainTextAsync(transaction[..10]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "trace-page-anchored-phone.png"), FullPage = true });
    }
}
