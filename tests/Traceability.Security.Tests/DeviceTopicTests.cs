using Traceability.Ingestion.Devices;
using Traceability.Security.Policy;
using Traceability.Security.Principals;

namespace Traceability.Security.Tests;

public sealed class DeviceTopicTests
{
    private static readonly Principal Dryer = Principal.ForDevice("gw-key", "F1", "S1", "D1");

    [Theory]
    [InlineData("ocop/F1/S1/D1/readings")]
    [InlineData("ocop/F1/S1/D1/status")]
    public void ADevicePublishesOnItsOwnTopics(string topic)
    {
        Assert.True(AccessPolicy.Decide(Dryer, Operation.Publish(topic)).Allowed);
    }

    [Theory]
    [InlineData("ocop/F1/S2/D1/readings", "another site's topic")]
    [InlineData("ocop/F2/S1/D1/readings", "another facility's topic")]
    [InlineData("ocop/F1/S1/D2/readings", "another device's topic")]
    [InlineData("ocop/F1/S1/D2/status", "another device's status")]
    [InlineData("ocop/F1/S1/alerts", "the platform's alerts topic")]
    [InlineData("ocop/F1/S2/alerts", "another site's alerts topic")]
    [InlineData("ocop/F1/S1/D1/alerts", "an alerts level under the device")]
    [InlineData("ocop/F1/S1/D1/commands", "a channel that does not exist")]
    [InlineData("ocop/F1/S1/+/readings", "a single-level wildcard")]
    [InlineData("ocop/F1/S1/#", "a multi-level wildcard")]
    [InlineData("ocop/+/+/+/readings", "the ingestion's filter")]
    [InlineData("#", "everything")]
    [InlineData("ocop/F1/S1/D1/readings/", "a trailing separator")]
    [InlineData("ocop/F1/S1/D1/readings/extra", "an extra level")]
    [InlineData("/ocop/F1/S1/D1/readings", "a leading separator")]
    [InlineData("ocop//F1/S1/D1/readings", "an empty level")]
    [InlineData("ocop/F1/S1/D1/../D2/readings", "a parent-level trick")]
    [InlineData("ocop/F1/S1/../S2/D1/readings", "a parent-level trick across sites")]
    [InlineData("ocop/F1/S2/../S1/D1/readings", "a parent-level trick that would land home")]
    [InlineData("ocop/F1/S1/./D1/readings", "a current-level trick")]
    [InlineData("ocop/F1/S1/D1/Readings", "the channel in another case")]
    [InlineData("OCOP/F1/S1/D1/readings", "the root in another case")]
    [InlineData("ocop/f1/S1/D1/readings", "the facility in another case")]
    [InlineData("ocop/F1/S1/D1 /readings", "a padded device id")]
    [InlineData("ocop/F1/S1/D1\u0000/readings", "a NUL after the device id")]
    [InlineData("$SYS/broker/clients", "the broker's system tree")]
    [InlineData("$share/g/ocop/F1/S1/D1/readings", "a shared-subscription prefix")]
    [InlineData("", "an empty topic")]
    public void ADeviceCannotPublishAnywhereElse(string topic, string what)
    {
        var decision = AccessPolicy.Decide(Dryer, Operation.Publish(topic));

        Assert.False(decision.Allowed, what);
    }

    [Theory]
    [MemberData(nameof(EveryTopic))]
    public void ThePolicyAgreesWithTheBrokersTopicAcl(string topic)
    {
        // Ingestion's TopicAccess enforces this rule in the embedded broker and mosquitto's ACL today;
        // until it calls the policy, the two must not drift apart.
        var broker = TopicAccess.CanPublish(MqttIdentity.ForDevice("gw-key", "F1", "S1", "D1"), topic);

        Assert.Equal(broker, AccessPolicy.Decide(Dryer, Operation.Publish(topic)).Allowed);
    }

    public static TheoryData<string> EveryTopic()
    {
        var topics = new TheoryData<string>();
        foreach (var method in new[] { nameof(ADevicePublishesOnItsOwnTopics), nameof(ADeviceCannotPublishAnywhereElse) })
        {
            foreach (var data in typeof(DeviceTopicTests).GetMethod(method)!.GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>())
            {
                topics.Add((string)data.GetData(null!).Single()[0]);
            }
        }

        return topics;
    }

    [Fact]
    public void ANullTopicIsDenied()
    {
        Assert.False(AccessPolicy.Decide(Dryer, new Operation(OperationKind.PublishTelemetry)).Allowed);
    }

    [Fact]
    public void NoOneButTheDevicePublishesOnItsTopic()
    {
        Principal?[] others = [null, Principal.ForAdmin("root"), Principal.ForOperator("op", "F1"), Principal.ForInspector("n"), Principal.ForDevice("other", "F1", "S1", "D2")];

        Assert.All(others, p => Assert.False(AccessPolicy.Decide(p, Operation.Publish("ocop/F1/S1/D1/readings")).Allowed));
    }

    [Fact]
    public void ADeviceDoesNothingButPublishAndThePublicOperations()
    {
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            var decision = AccessPolicy.Decide(Dryer, new Operation(kind, RecordKind.Harvest, "F1", null, "ocop/F1/S1/D1/readings"));

            Assert.Equal(kind is OperationKind.Health or OperationKind.PublicTrace or OperationKind.PublishTelemetry, decision.Allowed);
        }
    }
}
