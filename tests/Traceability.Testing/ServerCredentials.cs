using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Net.Client;
using Traceability.Contracts.V1;

namespace Traceability.Testing;

/// <summary>
/// The keys a test server's clients act with. The admin key is the one the server printed at its
/// first start (kept beside the data folder for restarts) or the demo file's; operator and
/// inspector keys are issued through the admin API (<c>POST /v1/access/keys</c>) the first time
/// they are needed, as an administrator would, and kept for the server's life.
/// </summary>
public sealed class ServerCredentials(Uri httpUrl, string adminKey)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _operators = new(StringComparer.Ordinal);
    private readonly Lazy<Task<string>> _inspector = new(() => IssueAsync(httpUrl, adminKey, new JsonObject { ["role"] = "PRINCIPAL_ROLE_INSPECTOR", ["label"] = "test inspector" }));

    public string AdminKey { get; } = adminKey;

    /// <summary>An operator key of <paramref name="facilityId"/> (the facility need not exist yet).</summary>
    public Task<string> OperatorAsync(string facilityId) =>
        _operators.GetOrAdd(facilityId, id => new Lazy<Task<string>>(() => IssueAsync(httpUrl, AdminKey, new JsonObject { ["role"] = "PRINCIPAL_ROLE_OPERATOR", ["facilityId"] = id, ["label"] = $"test operator of {id}" }))).Value;

    /// <summary>A nationwide inspector key.</summary>
    public Task<string> InspectorAsync() => _inspector.Value;

    /// <summary>Uses <paramref name="key"/> for <paramref name="facilityId"/> instead of issuing one (the demo file's keys).</summary>
    internal void Know(string facilityId, string key) => _operators.TryAdd(facilityId, new Lazy<Task<string>>(Task.FromResult(key)));

    /// <summary>
    /// The key a test client acts with for one request, as the facility's staff would: the
    /// operator of the facility a capture is for (the route's facility, or the body's
    /// <c>facilityId</c> for a recall), an inspector for a condition profile change, otherwise the admin.
    /// </summary>
    internal async Task<string> ForAsync(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put)
        {
            if (segments.Length == 2 && segments[0].StartsWith("traceability.v1.", StringComparison.Ordinal))
            {
                return await ForGrpcAsync(request, segments[0]["traceability.v1.".Length..], segments[1]).ConfigureAwait(false);
            }

            if (segments is ["v1", "facilities", var facility, "sites" or "areas" or "products" or "harvests" or "harvests:batch" or "steps" or "storage" or "lots"])
            {
                return await OperatorAsync(Uri.UnescapeDataString(facility)).ConfigureAwait(false);
            }

            if (segments is ["v1", "lots", _, _, "recall"] && await BodyAsync(request).ConfigureAwait(false) is { } body
                && JsonNode.Parse(body)?["facilityId"]?.GetValue<string>() is { Length: > 0 } recaller)
            {
                return await OperatorAsync(recaller).ConfigureAwait(false);
            }

            if (segments is ["v1", "conditions", "profiles", _])
            {
                return await InspectorAsync().ConfigureAwait(false);
            }
        }

        return AdminKey;
    }

    private async Task<string> ForGrpcAsync(HttpRequestMessage request, string service, string method)
    {
        if ((service, method) is ("Conditions", "PutProfile"))
        {
            return await InspectorAsync().ConfigureAwait(false);
        }

        MessageParser? parser = (service, method) switch
        {
            ("Registry", "RegisterSite") => RegisterSiteRequest.Parser,
            ("Registry", "RegisterArea") => RegisterAreaRequest.Parser,
            ("Registry", "RegisterProduct") => RegisterProductRequest.Parser,
            ("Batches", "Harvest") => HarvestRequest.Parser,
            ("Batches", "HarvestBatch") => HarvestBatchRequest.Parser,
            ("Processing", "RecordStep") => RecordStepRequest.Parser,
            ("Processing", "RecordStorage") => RecordStorageRequest.Parser,
            ("Lots", "Pack") => PackLotRequest.Parser,
            ("Lots", "RecallLot") => RecallLotRequest.Parser,
            _ => null,
        };
        if (parser is null || await BodyAsync(request).ConfigureAwait(false) is not { Length: >= 5 } frame)
        {
            return AdminKey;
        }

        // gRPC framing: a compression flag byte and a 4-byte length, then the message.
        var message = parser.ParseFrom(frame.AsSpan(5).ToArray());
        var facility = message.Descriptor.FindFieldByName("facility_id").Accessor.GetValue(message) as string;
        return string.IsNullOrEmpty(facility) ? AdminKey : await OperatorAsync(facility).ConfigureAwait(false);
    }

    /// <summary>The request body, buffered so that it can still be sent.</summary>
    private static async Task<byte[]?> BodyAsync(HttpRequestMessage request)
    {
        if (request.Content is null)
        {
            return null;
        }

        var bytes = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var copy = new ByteArrayContent(bytes);
        foreach (var header in request.Content.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        request.Content = copy;
        return bytes;
    }

    private static async Task<string> IssueAsync(Uri httpUrl, string adminKey, JsonObject body)
    {
        using var http = new HttpClient { BaseAddress = httpUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/access/keys") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + adminKey);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Issuing a test key failed ({(int)response.StatusCode}): {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("key").GetString()!;
    }
}

/// <summary>Adds the <see cref="ServerCredentials"/> key a request needs, unless it carries an Authorization header already.</summary>
public sealed class CredentialsHandler(ServerCredentials credentials, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.Authorization is null && !request.Headers.Contains("Authorization"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + await credentials.ForAsync(request).ConfigureAwait(false));
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Sends one API key with every request: a client that is always the same person (a benchmark's facility).</summary>
public sealed class ApiKeyHandler(string key, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>A native gRPC channel to <paramref name="grpcUrl"/> acting with <paramref name="key"/>.</summary>
    public static GrpcChannel Channel(Uri grpcUrl, string key) =>
        GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions { HttpHandler = new ApiKeyHandler(key, new SocketsHttpHandler { EnableMultipleHttp2Connections = true }) });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + key);
        return base.SendAsync(request, cancellationToken);
    }
}
