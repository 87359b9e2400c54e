using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Traceability.Conditions;
using Traceability.Ingestion.Alerts;
using Traceability.Profiles;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>docs/mqtt-alert.schema.json and docs/mqtt.md against what the platform sends.</summary>
public sealed partial class AlertSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(Docs(), "mqtt-alert.schema.json"))));
    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true };

    [Fact]
    public void TheAlertsOfAnExcursionOpeningAndClosingPassTheSchema_InCamelCase_WithEndedAtOnlyWhenClosed()
    {
        var (opened, closed) = OpenAndClose();

        var (openedJson, closedJson) = (JsonNode.Parse(opened.ToUtf8Json())!.AsObject(), JsonNode.Parse(closed.ToUtf8Json())!.AsObject());

        Assert.True(Accepts(openedJson), openedJson.ToJsonString());
        Assert.True(Accepts(closedJson), closedJson.ToJsonString());
        Assert.False(openedJson.ContainsKey("endedAt"));
        Assert.Equal(
            ["type", "facility", "site", "device", "sensor", "quantity", "unit", "direction", "limit", "startedAt", "endedAt", "peak", "area", "profileId", "profileVersion", "excursionId"],
            closedJson.Select(p => p.Key));
        Assert.Equal(("excursion.closed", "2026-11-28T08:01:00+00:00", 2.0), (closedJson["type"]!.GetValue<string>(), closedJson["startedAt"]!.GetValue<string>(), closedJson["area"]!.GetValue<double>()));
    }

    [Fact]
    public void AClosingWithoutEndedAt_AnOpeningWithOne_AndAnUnknownTypeFailTheSchema()
    {
        var (opened, closed) = OpenAndClose();
        var closedWithoutEnd = JsonNode.Parse(closed.ToUtf8Json())!.AsObject();
        closedWithoutEnd.Remove("endedAt");
        var openedWithEnd = JsonNode.Parse(closed.ToUtf8Json())!.AsObject();
        openedWithEnd["type"] = ExcursionAlert.Opened;
        var unknown = JsonNode.Parse(opened.ToUtf8Json())!.AsObject();
        unknown["type"] = "excursion.updated";

        Assert.False(Accepts(closedWithoutEnd));
        Assert.False(Accepts(openedWithEnd));
        Assert.False(Accepts(unknown));
    }

    [Fact]
    public void TheDocumentedExamplePassesTheSchema_AndReadsAsAnAlert()
    {
        var example = Assert.Single(Example().Matches(File.ReadAllText(Path.Combine(Docs(), "mqtt.md")))).Groups[1].Value;

        Assert.True(Accepts(JsonNode.Parse(example)!));
        var alert = ExcursionAlert.Parse(System.Text.Encoding.UTF8.GetBytes(example))!;
        Assert.Equal((ExcursionAlert.Closed, 9.0, 3), (alert.Type, alert.Area, alert.ProfileVersion));
    }

    private static (ExcursionAlert Opened, ExcursionAlert Closed) OpenAndClose()
    {
        var monitor = new ExcursionMonitor(new AlertOptions());
        var profile = new ConditionProfile("drying.sam-ngoc-linh", 3, "Drying", ProfileScope.Storage, null, null, [new QuantityLimit("temperature", 40, 60)], null, TimeSpan.Zero, TimeSpan.FromHours(1), null, DateTimeOffset.UnixEpoch, "test", "");
        var start = new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
        var changes = new List<Excursion>();
        foreach (var (minute, value) in new[] { (0, 59.0), (1, 61.0), (2, 61.0), (3, 59.0) })
        {
            monitor.Observe(new StoredReading("coop", "dryer-1", "gw-1", "t1", "temperature", "CEL", value, start.AddMinutes(minute)), profile, changes);
        }

        return (ExcursionAlert.Of(changes[0]), ExcursionAlert.Of(changes[1]));
    }

    private static bool Accepts(JsonNode json) => Schema.Value.Evaluate(JsonDocument.Parse(json.ToJsonString()).RootElement, Options).IsValid;

    private static string Docs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Traceability.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Traceability.sln not found"), "docs");
    }

    [GeneratedRegex(@"<!-- alert-example -->\s*```json\s*(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Example();
}
