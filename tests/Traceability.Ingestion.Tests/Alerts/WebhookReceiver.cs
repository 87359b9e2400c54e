using System.Collections.Concurrent;
using System.Threading.Channels;
using Traceability.Testing;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>
/// A webhook endpoint for tests: a <see cref="LoopbackHttpServer"/> that answers each POST with the
/// next status of <see cref="Answers"/> (200 once they run out) and keeps what it got.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly Channel<Request> _received = Channel.CreateUnbounded<Request>();
    private readonly LoopbackHttpServer _server;

    public WebhookReceiver() => _server = new LoopbackHttpServer(Answer, "/alerts/");

    public string Url => _server.Url.AbsoluteUri;

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

    public void Dispose() => _server.Dispose();

    private LoopbackResponse Answer(LoopbackRequest request)
    {
        var status = Answers.TryDequeue(out var next) ? next : 200;
        Count++;
        _received.Writer.TryWrite(new Request(request.Method, request.ContentType, request.Headers, request.Body, status));
        return new LoopbackResponse(status, Headers: new Dictionary<string, string>(AnswerHeaders));
    }

    /// <summary>One request as received, and the status it was answered with.</summary>
    public sealed record Request(string Method, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith);
}
