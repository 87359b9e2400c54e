using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Traceability.Conditions.Tests;

/// <summary>One HTTP request as <see cref="RecordedInfluxServer"/> received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body);

/// <summary>
/// A stand-in for an InfluxDB 2.x server on a free 127.0.0.1 port that answers with recorded
/// responses: <c>/api/v2/query</c> with a fixture of annotated CSV, <c>/api/v2/write</c> with 204 (or
/// a chosen error). It records every request so tests can assert what InfluxDB.Client sent. Not an
/// InfluxDB: it does not interpret queries or keep writes.
/// </summary>
public sealed class RecordedInfluxServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Task _loop;

    public RecordedInfluxServer(string queryResponseCsv)
    {
        QueryResponseCsv = queryResponseCsv;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                Url = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                ((IDisposable)listener).Dispose(); // the port was taken in between; try another
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public string QueryResponseCsv { get; }

    /// <summary>When set, writes are answered with this status and an InfluxDB-style JSON error.</summary>
    public HttpStatusCode? WriteError { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under the pending GetContextAsync.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var query = context.Request.QueryString.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.QueryString[k]!);
            lock (_requests)
            {
                _requests.Add(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, query, body));
            }

            var response = context.Response;
            switch (context.Request.Url.AbsolutePath)
            {
                case "/api/v2/query":
                    response.StatusCode = 200;
                    response.ContentType = "text/csv; charset=utf-8";
                    await WriteAsync(response, QueryResponseCsv);
                    break;
                case "/api/v2/write" when WriteError is { } status:
                    response.StatusCode = (int)status;
                    response.ContentType = "application/json; charset=utf-8";
                    await WriteAsync(response, """{"code":"invalid","message":"unable to parse 'x': missing fields"}""");
                    break;
                case "/api/v2/write":
                    response.StatusCode = 204;
                    response.Close();
                    break;
                default:
                    response.StatusCode = 404;
                    response.Close();
                    break;
            }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
