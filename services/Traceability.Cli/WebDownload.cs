using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Traceability.Cli;

/// <summary>
/// Downloads a file the server's web routes make (a QR code, a label sheet) to <c>--output</c>,
/// from either of the server's URLs (the main one speaks HTTP/1.1, the gRPC port HTTP/2). A
/// refusal prints the server's problem detail and exits as the gRPC commands do: 2 for a bad
/// request, 3 for a lot that does not exist, 6 without (valid) credentials, 7 without permission.
/// The request carries the same credential as the gRPC calls.
/// </summary>
internal static class WebDownload
{
    /// <summary>The header in which the server says which URI a QR code encodes.</summary>
    public const string DigitalLinkHeader = "X-Digital-Link";

    /// <summary>How long a request may take before the server is taken not to answer.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>What came back: the body and the URI a QR code encodes, when the server said.</summary>
    public sealed record Download(byte[] Body, string? DigitalLink);

    /// <summary>
    /// Gets <paramref name="route"/> from <c>--server</c> and writes it to <paramref name="path"/>;
    /// on success prints <c>{path}: {what} ({bytes} bytes)</c>. Returns the exit code.
    /// </summary>
    public static async Task<int> ToFileAsync(ParseResult parse, GlobalOptions global, string route, string path, Func<Download, string> describe, CancellationToken cancellation)
    {
        var output = Output.For(parse, global);
        var server = parse.GetRequiredValue(global.Server);
        var url = new Uri(server.AbsoluteUri.TrimEnd('/') + "/" + route);
        if (!RemoteCall.TryGetCredential(parse, global, server, output, out var credential, out var refused))
        {
            return refused;
        }
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(url, () => new HttpRequestMessage(HttpMethod.Get, url), credential.Authorization, cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            output.Error($"cannot reach the trace server at {server.OriginalString} ({Reason(exception)}); "
                + $"start it, or name another with --server or {GlobalOptions.ServerVariable}");
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            output.Error($"the trace server at {server.OriginalString} did not answer within {Timeout.TotalSeconds:0} s");
            return ExitCodes.Failure;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = Detail(body) ?? response.ReasonPhrase;
                output.Error(response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => $"{response.StatusCode}: {detail} ({RemoteCall.Unauthenticated(credential)})",
                    HttpStatusCode.Forbidden => $"{response.StatusCode}: {detail} ({RemoteCall.PermissionDenied(credential)})",
                    _ => $"{response.StatusCode}: {detail}",
                });
                return response.StatusCode switch
                {
                    HttpStatusCode.BadRequest => ExitCodes.Rejected,
                    HttpStatusCode.NotFound => ExitCodes.NotFound,
                    HttpStatusCode.Unauthorized => ExitCodes.Unauthenticated,
                    HttpStatusCode.Forbidden => ExitCodes.PermissionDenied,
                    _ => ExitCodes.Failure,
                };
            }

            var download = new Download(body, response.Headers.TryGetValues(DigitalLinkHeader, out var values) ? values.FirstOrDefault() : null);
            try
            {
                WriteFile(path, body);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                output.Error($"cannot write {path}: {exception.Message}");
                return ExitCodes.Failure;
            }
            output.Line($"{path}: {describe(download)} ({body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes)");
            return ExitCodes.Ok;
        }
    }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes (once per attempt: a request is sent only
    /// once) with <paramref name="authorization"/>, if any. An http:// URL is asked over cleartext
    /// HTTP/2 first, as <see cref="RemoteCall"/> does: the server's gRPC port speaks nothing else
    /// (it answers HTTP/1.1 with a bare 400), while its main URL refuses the HTTP/2 preface before
    /// reading any request, which is then sent again over HTTP/1.1. An https:// URL lets TLS
    /// negotiate the version.
    /// </summary>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    /// <exception cref="TaskCanceledException">It did not answer within a minute, or <paramref name="cancellation"/> fired.</exception>
    public static async Task<HttpResponseMessage> SendAsync(Uri url, Func<HttpRequestMessage> build, string? authorization, CancellationToken cancellation)
    {
        using var client = new HttpClient(new AuthorizationHandler(authorization, new HttpClientHandler())) { Timeout = Timeout };
        if (url.Scheme == Uri.UriSchemeHttp)
        {
            try
            {
                return await SendAsync(client, build, HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (RefusedHttp2(exception))
            {
                return await SendAsync(client, build, HttpVersion.Version11, HttpVersionPolicy.RequestVersionExact, cancellation).ConfigureAwait(false);
            }
        }
        return await SendAsync(client, build, HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower, cancellation).ConfigureAwait(false);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Func<HttpRequestMessage> build, Version version, HttpVersionPolicy policy, CancellationToken cancellation)
    {
        using var request = build();
        request.Version = version;
        request.VersionPolicy = policy;
        return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false);
    }

    /// <summary>Whether a connection was made and the server would not take HTTP/2 on it (see <see cref="RemoteCall"/>).</summary>
    private static bool RefusedHttp2(HttpRequestException exception) =>
        exception is { HttpRequestError: not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError), InnerException: not SocketException };

    /// <summary>Why the server was not reached.</summary>
    public static string Reason(HttpRequestException exception) => exception.InnerException is SocketException socket ? socket.Message : exception.Message;

    /// <summary>The <c>detail</c> of an RFC 9457 problem, or null when the body is no such thing.</summary>
    private static string? Detail(byte[] body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail)
                && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes next to <paramref name="path"/> and then moves there: a failure half way leaves no truncated file under the name.</summary>
    private static void WriteFile(string path, byte[] body)
    {
        var full = Path.GetFullPath(path);
        var partial = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
        try
        {
            File.WriteAllBytes(partial, body);
            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
