using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Traceability.Testing;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>
/// A webhook endpoint for tests: an <see cref="HttpListener"/> on a free 127.0.0.1 port that answers
/// each POST with the next status of <see cref="Answers"/> (200 once they run out) and keeps what it got.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<Request> _received = Channel.CreateUnbounded<Request>();
    private readonly Task _serving;

    public WebhookReceiver()
    {
        var port = ProcessLog.FreeLoopbackPort();
        Url = $"http://127.0.0.1:{port}/alerts/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>The statuses to answer, in order.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    /// <summary>Extra headers to answer with (e.g. Retry-After).</summary>
    public ConcurrentDictionary<string, string> AnswerHeaders { get; } = new();

    public int Count { get; private set; }

    /// <summary>The next request, waiting at most <paramref name="seconds"/>.</summary>
    public async Task<Request> NextAsync(double seconds = 15)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No webhook request within {seconds} s.");
        }
    }

    public bool TryTake(out Request? request) => _received.Reader.TryRead(out request);

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

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var status = Answers.TryDequeue(out var next) ? next : 200;
            Count++;
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            _received.Writer.TryWrite(new Request(context.Request.HttpMethod, context.Request.ContentType, headers, body.ToArray(), status));
            context.Response.StatusCode = status;
            foreach (var (name, value) in AnswerHeaders)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.Close();
        }
    }

    /// <summary>One request as received, and the status it was answered with.</summary>
    public sealed record Request(string Method, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith);
}
