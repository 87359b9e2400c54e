using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Traceability.Telemetry;

namespace Traceability.Telemetry.Tests;

/// <summary>
/// docs/mqtt-readings.schema.json against <see cref="ReadingsValidation"/>: the documented examples pass both,
/// each kind of defect fails both, and on many generated payloads they agree on structure.
/// </summary>
public sealed partial class ReadingsSchemaTests
{
    private const string Topic = "ocop/coop-1/dryer/gw-7/readings";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(Docs(), "mqtt-readings.schema.json"))));
    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true };

    public static TheoryData<string> DocumentedExamples()
    {
        var data = new TheoryData<string>();
        foreach (Match match in Example().Matches(File.ReadAllText(Path.Combine(Docs(), "mqtt.md"))))
        {
            data.Add(match.Groups[1].Value);
        }

        return data;
    }

    [Fact]
    public void TheDocsHoldAtLeastTwoReadingsExamples() => Assert.True(DocumentedExamples().Count >= 2);

    [Theory]
    [MemberData(nameof(DocumentedExamples))]
    public void TheDocumentedExamplesPassTheSchemaAndTheValidator(string example)
    {
        var topic = TelemetryTopics.Readings("coop-1", "dryer", JsonNode.Parse(example)!["device"]!.GetValue<string>());

        Assert.True(SchemaAccepts(example));
        var result = ReadingsValidation.Check(topic, Encoding.UTF8.GetBytes(example), Now);
        Assert.True(result.Accepted, result.Detail);
    }

    [Theory]
    [InlineData("missing device", "{\"seq\":1,\"readings\":[R]}")]
    [InlineData("missing seq", "{\"device\":\"gw-7\",\"readings\":[R]}")]
    [InlineData("missing readings", "{\"device\":\"gw-7\",\"seq\":1}")]
    [InlineData("seq zero", "{\"device\":\"gw-7\",\"seq\":0,\"readings\":[R]}")]
    [InlineData("seq as text", "{\"device\":\"gw-7\",\"seq\":\"1\",\"readings\":[R]}")]
    [InlineData("no readings", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[]}")]
    [InlineData("readings not an array", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":{}}")]
    [InlineData("reading null", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[null]}")]
    [InlineData("unknown quantity", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[{\"sensor\":\"s\",\"quantity\":\"pressure\",\"unit\":\"CEL\",\"value\":1,\"at\":\"2025-06-01T07:00:00Z\"}]}")]
    [InlineData("wrong unit", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[{\"sensor\":\"s\",\"quantity\":\"moisture\",\"unit\":\"CEL\",\"value\":1,\"at\":\"2025-06-01T07:00:00Z\"}]}")]
    [InlineData("out of range", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[{\"sensor\":\"s\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":151,\"at\":\"2025-06-01T07:00:00Z\"}]}")]
    [InlineData("value as text", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[{\"sensor\":\"s\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":\"1\",\"at\":\"2025-06-01T07:00:00Z\"}]}")]
    [InlineData("sensor not an id", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[{\"sensor\":\"a/b\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":1,\"at\":\"2025-06-01T07:00:00Z\"}]}")]
    [InlineData("at not a time", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[{\"sensor\":\"s\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":1,\"at\":\"yesterday\"}]}")]
    [InlineData("missing at", "{\"device\":\"gw-7\",\"seq\":1,\"readings\":[{\"sensor\":\"s\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":1}]}")]
    public void EachKindOfDefectFailsTheSchemaAndTheValidator(string kind, string json)
    {
        json = json.Replace("R", "{\"sensor\":\"s\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":1,\"at\":\"2025-06-01T07:00:00Z\"}", StringComparison.Ordinal);

        Assert.False(SchemaAccepts(json), kind);
        Assert.False(ReadingsValidation.Check(Topic, Encoding.UTF8.GetBytes(json), Now).Accepted, kind);
    }

    [Fact]
    public void MoreThanAThousandReadingsFailBoth()
    {
        var reading = "{\"sensor\":\"s\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":1,\"at\":\"2025-06-01T07:00:00Z\"}";
        var json = $"{{\"device\":\"gw-7\",\"seq\":1,\"readings\":[{string.Join(',', Enumerable.Repeat(reading, 1001))}]}}";

        Assert.False(SchemaAccepts(json));
        Assert.Equal(RejectionReason.TooLarge, ReadingsValidation.Check(Topic, Encoding.UTF8.GetBytes(json), Now).Reason);
    }

    /// <summary>
    /// Property: for payloads made from a valid batch by random structural changes (fields dropped, retyped, set
    /// out of range, quantities and units swapped, unknown fields added), the schema accepts exactly what the
    /// validator accepts. Times stay within the validator's clock window and the device matches the topic, the two
    /// checks the schema cannot make.
    /// </summary>
    [Fact]
    public void OnGeneratedPayloadsTheSchemaAndTheValidatorAgree()
    {
        var random = new Random(20250601);
        var accepted = 0;
        for (var i = 0; i < 1500; i++)
        {
            var json = Generate(random).ToJsonString();

            var schema = SchemaAccepts(json);
            var validator = ReadingsValidation.Check(Topic, Encoding.UTF8.GetBytes(json), Now);

            Assert.True(schema == validator.Accepted, $"schema {(schema ? "accepts" : "rejects")}, validator {(validator.Accepted ? "accepts" : $"rejects ({validator.Reason}: {validator.Detail})")}: {json}");
            accepted += schema ? 1 : 0;
        }

        // Both outcomes occur often enough for the agreement to mean something.
        Assert.InRange(accepted, 200, 1300);
    }

    private static JsonObject Generate(Random random)
    {
        var readings = new JsonArray();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            readings.Add(ValidReading(random));
        }

        var batch = new JsonObject { ["device"] = "gw-7", ["seq"] = random.NextInt64(1, long.MaxValue), ["readings"] = readings };
        var changes = random.Next(0, 3);
        for (var c = 0; c < changes; c++)
        {
            Change(random, batch);
        }

        return batch;
    }

    private static JsonObject ValidReading(Random random)
    {
        var quantity = Quantities.All[random.Next(Quantities.All.Count)];
        var value = Math.Round(quantity.Min + (random.NextDouble() * (quantity.Max - quantity.Min)), 2);
        var at = Now.AddMinutes(-random.Next(0, 60 * 24 * 365)).AddMilliseconds(random.Next(0, 1000));
        return new JsonObject
        {
            ["sensor"] = "s" + random.Next(0, 9).ToString(CultureInfo.InvariantCulture),
            ["quantity"] = quantity.Name,
            ["unit"] = quantity.Unit,
            ["value"] = value,
            ["at"] = at.ToString(random.Next(2) == 0 ? "yyyy-MM-ddTHH:mm:ss.fffZ" : "yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        };
    }

    private static void Change(Random random, JsonObject batch)
    {
        var readings = batch["readings"] as JsonArray;
        var reading = readings is { Count: > 0 } ? readings[random.Next(readings.Count)] as JsonObject : null;
        switch (random.Next(22))
        {
            case 0: batch.Remove("device"); break;
            case 1: batch.Remove("seq"); break;
            case 2: batch.Remove("readings"); break;
            case 3: batch["seq"] = random.Next(-3, 1); break;
            case 4: batch["seq"] = "7"; break;
            case 5: batch["readings"] = new JsonArray(); break;
            case 6: batch["readings"] = "none"; break;
            case 7: batch["device"] = null; break;
            case 8: batch["firmware"] = "1.2.3"; break;
            case 9 when reading is not null: reading.Remove(Pick(random, "sensor", "quantity", "unit", "value", "at")); break;
            case 10 when reading is not null: reading["sensor"] = Pick(random, "a/b", "", "+", new string('x', 65), "ok.id"); break;
            case 11 when reading is not null: reading["quantity"] = Pick(random, "pressure", "Temperature", "moisture", "temperature"); break;
            case 12 when reading is not null: reading["unit"] = Pick(random, "CEL", "P1", "FAH", "%"); break;
            case 13 when reading is not null: reading["value"] = random.Next(-200, 300); break;
            case 14 when reading is not null: reading["value"] = Pick(random, "12", "NaN"); break;
            case 15 when reading is not null: reading["value"] = null; break;
            case 16 when reading is not null: reading["at"] = Pick(random, "yesterday", "2025-13-01T00:00:00Z", "2025-06-01 07:00:00Z"); break;
            case 17 when reading is not null: reading["sensor"] = 5; break;
            case 18 when reading is not null: reading["calibrated"] = true; break;
            case 19 when readings is not null: readings.Add(null); break;
            case 20 when readings is not null: readings.Add(ValidReading(random)); break;
            case 21 when readings is not null && reading is not null: readings.Add(JsonNode.Parse(reading.ToJsonString())); break;
            default: break;
        }
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    private static bool SchemaAccepts(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement, Options).IsValid;
    }

    private static string Docs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Traceability.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Traceability.sln not found"), "docs");
    }

    [GeneratedRegex(@"<!-- readings-example -->\s*```json\s*(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Example();
}
