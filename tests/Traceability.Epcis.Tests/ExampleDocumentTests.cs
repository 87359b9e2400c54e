using System.Text.Json.Nodes;

namespace Traceability.Epcis.Tests;

/// <summary>
/// The GS1 EPCIS 2.0 example documents: every event hashes, and the hash has the properties the
/// CBV asks for (same event, same hash; any changed value, another hash).
/// </summary>
public sealed class ExampleDocumentTests
{
    public static TheoryData<string> Examples() => [.. Fixture.Examples()];

    private static IReadOnlyList<JsonObject> EventsOf(string example) =>
        EpcisDocuments.Events(Fixture.Json(Fixture.Path_("epcis-examples", example)));

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryEventOfEveryExampleHashes(string example)
    {
        var events = EventsOf(example);

        Assert.NotEmpty(events);
        foreach (var epcisEvent in events)
        {
            Assert.Equal(32, EventHash.Digest(EventHash.Compute(epcisEvent)).Length);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void TheHashDoesNotDependOnKeyOrder(string example)
    {
        foreach (var epcisEvent in EventsOf(example))
        {
            var reversed = (JsonObject)Reverse(epcisEvent)!;

            Assert.Equal(EventHash.Compute(epcisEvent), EventHash.Compute(reversed));
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ChangingAnySingleValueChangesTheHash(string example)
    {
        foreach (var epcisEvent in EventsOf(example))
        {
            var original = EventHash.Compute(epcisEvent);
            foreach (var path in Leaves(epcisEvent, []))
            {
                var changed = (JsonObject)epcisEvent.DeepClone();
                Change(changed, path);

                Assert.True(original != EventHash.Compute(changed), $"{example}: changing {string.Join('.', path)} left the hash as it was");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void EventIdAndRecordTimeAreNotPartOfTheHash(string example)
    {
        foreach (var epcisEvent in EventsOf(example))
        {
            var changed = (JsonObject)epcisEvent.DeepClone();
            changed["eventID"] = "urn:uuid:00000000-0000-0000-0000-000000000000";
            changed["recordTime"] = "2001-01-01T00:00:00Z";

            Assert.Equal(EventHash.Compute(epcisEvent), EventHash.Compute(changed));
        }
    }

    [Fact]
    public void AQueryDocumentsEventsAreFound() =>
        Assert.NotEmpty(EventsOf("EPCISQueryDocument.jsonld"));

    /// <summary>The same JSON with every object's members in reverse order.</summary>
    private static JsonNode? Reverse(JsonNode? node) => node switch
    {
        JsonObject members => new JsonObject(members.Reverse().Select(member => KeyValuePair.Create(member.Key, Reverse(member.Value)))),
        JsonArray items => new JsonArray([.. items.Select(Reverse)]),
        _ => node?.DeepClone(),
    };

    /// <summary>The paths to every scalar of the event that the hash covers.</summary>
    private static IEnumerable<object[]> Leaves(JsonNode? node, object[] path)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (key, value) in members)
                {
                    if (key is "eventID" or "recordTime" or "@context" or "comment" or "rdfs:comment")
                    {
                        continue;
                    }
                    foreach (var leaf in Leaves(value, [.. path, key]))
                    {
                        yield return leaf;
                    }
                }
                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    foreach (var leaf in Leaves(items[i], [.. path, i]))
                    {
                        yield return leaf;
                    }
                }
                break;
            case JsonValue:
                yield return path;
                break;
        }
    }

    /// <summary>Changes the scalar at <paramref name="path"/>: a string gains a leading character, a number grows, a boolean flips.</summary>
    private static void Change(JsonNode root, object[] path)
    {
        var parent = root;
        foreach (var step in path[..^1])
        {
            parent = step is string key ? parent[key]! : parent[(int)step]!;
        }
        var leaf = path[^1] is string name ? parent[name]! : parent[(int)path[^1]]!;
        JsonNode replacement = leaf.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => JsonValue.Create("X" + leaf.GetValue<string>()),
            System.Text.Json.JsonValueKind.Number => JsonValue.Create(leaf.GetValue<decimal>() + 1),
            System.Text.Json.JsonValueKind.True => JsonValue.Create(false),
            System.Text.Json.JsonValueKind.False => JsonValue.Create(true),
            _ => JsonValue.Create("X"),
        };
        if (path[^1] is string member)
        {
            parent[member] = replacement;
        }
        else
        {
            parent[(int)path[^1]] = replacement;
        }
    }
}
