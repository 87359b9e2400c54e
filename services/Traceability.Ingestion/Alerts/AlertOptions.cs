using System.ComponentModel.DataAnnotations;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Settings of live excursion alerts (section <c>Alerts</c>): how an excursion is recognised
/// (<see cref="ExcursionMonitor"/>), how long a site's condition profile is cached, and where alerts
/// go besides the MQTT alerts topic (<see cref="Webhooks"/>). Every setting has a working default:
/// with none set, alerts go to MQTT only.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Alerts";

    /// <summary>How far back inside a temperature limit (°C, unit <c>CEL</c>) a value must come before an excursion closes.</summary>
    [Range(0, 100)]
    public double HysteresisCelsius { get; set; } = 0.5;

    /// <summary>How far back inside a percentage limit (relative humidity, moisture; unit <c>P1</c>) a value must come before an excursion closes.</summary>
    [Range(0, 100)]
    public double HysteresisPercent { get; set; } = 2.0;

    /// <summary>How many consecutive readings of a series beyond a limit open an excursion (it starts at the first of them).</summary>
    [Range(1, 1000)]
    public int ConsecutiveReadings { get; set; } = 2;

    /// <summary>How long a site's condition profile is remembered before it is asked for again, seconds (0: every time).</summary>
    [Range(0, 86_400)]
    public int ProfileCacheSeconds { get; set; } = 60;

    /// <summary>Durable writes (flushes) of readings waiting for the excursion watch; beyond it readings are not watched (counted, logged).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Where every alert is POSTed (signed), besides the MQTT alerts topic.</summary>
    public IList<AlertWebhook> Webhooks { get; } = [];

    /// <summary>Attempts at delivering one alert to one webhook before the delivery is marked failed (and kept).</summary>
    [Range(1, 1000)]
    public int WebhookMaxAttempts { get; set; } = 12;

    /// <summary>Seconds one webhook request may take.</summary>
    [Range(1, 300)]
    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// What is wrong with these options, one message per problem naming the key; empty when they
    /// are usable (for <c>ValidateOnStart</c>).
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var urls = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Webhooks.Count; i++)
        {
            var hook = Webhooks[i];
            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problems.Add($"{Section}:Webhooks:{i}:Url is '{hook.Url}'; a webhook needs an absolute http(s) URL.");
            }
            else if (!urls.Add(url.AbsoluteUri))
            {
                problems.Add($"{Section}:Webhooks:{i}:Url '{hook.Url}' is listed twice.");
            }

            if (string.IsNullOrEmpty(hook.Secret))
            {
                problems.Add($"{Section}:Webhooks:{i}:Secret is empty; every webhook is signed with its own secret.");
            }
        }

        return problems;
    }

    /// <summary>How far back inside a limit of <paramref name="unit"/> a value must come to close an excursion (0 for a unit without a setting).</summary>
    public double HysteresisFor(string unit) => unit switch
    {
        "CEL" => HysteresisCelsius,
        "P1" => HysteresisPercent,
        _ => 0,
    };
}
