using Microsoft.Extensions.Configuration;
using Traceability.Ingestion.Alerts;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>The Alerts section as an operator writes it (README): bound and checked.</summary>
public sealed class AlertOptionsTests
{
    [Fact]
    public void TheSettingsOfTheReadmeBind_WebhooksIncluded()
    {
        var options = Bind(
            ("Alerts:ConsecutiveReadings", "3"),
            ("Alerts:HysteresisCelsius", "1.5"),
            ("Alerts:Webhooks:0:Url", "https://hooks.example/a"),
            ("Alerts:Webhooks:0:Secret", "s1"));

        Assert.Equal((3, 1.5, 2.0, 60, 12), (options.ConsecutiveReadings, options.HysteresisCelsius, options.HysteresisPercent, options.ProfileCacheSeconds, options.WebhookMaxAttempts));
        Assert.Equal(("https://hooks.example/a", "s1"), (Assert.Single(options.Webhooks).Url, options.Webhooks[0].Secret));
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void AWebhookWithARelativeUrlOrWithoutASecret_IsAProblemNamingItsKey()
    {
        var options = Bind(
            ("Alerts:Webhooks:0:Url", "/relative"),
            ("Alerts:Webhooks:0:Secret", "s"),
            ("Alerts:Webhooks:1:Url", "http://127.0.0.1:9/x"));

        var problems = options.Problems();

        Assert.Contains(problems, p => p.StartsWith("Alerts:Webhooks:0:Url", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Alerts:Webhooks:1:Secret", StringComparison.Ordinal));
    }

    private static AlertOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var options = new AlertOptions();
        configuration.GetSection(AlertOptions.Section).Bind(options);
        return options;
    }
}
