using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Traceability.Ingestion.Pipeline;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Delivers the <see cref="WebhookOutbox"/>'s alerts: each due delivery is POSTed as JSON to its
/// webhook, signed (<see cref="WebhookSignature"/>). A 2xx answer delivers it; a 4xx other than 408
/// and 429 fails it at once (resending the same request cannot help); anything else (other answers,
/// no answer within <see cref="AlertOptions.WebhookTimeoutSeconds"/>) is tried again after 1 s, 2 s,
/// 4 s … up to 5 min between attempts (a 429's or 503's <c>Retry-After</c> is honoured within that
/// bound), and after <see cref="AlertOptions.WebhookMaxAttempts"/> attempts the delivery is marked
/// failed. Pending deliveries survive a restart: the outbox is on disk. A delivery whose webhook is no
/// longer configured fails (its secret is gone). Redirects are not followed.
/// </summary>
public sealed partial class WebhookDispatcher : BackgroundService
{
    /// <summary>The wait after the first failed attempt; doubled after each further one.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(5);

    private const int Batch = 32;

    private readonly WebhookOutbox _outbox;
    private readonly AlertOptions _options;
    private readonly IngestionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _secrets;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WebhookDispatcher(WebhookOutbox outbox, AlertOptions options, IngestionMetrics metrics, TimeProvider time, ILogger<WebhookDispatcher> logger)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _secrets = options.Webhooks.ToDictionary(w => w.Url, w => w.Secret, StringComparer.Ordinal);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(options.WebhookTimeoutSeconds),
        };
    }

    /// <summary>Whether any webhook is configured.</summary>
    public bool HasWebhooks => _secrets.Count > 0;

    /// <summary>Puts <paramref name="alert"/> in the outbox for every webhook (durable when this returns) and wakes the dispatcher.</summary>
    public void Enqueue(ExcursionAlert alert, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!HasWebhooks)
        {
            return;
        }

        _outbox.Add(alert.ExcursionId, alert.Type, _secrets.Keys, body, _time.GetUtcNow());
        Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Attempts every delivery due now, in parallel batches; returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var attempted = 0;
        while (true)
        {
            var due = _outbox.Due(_time.GetUtcNow(), Batch);
            if (due.Count == 0)
            {
                return attempted;
            }

            await Task.WhenAll(due.Select(d => AttemptAsync(d, cancellationToken))).ConfigureAwait(false);
            attempted += due.Count;
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake).Task;
            try
            {
                await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.DispatchFailed(_logger, e);
                await Task.Delay(FirstRetry, _time, stoppingToken).ConfigureAwait(false);
            }

            var wait = _outbox.NextDue() is { } next ? next - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.Zero)
            {
                using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(wait == Timeout.InfiniteTimeSpan || wait > LongestRetry ? LongestRetry : wait, _time, sleeping.Token);
                await Task.WhenAny(wake, delay).ConfigureAwait(false);
                await sleeping.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        if (!_secrets.TryGetValue(delivery.Url, out var secret))
        {
            Finish(delivery, WebhookDeliveryState.Failed, attempts, "the webhook is no longer configured");
            return;
        }

        string error;
        TimeSpan? retryAfter = null;
        try
        {
            var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ReadOnlyMemoryContent(delivery.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.Body.Span));
            request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                Finish(delivery, WebhookDeliveryState.Delivered, attempts, null);
                return;
            }

            error = $"HTTP {status} {response.ReasonPhrase}";
            if (status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
            {
                Finish(delivery, WebhookDeliveryState.Failed, attempts, error);
                return;
            }

            retryAfter = response.Headers.RetryAfter is { } after
                ? after.Delta ?? (after.Date is { } date ? date - _time.GetUtcNow() : null)
                : null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? $"no answer within {_options.WebhookTimeoutSeconds} s" : e.Message;
        }

        if (attempts >= _options.WebhookMaxAttempts)
        {
            Finish(delivery, WebhookDeliveryState.Failed, attempts, error);
            return;
        }

        var wait = Backoff(attempts);
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked < LongestRetry ? asked : LongestRetry;
        }

        _outbox.Record(delivery.Id, WebhookDeliveryState.Pending, attempts, _time.GetUtcNow() + wait, error);
        _metrics.WebhookAttempt("retried");
        Log.Retrying(_logger, delivery.Id, delivery.Url, attempts, error, wait.TotalSeconds);
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: 1 s, 2 s, 4 s, … at most 5 min.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = FirstRetry.Ticks * (1L << exponent);
        return ticks > LongestRetry.Ticks ? LongestRetry : TimeSpan.FromTicks(ticks);
    }

    private void Finish(WebhookDelivery delivery, WebhookDeliveryState state, int attempts, string? error)
    {
        _outbox.Record(delivery.Id, state, attempts, _time.GetUtcNow(), error);
        if (state == WebhookDeliveryState.Delivered)
        {
            _metrics.WebhookAttempt("delivered");
        }
        else
        {
            _metrics.WebhookAttempt("failed");
            Log.GaveUp(_logger, delivery.Id, delivery.Url, attempts, error ?? "");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5311, Level = LogLevel.Warning, Message = "Delivering webhooks failed; trying again")]
        public static partial void DispatchFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 5312, Level = LogLevel.Information, Message = "Webhook delivery {Id} to {Url} failed (attempt {Attempts}: {Error}); again in {Seconds} s")]
        public static partial void Retrying(ILogger logger, string id, string url, int attempts, string error, double seconds);

        [LoggerMessage(EventId = 5313, Level = LogLevel.Warning, Message = "Webhook delivery {Id} to {Url} failed after {Attempts} attempts: {Error}; kept as failed")]
        public static partial void GaveUp(ILogger logger, string id, string url, int attempts, string error);
    }
}
