using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Core;

namespace Traceability.Server.Tests;

/// <summary>What the protection tests read of the server's security: requests as a named caller, and the denials in the audit log as the admin reads them.</summary>
public static class ProtectionAudit
{
    /// <summary>A request carrying <paramref name="key"/> (the test client's own choice of caller is then left alone).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string key, HttpContent? content = null) => new(method, new Uri(path, UriKind.Relative))
    {
        Headers = { Authorization = new AuthenticationHeaderValue("ApiKey", key) },
        Content = content,
    };

    public static Metadata GrpcHeaders(string key) => new() { { "Authorization", "ApiKey " + key } };

    /// <summary>Every denial in the audit log, as the admin reads it (<c>GET /v1/access/audit?deniedOnly=true</c>, page by page).</summary>
    public static async Task<IReadOnlyList<AuditedDenial>> DenialsAsync(ServerProcess server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var denials = new List<AuditedDenial>();
        long after = 0;
        while (true)
        {
            using var request = Request(HttpMethod.Get, $"/v1/access/audit?deniedOnly=true&limit=1000&after={after}", server.Credentials.AdminKey);
            using var response = await server.Anonymous.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var page = json.RootElement.TryGetProperty("entries", out var entries) ? entries.EnumerateArray().ToList() : [];
            if (page.Count == 0)
            {
                return denials;
            }

            denials.AddRange(page.Select(e => new AuditedDenial(Text(e, "who"), Text(e, "from"), Text(e, "operation"), Text(e, "target"), Text(e, "reason"))));
            after = long.Parse(page[^1].GetProperty("sequence").ToString(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string Text(JsonElement entry, string name) => entry.TryGetProperty(name, out var value) ? value.GetString() ?? string.Empty : string.Empty;
}
