using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.Ingestion.Alerts;
using Traceability.Ingestion.Pipeline;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>
/// Webhook deliveries against a real HTTP endpoint on 127.0.0.1: retried with back-off and signed, a
/// final refusal not retried, and the outbox (alerts.db) surviving a restart of the dispatcher.
/// </summary>
public sealed class WebhookDispatcherTests : IDisposable
{
    private const string Secret = "correct horse battery staple";
    private static readonly ExcursionAlert Alert = new(
        ExcursionAlert.Closed, "coop", "dryer-1", "gw-1", "t1", "temperature", "CEL", "above", 60, new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), new(2026, 11, 28, 8, 4, 0, TimeSpan.Zero), 63, 9, "drying.sam-ngoc-linh", 3, "x-0123456789abcdef0123456789abcdef");

    private readonly string _folder = Directory.CreateTempSubdirectory("webhooks-").FullName;
    private readonly WebhookReceiver _receiver = new();
    private readonly IngestionMetrics _metrics = new();

    private string OutboxPath => Path.Combine(_folder, "alerts.db");

    public void Dispose()
    {
        _receiver.Dispose();
        _metrics.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WhenTheWebhookAnswers500Twice_TheAlertIsSentAgainAndAcceptedTheThirdTime_SignedAndWithOneDeliveryId()
    {
        using var sending = await SendAlertAsync([500, 500]);

        var requests = new[] { await _receiver.NextAsync(), await _receiver.NextAsync(), await _receiver.NextAsync() };
        await Eventually(() => sending.Outbox.List().Single().State == WebhookDeliveryState.Delivered);
        await sending.Dispatcher.StopAsync(CancellationToken.None);

        Assert.Equal([500, 500, 200], requests.Select(r => r.AnsweredWith));
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
            Assert.Equal(Alert.ToUtf8Json(), r.Body);
            Assert.True(WebhookSignature.Verify(Secret, r.Headers[WebhookSignature.TimestampHeader], r.Body, r.Headers[WebhookSignature.SignatureHeader]));
            Assert.False(WebhookSignature.Verify("another secret", r.Headers[WebhookSignature.TimestampHeader], r.Body, r.Headers[WebhookSignature.SignatureHeader]));
            Assert.InRange(long.Parse(r.Headers[WebhookSignature.TimestampHeader], System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        });
        Assert.Single(requests.Select(r => r.Headers[WebhookSignature.DeliveryHeader]).Distinct());
        Assert.Equal(Alert, ExcursionAlert.Parse(requests[2].Body));
        var delivery = Assert.Single(sending.Outbox.List());
        Assert.Equal((WebhookDeliveryState.Delivered, 3, requests[0].Headers[WebhookSignature.DeliveryHeader]), (delivery.State, delivery.Attempts, delivery.Id));
    }

    [Fact]
    public async Task WhenTheWebhookAnswers400_TheDeliveryFailsAtOnceAndIsNotSentAgain()
    {
        using var sending = await SendAlertAsync([400]);

        Assert.Equal(400, (await _receiver.NextAsync()).AnsweredWith);
        await Eventually(() => sending.Outbox.List().Single().State == WebhookDeliveryState.Failed);

        // Longer than the first back-off: a retry would have come.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await sending.Dispatcher.StopAsync(CancellationToken.None);
        Assert.Equal(1, _receiver.Count);
        var delivery = sending.Outbox.List().Single();
        Assert.Equal((1, "HTTP 400 Bad Request"), (delivery.Attempts, delivery.LastError));
    }

    [Fact]
    public async Task WhenTheWebhookAnswers429_TheDeliveryIsRetried()
    {
        using var sending = await SendAlertAsync([429]);

        var answered = new[] { (await _receiver.NextAsync()).AnsweredWith, (await _receiver.NextAsync()).AnsweredWith };
        await sending.Dispatcher.StopAsync(CancellationToken.None);

        Assert.Equal([429, 200], answered);
    }

    [Fact]
    public async Task AfterTheLastAttempt_TheDeliveryIsMarkedFailedAndKept()
    {
        using var sending = await SendAlertAsync([503, 503, 503, 503, 503], maxAttempts: 2);

        await Eventually(() => sending.Outbox.List().Single().State == WebhookDeliveryState.Failed);
        await sending.Dispatcher.StopAsync(CancellationToken.None);

        var delivery = sending.Outbox.List().Single();
        Assert.Equal((2, "HTTP 503 Service Unavailable"), (delivery.Attempts, delivery.LastError));
        Assert.Equal(2, _receiver.Count);
    }

    [Fact]
    public async Task APendingDeliverySurvivesARestartOfTheDispatcher_AndIsDeliveredByTheNextOne()
    {
        string firstId;
        using (var sending = await SendAlertAsync([503]))
        {
            firstId = (await _receiver.NextAsync()).Headers[WebhookSignature.DeliveryHeader];
            await Eventually(() => sending.Outbox.List().Single().Attempts == 1);
            await sending.Dispatcher.StopAsync(CancellationToken.None);
            Assert.Equal(WebhookDeliveryState.Pending, sending.Outbox.List().Single().State);
        }

        using var reopened = new WebhookOutbox(OutboxPath);
        using var restarted = Dispatcher(reopened);
        await restarted.StartAsync(CancellationToken.None);
        var second = await _receiver.NextAsync();
        await Eventually(() => reopened.List().Single().State == WebhookDeliveryState.Delivered);
        await restarted.StopAsync(CancellationToken.None);

        Assert.Equal((200, firstId), (second.AnsweredWith, second.Headers[WebhookSignature.DeliveryHeader]));
        Assert.Equal(2, reopened.List().Single().Attempts);
    }

    [Fact]
    public void TheSameAlertPutInTwiceIsOneDelivery_PerWebhook()
    {
        using var outbox = new WebhookOutbox(OutboxPath);
        var now = DateTimeOffset.UtcNow;

        var first = outbox.Add(Alert.ExcursionId, Alert.Type, ["http://127.0.0.1:1/a", "http://127.0.0.1:1/b"], Alert.ToUtf8Json(), now);
        var again = outbox.Add(Alert.ExcursionId, Alert.Type, ["http://127.0.0.1:1/a", "http://127.0.0.1:1/b"], Alert.ToUtf8Json(), now);
        var opened = outbox.Add(Alert.ExcursionId, ExcursionAlert.Opened, ["http://127.0.0.1:1/a"], Alert.ToUtf8Json(), now);

        Assert.Equal((2, 0, 1), (first, again, opened));
        Assert.Equal(3, outbox.List().Select(d => d.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(12, 300)]
    [InlineData(1000, 300)]
    public void TheBackOffDoublesFromOneSecondToAtMostFiveMinutes(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookDispatcher.Backoff(attempts));

    [Fact]
    public void TheSignatureIsTheHmacSha256OfTimestampDotBody_AndAnyChangeBreaksIt()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"excursion.opened\"}");

        var signature = WebhookSignature.Sign(Secret, 1_764_316_800, body);

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1764316800.{\"type\":\"excursion.opened\"}")));
        Assert.Equal(expected, signature);
        Assert.True(WebhookSignature.Verify(Secret, "1764316800", body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "1764316801", body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "1764316800", Encoding.UTF8.GetBytes("{\"type\":\"excursion.closed\"}"), signature));
        Assert.False(WebhookSignature.Verify(Secret, "1764316800", body, signature.Replace("sha256=", "sha1=", StringComparison.Ordinal)));
        Assert.False(WebhookSignature.Verify(Secret, "1764316800", body, "sha256=zz"));
        Assert.False(WebhookSignature.Verify(Secret, null, body, signature));
    }

    /// <summary>
    /// Puts <see cref="Alert"/> in a started dispatcher over the outbox, the webhook answering
    /// <paramref name="answers"/> in order (then 200).
    /// </summary>
    private async Task<Sending> SendAlertAsync(int[] answers, int maxAttempts = 12)
    {
        foreach (var answer in answers)
        {
            _receiver.Answers.Enqueue(answer);
        }

        var outbox = new WebhookOutbox(OutboxPath);
        var sending = new Sending(outbox, Dispatcher(outbox, maxAttempts));
        await sending.Dispatcher.StartAsync(CancellationToken.None);
        sending.Dispatcher.Enqueue(Alert, Alert.ToUtf8Json());
        return sending;
    }

    private WebhookDispatcher Dispatcher(WebhookOutbox outbox, int maxAttempts = 12)
    {
        var options = new AlertOptions { WebhookMaxAttempts = maxAttempts, WebhookTimeoutSeconds = 5 };
        options.Webhooks.Add(new AlertWebhook { Url = _receiver.Url, Secret = Secret });
        return new WebhookDispatcher(outbox, options, _metrics, TimeProvider.System, NullLogger<WebhookDispatcher>.Instance);
    }

    private static async Task Eventually(Func<bool> condition, double seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Not within {seconds} s.");
            await Task.Delay(50);
        }
    }

    /// <summary>An outbox and the dispatcher sending from it, disposed together.</summary>
    private sealed record Sending(WebhookOutbox Outbox, WebhookDispatcher Dispatcher) : IDisposable
    {
        public void Dispose()
        {
            Dispatcher.Dispose();
            Outbox.Dispose();
        }
    }
}
