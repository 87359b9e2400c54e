using Traceability.Telemetry;

namespace Traceability.Telemetry.Tests;

public sealed class TelemetryTopicsTests
{
    [Fact]
    public void AReadingsTopicIsFormattedAndParsedBack()
    {
        var topic = TelemetryTopics.Readings("coop-1", "dryer.2", "gw_7");

        Assert.Equal("ocop/coop-1/dryer.2/gw_7/readings", topic);
        Assert.True(TelemetryTopics.TryParse(topic, out var address));
        Assert.Equal(new TopicAddress("coop-1", "dryer.2", "gw_7", TopicChannel.Readings), address);
        Assert.Equal(topic, address.ToString());
    }

    [Fact]
    public void AStatusTopicIsFormattedAndParsedBack()
    {
        Assert.True(TelemetryTopics.TryParse(TelemetryTopics.Status("f", "s", "d"), out var address));
        Assert.Equal(TopicChannel.Status, address.Channel);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ocop/f/s/d")]
    [InlineData("ocop/f/s/d/readings/extra")]
    [InlineData("other/f/s/d/readings")]
    [InlineData("ocop/f/s/d/commands")]
    [InlineData("ocop/+/s/d/readings")]
    [InlineData("ocop/f/#/d/readings")]
    [InlineData("ocop/f//d/readings")]
    [InlineData("ocop/f/s/d /readings")]
    [InlineData("/ocop/f/s/d/readings")]
    [InlineData("ocop/f/s/d/readings/")]
    [InlineData("OCOP/f/s/d/readings")]
    public void AnythingElseIsNotADeviceTopic(string? topic)
    {
        Assert.False(TelemetryTopics.TryParse(topic, out var address));
        Assert.Null(address);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("+")]
    [InlineData("#")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("ümlaut")]
    [InlineData("$share")]
    public void IdsWithSeparatorsWildcardsOrOtherCharactersAreRefused(string id)
    {
        Assert.False(TelemetryTopics.IsId(id));
        Assert.Throws<ArgumentException>(() => TelemetryTopics.Readings(id, "s", "d"));
        Assert.Throws<ArgumentException>(() => TelemetryTopics.Readings("f", id, "d"));
        Assert.Throws<ArgumentException>(() => TelemetryTopics.Readings("f", "s", id));
    }

    [Fact]
    public void IdsAreAtMostSixtyFourCharacters()
    {
        Assert.True(TelemetryTopics.IsId(new string('a', 64)));
        Assert.False(TelemetryTopics.IsId(new string('a', 65)));
    }

    [Fact]
    public void ASharedSubscriptionNamesItsGroup_AndRefusesAGroupThatIsNotAnId()
    {
        Assert.Equal("$share/ingestion/ocop/+/+/+/readings", TelemetryTopics.Shared("ingestion", TelemetryTopics.ReadingsFilter));
        Assert.Throws<ArgumentException>(() => TelemetryTopics.Shared("a/b", TelemetryTopics.ReadingsFilter));
        Assert.Throws<ArgumentException>(() => TelemetryTopics.Shared("+", TelemetryTopics.ReadingsFilter));
    }

    [Fact]
    public void ASitesAlertsTopicIsFormattedAndParsedBack_AndIsNoDevicesTopic()
    {
        var topic = TelemetryTopics.Alerts("coop-1", "dryer.2");

        Assert.Equal("ocop/coop-1/dryer.2/alerts", topic);
        Assert.True(TelemetryTopics.TryParseAlerts(topic, out var facility, out var site));
        Assert.Equal(("coop-1", "dryer.2"), (facility, site));
        Assert.False(TelemetryTopics.TryParse(topic, out _));
        Assert.Throws<ArgumentException>(() => TelemetryTopics.Alerts("coop-1", "+"));
    }

    [Theory]
    [InlineData("ocop/+/+/alerts")]
    [InlineData("ocop/coop-1/dryer/gw-1/alerts")]
    [InlineData("ocop/coop-1/dryer/gw-1/readings")]
    [InlineData("ocop/coop-1/dryer/alert")]
    [InlineData("other/coop-1/dryer/alerts")]
    [InlineData("ocop/coop 1/dryer/alerts")]
    [InlineData("")]
    [InlineData(null)]
    public void AnythingElseIsNoAlertsTopic(string? topic) => Assert.False(TelemetryTopics.TryParseAlerts(topic, out _, out _));
}
