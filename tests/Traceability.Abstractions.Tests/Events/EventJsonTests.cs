using System.Text.Json;
using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;

namespace Traceability.Abstractions.Tests.Events;

/// <summary>The one JSON form of events: what the store keeps must come back as the same fact.</summary>
public sealed class EventJsonTests
{
    public static TheoryData<string> EventTypes => new(Examples.Keys);

    private static readonly Dictionary<string, FacilityEvent> Examples = new(NgocLinh.OneOfEachType)
    {
        [$"{nameof(SiteRegistered)} without location"] = NgocLinh.DryingSite() with { Location = null },
        [$"{nameof(StepRecorded)} with an output without description"] = NgocLinh.Drying() with { Outputs = [new(NgocLinh.DriedBatchId, NgocLinh.DriedGrams, null!)] },
    };

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void WhenAnEventIsStoredAndReadBack_ItIsTheSameFactOfTheSameType(string example)
    {
        var original = Examples[example];

        var json = EventJson.Serialize(original);
        var back = EventJson.Deserialize(json);

        Assert.IsType(original.GetType(), back);
        Assert.True(EventJson.SameFact(original, back), json);
        Assert.Equal(json, EventJson.Serialize(back));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void WhenAnEventIsStored_ItsTypeIsNamedFirst(string example)
    {
        var original = Examples[example];

        var json = EventJson.Serialize(original);

        Assert.StartsWith($"{{\"type\":\"{original.GetType().Name}\",", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenAStepIsReadBack_EveryFieldSurvives()
    {
        var back = Assert.IsType<StepRecorded>(EventJson.Deserialize(EventJson.Serialize(NgocLinh.Drying())));

        Assert.Equal(NgocLinh.FacilityId, back.FacilityId);
        Assert.Equal(NgocLinh.DryingStepId, back.StepId);
        Assert.Equal(NgocLinh.DryingSiteId, back.SiteId);
        Assert.Equal(StepKind.Drying, back.Kind);
        Assert.Equal(NgocLinh.DryingStartedAt, back.StartedAt);
        Assert.Equal(TimeSpan.FromHours(7), back.StartedAt.Offset);
        Assert.Equal(NgocLinh.DryingEndedAt, back.EndedAt);
        Assert.Equal("Y Thị Hoa", back.Operator);
        Assert.Equal([new BatchPortion(NgocLinh.HarvestBatchId, NgocLinh.HarvestGrams)], back.Inputs);
        Assert.Equal([new BatchOutput(NgocLinh.DriedBatchId, NgocLinh.DriedGrams, "Sâm dây sấy khô")], back.Outputs);
    }

    [Fact]
    public void WhenAnAreaIsReadBack_ItsBoundarySpeciesAndCertificationsSurvive()
    {
        var area = NgocLinh.Area();

        var back = Assert.IsType<AreaRegistered>(EventJson.Deserialize(EventJson.Serialize(area)));

        Assert.Equal(area.Boundary, back.Boundary);
        Assert.Equal(area.Species, back.Species);
        Assert.Equal(area.Certifications, back.Certifications);
    }

    [Fact]
    public void WhenALotIsReadBack_ItsDatesSurviveAsCalendarDays()
    {
        var back = Assert.IsType<LotPacked>(EventJson.Deserialize(EventJson.Serialize(NgocLinh.Lot())));

        Assert.Equal(new DateOnly(2026, 5, 25), back.ProducedOn);
        Assert.Equal(new DateOnly(2028, 5, 25), back.ExpiresOn);
        Assert.Equal("08938521000013/L2605-01", back.LotKey);
    }

    [Fact]
    public void StoredJsonIsCamelCaseWithEnumsByNameAndDatesInIso8601()
    {
        var json = EventJson.Serialize(NgocLinh.Lot());
        var step = EventJson.Serialize(NgocLinh.Drying());

        Assert.Contains("\"facilityId\":\"HTX-NGOCLINH\"", json, StringComparison.Ordinal);
        Assert.Contains("\"producedOn\":\"2026-05-25\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Drying\"", step, StringComparison.Ordinal);
        Assert.Contains("\"startedAt\":\"2026-05-20T14:00:00+07:00\"", step, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTwoEventsDifferInOneGram_TheyAreNotTheSameFact() =>
        Assert.False(EventJson.SameFact(NgocLinh.Harvest(), NgocLinh.Harvest(grams: NgocLinh.HarvestGrams + 1)));

    [Fact]
    public void WhenTwoEventsAreDifferentInstancesWithTheSameContent_TheyAreTheSameFact() =>
        Assert.True(EventJson.SameFact(NgocLinh.Area(), NgocLinh.Area()));

    [Fact]
    public void WhenTheStoredBodyIsNull_ReadingItThrows() =>
        Assert.Throws<JsonException>(() => EventJson.Deserialize("null"));

    [Theory]
    [InlineData("{\"type\":\"CoffeeRoasted\",\"facilityId\":\"HTX-XOP\"}")]
    [InlineData("{\"facilityId\":\"HTX-XOP\"}")]
    [InlineData("not json")]
    public void WhenTheStoredBodyIsNotAKnownEvent_ReadingItThrows(string json) =>
        Assert.ThrowsAny<Exception>(() => EventJson.Deserialize(json));
}
