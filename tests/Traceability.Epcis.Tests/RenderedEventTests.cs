using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Traceability.Events;
using Traceability.Events.Epcis;

namespace Traceability.Epcis.Tests;

/// <summary>
/// The platform's own events as the capture path renders them (<see cref="EpcisRendering.Identified"/>):
/// the EPCIS text the store keeps and the hash ID the facility's log hashes are pinned, byte for byte,
/// so that no change to the rendering or to the hash can alter an event already recorded.
/// </summary>
public sealed class RenderedEventTests
{
    /// <summary>
    /// Name, hash ID and EPCIS text of each of <see cref="RenderedEvents.Named"/>, as rendered at
    /// commit 802c710 (before the rendering and the hash were made cheaper).
    /// </summary>
    private static readonly Dictionary<string, (string Id, string Json)> Pinned =
        Fixture.Lines(Fixture.Path_("rendered", "pinned-events.tsv"))
            .Select(line => line.Split('\t'))
            .ToDictionary(fields => fields[0], fields => (fields[1], fields[2]), StringComparer.Ordinal);

    /// <summary>SHA-256 of every (hash ID, EPCIS text) of <see cref="RenderedEvents.Random"/>(20261128, 3,500), as rendered at 802c710.</summary>
    private const string RandomDigest = "c994f2d86a02b61040249ef5556c3e0f0580ed2cb1b0ae6354876214e1813b50";

    public static TheoryData<string> Names() => [.. RenderedEvents.Named.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Names))]
    public void TheTextAndHashIdOfEachEventArePinned(string name)
    {
        var (json, id) = EpcisRendering.Identified(RenderedEvents.Named[name], RenderedEvents.RecordedAt);

        Assert.Equal(Pinned[name].Id, id);
        Assert.Equal(Pinned[name].Json, json);
    }

    [Fact]
    public void EveryNamedEventIsPinned() => Assert.Equal(RenderedEvents.Named.Keys.Order(StringComparer.Ordinal), Pinned.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void TheTextsAndHashIdsOfThousandsOfOddEventsArePinned()
    {
        var all = new StringBuilder();
        foreach (var e in RenderedEvents.Random(20261128, 3_500))
        {
            var (json, id) = EpcisRendering.Identified(e, RenderedEvents.RecordedAt);
            all.Append(id).Append('\n').Append(json).Append('\n');
        }

        Assert.Equal(RandomDigest, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString()))));
    }

    /// <summary>
    /// What <see cref="EpcisRendering.Identified"/> did at 802c710, through the general path: the
    /// JSON-LD object, its hash ID by <see cref="EventHash.Compute"/>, and a copy of the object with
    /// <c>eventID</c> after <c>type</c>.
    /// </summary>
    private static (string Json, string EventId) Reference(FacilityEvent e)
    {
        var json = EpcisRendering.ToJson(e, RenderedEvents.RecordedAt);
        var id = EventHash.Compute(json);
        var identified = new JsonObject();
        foreach (var (name, value) in json)
        {
            identified[name] = value?.DeepClone();
            if (name == "type")
            {
                identified["eventID"] = id;
            }
        }
        return (identified.ToJsonString(), id);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void IdentifiedAgreesWithTheGeneralPathAndWithItsOwnText(int seed)
    {
        foreach (var e in RenderedEvents.Random(seed, 1_400).Concat(RenderedEvents.Named.Values))
        {
            var (json, id) = EpcisRendering.Identified(e, RenderedEvents.RecordedAt);

            Assert.Equal(Reference(e), (json, id));
            Assert.Equal(EpcisRendering.ToJson(e, RenderedEvents.RecordedAt).ToJsonString(), EpcisRendering.Render(e, RenderedEvents.RecordedAt));
            // The audit recomputes the hash from the stored text: the eventID in it is not hashed.
            Assert.Equal(id, EventHash.Compute(JsonNode.Parse(json)!.AsObject()));
        }
    }
}
