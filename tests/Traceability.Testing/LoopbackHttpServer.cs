using System.Collections.Specialized;
using System.Net;

namespace Traceability.Testing;

/// <summary>
/// An HTTP server for tests on a free 127.0.0.1 port, in place of a webhook endpoint or a remote
/// store: every request under <see cref="Url"/> is read whole and handed to the answer function, one
/// at a time, and what it returns is sent back (a 500 naming the exception when it throws).
/// Dispose stops it and waits for its loop.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly Func<LoopbackRequest, LoopbackResponse> _answer;
    private readonly HttpListener _listener;
    private readonly Task _serving;

    /// <summary>Starts listening on <c>http://127.0.0.1:{free port}{path}</c>.</summary>
    /// <param name="answer">What to answer each request with; called on the server's loop.</param>
    /// <param name="path">The path prefix served, starting and ending with <c>/</c>.</param>
    public LoopbackHttpServer(Func<LoopbackRequest, LoopbackResponse> answer, string path = "/")
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentException.ThrowIfNullOrEmpty(path);
        _answer = answer;
        (_listener, Url) = Listen(path);
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:50123/alerts/</c>.</summary>
    public Uri Url { get; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContextAsync.
        }
    }

    private static (HttpListener Listener, Uri Url) Listen(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{ProcessLog.FreeLoopbackPort()}{path}");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.AbsoluteUri);
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                ((IDisposable)listener).Dispose(); // the port was taken in between; try another
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        LoopbackResponse answer;
        try
        {
            answer = _answer(new LoopbackRequest(
                request.HttpMethod,
                request.Url!.AbsolutePath,
                Pairs(request.QueryString, StringComparer.Ordinal),
                Pairs(request.Headers, StringComparer.OrdinalIgnoreCase),
                request.ContentType,
                body.ToArray()));
        }
#pragma warning disable CA1031 // A test's answer function failing is reported to the client, not lost with the loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            answer = LoopbackResponse.Text(500, "text/plain; charset=utf-8", e.ToString());
        }

        var response = context.Response;
        response.StatusCode = answer.Status;
        if (answer.ContentType is not null)
        {
            response.ContentType = answer.ContentType;
        }

        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (answer.Body is { Length: > 0 } bytes)
        {
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }

        response.Close();
    }

    private static Dictionary<string, string> Pairs(NameValueCollection values, StringComparer names) =>
        values.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => values[k]!, names);
}
