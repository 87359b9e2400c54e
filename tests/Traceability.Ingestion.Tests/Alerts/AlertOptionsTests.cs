using Microsoft.Extensions.Configuration;
using Traceability.Ingestion.Alerts;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>The Alerts section as an operator writes it (README): bound, checked, and the configured limits found per site.</summary>
public sealed class AlertOptionsTests
{
    [Fact]
    public void TheSettingsOfTheReadmeBind_WebhooksAndProfilesIncluded()
    {
        var options = Bind(
            ("Alerts:ConsecutiveReadings", "3"),
            ("Alerts:HysteresisCelsius", "1.5"),
            ("Alerts:Webhooks:0:Url", "https://hooks.example/a"),
            ("Alerts:Webhooks:0:Secret", "s1"),
            ("Alerts:Profiles:0:Site", "dryer"),
            ("Alerts:Profiles:0:ProfileId", "drying"),
            ("Alerts:Profiles:0:Version", "2"),
            ("Alerts:Profiles:0:Limits:0:Quantity", "temperature"),
            ("Alerts:Profiles:0:Limits:0:Max", "60"));

        Assert.Equal((3, 1.5, 2.0, 60, 12), (options.ConsecutiveReadings, options.HysteresisCelsius, options.HysteresisPercent, options.ProfileCacheSeconds, options.WebhookMaxAttempts));
        Assert.Equal(("https://hooks.example/a", "s1"), (Assert.Single(options.Webhooks).Url, options.Webhooks[0].Secret));
        var profile = Assert.Single(options.Profiles);
        Assert.Equal(("dryer", "drying", 2, "temperature", null, 60.0), (profile.Site, profile.ProfileId, profile.Version, profile.Limits[0].Quantity, profile.Limits[0].Min, profile.Limits[0].Max));
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void AWebhookWithoutSecretOrWithARelativeUrl_AndALimitWithoutBounds_AreProblemsNamingTheKey()
    {
        var options = Bind(
            ("Alerts:Webhooks:0:Url", "/relative"),
            ("Alerts:Webhooks:0:Secret", "s"),
            ("Alerts:Webhooks:1:Url", "http://127.0.0.1:9/x"),
            ("Alerts:Profiles:0:Limits:0:Quantity", "pressure"));

        var problems = options.Problems();

        Assert.Contains(problems, p => p.StartsWith("Alerts:Webhooks:0:Url", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Alerts:Webhooks:1:Secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Alerts:Profiles:0:Limits:0:Quantity", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Alerts:Profiles:0:Limits:0: needs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASitesOwnLimitsComeBeforeItsFacilitysAndThoseBeforeTheDefault()
    {
        var options = Bind(
            ("Alerts:Profiles:0:ProfileId", "default"),
            ("Alerts:Profiles:0:Limits:0:Quantity", "temperature"),
            ("Alerts:Profiles:0:Limits:0:Max", "70"),
            ("Alerts:Profiles:1:Facility", "coop"),
            ("Alerts:Profiles:1:ProfileId", "coop"),
            ("Alerts:Profiles:1:Limits:0:Quantity", "temperature"),
            ("Alerts:Profiles:1:Limits:0:Max", "65"),
            ("Alerts:Profiles:2:Site", "dryer"),
            ("Alerts:Profiles:2:ProfileId", "dryer"),
            ("Alerts:Profiles:2:Limits:0:Quantity", "temperature"),
            ("Alerts:Profiles:2:Limits:0:Max", "60"));
        var profiles = new ConfiguredAlertProfiles(options);

        Assert.Equal("dryer", (await profiles.ForSiteAsync("coop", "dryer", default))!.ProfileId);
        Assert.Equal("coop", (await profiles.ForSiteAsync("coop", "store", default))!.ProfileId);
        Assert.Equal("default", (await profiles.ForSiteAsync("other", "store", default))!.ProfileId);
        Assert.Null(await new ConfiguredAlertProfiles(new AlertOptions()).ForSiteAsync("coop", "dryer", default));
    }

    private static AlertOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var options = new AlertOptions();
        configuration.GetSection(AlertOptions.Section).Bind(options);
        return options;
    }
}
