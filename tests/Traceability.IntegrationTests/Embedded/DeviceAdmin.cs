using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// The device-login API (<c>DeviceAccounts</c>) and the audit log, over HTTP/JSON with an API key from the demo's
/// <c>demo-credentials.json</c>, the way an admin's script calls them.
/// </summary>
internal sealed class DeviceAdmin : IDisposable
{
    private DeviceAdmin(HttpClient http) => Http = http;

    /// <summary>A client sending <c>Authorization: ApiKey &lt;key&gt;</c> on every request (no header when the key is null).</summary>
    public HttpClient Http { get; }

    /// <summary>Calls as <paramref name="key"/> (null: without credentials).</summary>
    public static DeviceAdmin As(ServerProcess server, string? key)
    {
        var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }

        return new DeviceAdmin(http);
    }

    /// <summary>The demo's keys: admin, inspector, and an operator per facility.</summary>
    public static DemoKeys Keys(ServerProcess server)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(server.DataDir, "demo-credentials.json")));
        var root = json.RootElement;
        var operators = root.GetProperty("operators").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        return new DemoKeys(root.GetProperty("admin").GetString()!, root.GetProperty("inspector").GetString()!, operators);
    }

    /// <summary>POST /v1/facilities/{facility}/sites/{site}/devices: the status, and the login when it was registered.</summary>
    public async Task<(HttpStatusCode Status, DeviceCredentials? Login, string Body)> RegisterAsync(string facility, string site, string deviceId)
    {
        using var response = await Http.PostAsJsonAsync(
            new Uri($"/v1/facilities/{Uri.EscapeDataString(facility)}/sites/{Uri.EscapeDataString(site)}/devices", UriKind.Relative),
            new { deviceId });
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? Login(body) : null, body);
    }

    /// <summary>POST /v1/devices/{id}/rotate.</summary>
    public async Task<(HttpStatusCode Status, DeviceCredentials? Login, string Body)> RotateAsync(string deviceId)
    {
        using var response = await Http.PostAsJsonAsync(new Uri($"/v1/devices/{Uri.EscapeDataString(deviceId)}/rotate", UriKind.Relative), new { });
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? Login(body) : null, body);
    }

    /// <summary>POST /v1/devices/{id}/revoke: the status and the answer's body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> RevokeAsync(string deviceId)
    {
        using var response = await Http.PostAsJsonAsync(new Uri($"/v1/devices/{Uri.EscapeDataString(deviceId)}/revoke", UriKind.Relative), new { });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET /v1/devices (of one facility when given): the raw JSON answer, which must succeed.</summary>
    public async Task<string> ListAsync(string? facility = null)
    {
        var path = facility is null ? "/v1/devices" : $"/v1/devices?facilityId={Uri.EscapeDataString(facility)}";
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The device ids GET /v1/devices lists.</summary>
    public async Task<IReadOnlyList<string>> DeviceIdsAsync(string? facility = null)
    {
        using var json = JsonDocument.Parse(await ListAsync(facility));
        return json.RootElement.TryGetProperty("devices", out var devices)
            ? [.. devices.EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()!)]
            : [];
    }

    /// <summary>
    /// The audit log (GET /v1/access/audit, page by page while pages are full), oldest first; the caller must be an admin.
    /// Each read is itself audited, so the log grows by one entry per page read: the last page is the one not full.
    /// </summary>
    public async Task<IReadOnlyList<AuditLine>> AuditAsync()
    {
        const int Limit = 1000;
        var lines = new List<AuditLine>();
        long after = 0;
        while (true)
        {
            using var response = await Http.GetAsync(new Uri($"/v1/access/audit?after={after}&limit={Limit}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET /v1/access/audit: {(int)response.StatusCode} {body}");
            using var json = JsonDocument.Parse(body);
            var page = json.RootElement.TryGetProperty("entries", out var entries) ? entries.EnumerateArray().Select(AuditLine.Parse).ToList() : [];
            lines.AddRange(page);
            if (page.Count < Limit || page[^1].Sequence <= after)
            {
                return lines;
            }

            after = page[^1].Sequence;
        }
    }

    public void Dispose() => Http.Dispose();

    private static DeviceCredentials Login(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new DeviceCredentials(
            root.GetProperty("deviceId").GetString()!,
            root.GetProperty("facilityId").GetString()!,
            root.GetProperty("siteId").GetString()!,
            root.GetProperty("topic").GetString()!,
            root.GetProperty("username").GetString()!,
            root.GetProperty("password").GetString()!);
    }
}

/// <summary>The keys of <c>demo-credentials.json</c>.</summary>
internal sealed record DemoKeys(string Admin, string Inspector, IReadOnlyDictionary<string, string> Operators);

/// <summary>One entry of the audit log as GET /v1/access/audit answers it.</summary>
internal sealed record AuditLine(long Sequence, string Who, string From, string Operation, string Target, bool Allowed, string Reason)
{
    public static AuditLine Parse(JsonElement e) => new(
        e.TryGetProperty("sequence", out var s) ? long.Parse(s.ToString(), System.Globalization.CultureInfo.InvariantCulture) : 0,
        Text(e, "who"),
        Text(e, "from"),
        Text(e, "operation"),
        Text(e, "target"),
        e.TryGetProperty("allowed", out var a) && a.GetBoolean(),
        Text(e, "reason"));

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
}
