using System.Globalization;
using System.Text.Json;

namespace Traceability.Server.Tests;

/// <summary>Reads a test server's audit log as its admin does (<c>GET /v1/access/audit</c>, page by page).</summary>
internal static class AuditLogAssert
{
    private const int Page = 5000;

    /// <summary>Passes when an entry matches <paramref name="match"/>, waiting briefly for it (an entry is written before the request it records goes on).</summary>
    public static async Task ContainsAsync(ServerProcess server, Func<JsonElement, bool> match)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            long after = 0;
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/access/audit?after={after}&limit={Page}");
                request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + server.Credentials.AdminKey);
                using var response = await server.Anonymous.SendAsync(request);
                using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var entries = page.RootElement.GetProperty("entries").EnumerateArray().ToList();
                if (entries.Any(match))
                {
                    return;
                }

                if (entries.Count < Page)
                {
                    break;
                }

                after = long.Parse(entries[^1].GetProperty("sequence").GetString()!, CultureInfo.InvariantCulture);
            }

            await Task.Delay(100);
        }

        Assert.Fail("no such audit entry");
    }
}
