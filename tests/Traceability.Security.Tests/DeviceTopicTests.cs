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
    public void TheEmbeddedBrokersAclIsThePolicy(string topic)
    {
        // The embedded broker checks every PUBLISH with Ingestion's TopicAccess, which asks the policy.
        var broker = TopicAccess.CanPublish(MqttIdentity.ForDevice("gw-key", "F1", "S1", "D1"), topic);

        Assert.Equal(AccessPolicy.Decide(Dryer, Operation.Publish(topic)).Allowed, broker);
    }

    [Theory]
    [MemberData(nameof(EveryTopic))]
    public void MosquittosGeneratedAclAgreesWithThePolicy(string topic)
    {
        // mosquitto is given the ACL MosquittoFiles writes from the registry; read it the way mosquitto does
        // (the user's block, write or readwrite lines, MQTT topic matching) and ask it the same question.
        var acl = MosquittoFiles.Acl(
        [
            Account(MqttIdentity.ForDevice("gw-key", "F1", "S1", "D1")),
            Account(MqttIdentity.ForDevice("gw-other", "F1", "S2", "D9")),
            Account(MqttIdentity.ForService("traceability-ingestion")),
        ]);

        Assert.Equal(AccessPolicy.Decide(Dryer, Operation.Publish(topic)).Allowed, MosquittoAcl.MayWrite(acl, "gw-key", topic));
    }

    [Theory]
    [InlineData("ocop/F1/S1/D1/readings")]
    [InlineData("ocop/F1/S1/alerts")]
    [InlineData("#")]
    public void AServiceAccountNeverPublishesThroughTheEmbeddedBroker(string topic)
    {
        var decision = TopicAccess.DecidePublish(MqttIdentity.ForService("traceability-ingestion"), topic);

        Assert.False(decision.Allowed);
        Assert.Contains("only a device may publish", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARevokedDeviceHasNoLineInMosquittosAcl()
    {
        var acl = MosquittoFiles.Acl([Account(MqttIdentity.ForDevice("gw-key", "F1", "S1", "D1"), revoked: true)]);

        Assert.False(MosquittoAcl.MayWrite(acl, "gw-key", "ocop/F1/S1/D1/readings"));
        Assert.DoesNotContain("gw-key", acl, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAclReaderOfTheseTestsCanSayYesAndNo()
    {
        // Guards the reader itself, so the agreement above cannot pass by reading nothing.
        const string acl = "user a\ntopic write x/+/z\ntopic read r/#\n\nuser b\ntopic readwrite y/#\n";

        Assert.True(MosquittoAcl.MayWrite(acl, "a", "x/1/z"));
        Assert.False(MosquittoAcl.MayWrite(acl, "a", "x/1/2/z"));
        Assert.False(MosquittoAcl.MayWrite(acl, "a", "r/1"));
        Assert.False(MosquittoAcl.MayWrite(acl, "a", "y/1"));
        Assert.True(MosquittoAcl.MayWrite(acl, "b", "y/1/2"));
        Assert.True(MosquittoAcl.MayWrite(acl, "b", "y"));
        Assert.False(MosquittoAcl.MayWrite(acl, "b", "x/1/z"));
        Assert.False(MosquittoAcl.MayWrite("user c\ntopic write #\n", "c", "$SYS/x"));
    }

    private static RegisteredAccount Account(MqttIdentity identity, bool revoked = false) =>
        new(identity, "$7$101$c2FsdA==$aGFzaA==", DateTimeOffset.UnixEpoch, null, revoked ? DateTimeOffset.UnixEpoch : null);

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

    /// <summary>
    /// mosquitto's reading of an ACL file, for the lines <see cref="MosquittoFiles"/> writes: a <c>user</c> line opens
    /// that user's block, <c>topic write|readwrite &lt;filter&gt;</c> lets it publish on topics the filter matches (MQTT
    /// matching: <c>+</c> one level, <c>#</c> the rest; a wildcard first never matches a <c>$</c> topic). Anything the
    /// generated file must not hold (pattern lines, topic lines outside a user block) fails the test rather than being
    /// misread.
    /// </summary>
    private static class MosquittoAcl
    {
        public static bool MayWrite(string acl, string user, string topic)
        {
            // mosquitto refuses such topics on PUBLISH before any ACL is consulted.
            if (topic.Length == 0 || topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal) || topic.Contains('\0', StringComparison.Ordinal))
            {
                return false;
            }

            string? current = null;
            foreach (var raw in acl.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var words = line.Split(' ', 3);
                switch (words)
                {
                    case ["user", var name]:
                        current = name;
                        break;
                    case ["topic", var access, var filter] when current is not null:
                        if (current == user && access is "write" or "readwrite" && Matches(filter, topic))
                        {
                            return true;
                        }

                        break;
                    default:
                        Assert.Fail($"the generated ACL holds a line this reader does not model: '{line}'");
                        break;
                }
            }

            return false;
        }

        private static bool Matches(string filter, string topic)
        {
            if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#')))
            {
                return false;
            }

            var f = filter.Split('/');
            var t = topic.Split('/');
            for (var i = 0; i < f.Length; i++)
            {
                if (f[i] == "#")
                {
                    return true;
                }

                if (i >= t.Length || (f[i] != "+" && !string.Equals(f[i], t[i], StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return f.Length == t.Length;
        }
    }
}
