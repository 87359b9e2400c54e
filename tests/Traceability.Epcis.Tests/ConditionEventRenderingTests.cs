using System.Text.Json.Nodes;
using Traceability.Events;
using Traceability.Events.Epcis;

namespace Traceability.Epcis.Tests;

/// <summary>
/// Storage periods and live excursions as EPCIS 2.0 ObjectEvents: what an inspector's EPCIS tool
/// reads in them, and that what matters to the facility's ledger (the window, the peak, the
/// profile) is in the part the hash ID covers.
/// </summary>
public sealed class ConditionEventRenderingTests
{
    private static readonly StorageRecorded Storage = (StorageRecorded)RenderedEvents.Named["storage"];

    private static readonly ExcursionRecorded Excursion = (ExcursionRecorded)RenderedEvents.Named["excursion"];

    private static JsonObject Render(FacilityEvent e) => EpcisRendering.ToJson(e, RenderedEvents.RecordedAt);

    private static string HashId(FacilityEvent e) => EpcisRendering.Identified(e, RenderedEvents.RecordedAt).EventId;

    [Fact]
    public void AStoragePeriodIsAStoringObservationAtTheSiteWhenTheGoodsLeaveIt()
    {
        var json = Render(Storage);

        Assert.Equal("ObjectEvent", (string?)json["type"]);
        Assert.Equal("OBSERVE", (string?)json["action"]);
        Assert.Equal("storing", (string?)json["bizStep"]);
        Assert.Equal("in_progress", (string?)json["disposition"]);
        Assert.Equal("2026-06-09T00:45:00.000Z", (string?)json["eventTime"]);
        Assert.Equal("+07:00", (string?)json["eventTimeZoneOffset"]);
        Assert.Equal(EpcisVocabulary.Site(Storage.SiteId), (string?)json["readPoint"]!["id"]);
        Assert.Equal(EpcisVocabulary.Site(Storage.SiteId), (string?)json["bizLocation"]!["id"]);
        Assert.Equal("2026-06-01T09:00:00.000Z", (string?)json["tr:startedAt"]);
        Assert.Equal("2026-06-09T00:45:00.000Z", (string?)json["tr:endedAt"]);
        Assert.Equal(EpcisVocabulary.Storage("NL-K-2026-004"), (string?)json["tr:storage"]);
        Assert.Equal(EpcisVocabulary.Facility("HTX-NGOCLINH-DG"), (string?)json["tr:facility"]);
        Assert.Null(json["ilmd"]);
    }

    [Fact]
    public void AStoragePeriodNamesBatchesAsStepsDoAndLotsByTheirDigitalLinkClass()
    {
        var quantities = Render(Storage)["quantityList"]!.AsArray();

        Assert.Equal(
            [
                "https://id.traceability.vn/batch/NL-B-2026-012",
                "https://id.gs1.org/01/08936204000114/10/NL-2026-031",
                "https://id.gs1.org/01/08938742000410/10/DC%202026%2F007%2BA",
            ],
            quantities.Select(q => (string?)q!["epcClass"]));
        // The period holds the goods; it does not weigh or count them.
        Assert.All(quantities, q => Assert.Null(q!["quantity"]));
        Assert.Null(Render(Storage)["epcList"]);
    }

    [Fact]
    public void TheStorageWindowIsPartOfTheHashId()
    {
        var original = HashId(Storage);

        Assert.NotEqual(original, HashId(Storage with { StartedAt = Storage.StartedAt.AddMinutes(-1) }));
        Assert.NotEqual(original, HashId(Storage with { EndedAt = Storage.EndedAt.AddMinutes(1) }));
        Assert.NotEqual(original, HashId(Storage with { LotKeys = [.. Storage.LotKeys.Take(1)] }));
        Assert.NotEqual(original, HashId(Storage with { SiteId = "HTX-NGOCLINH-DG.STORE2" }));
    }

    [Fact]
    public void AnExcursionIsASensorReportingObservationAtTheSiteWhenItEnds()
    {
        var json = Render(Excursion);

        Assert.Equal("ObjectEvent", (string?)json["type"]);
        Assert.Equal("OBSERVE", (string?)json["action"]);
        Assert.Equal("sensor_reporting", (string?)json["bizStep"]);
        Assert.Equal("2026-06-05T07:03:30.000Z", (string?)json["eventTime"]);
        Assert.Equal(EpcisVocabulary.Site(Excursion.SiteId), (string?)json["readPoint"]!["id"]);
        Assert.Empty(json["epcList"]!.AsArray());
    }

    [Fact]
    public void AnExcursionsOneSensorElementCarriesItsSpanDeviceAndAlarm()
    {
        var element = Assert.Single(Render(Excursion)["sensorElementList"]!.AsArray())!;
        var metadata = element["sensorMetadata"]!;
        var report = Assert.Single(element["sensorReport"]!.AsArray())!;

        Assert.Equal("2026-06-05T07:03:30.000Z", (string?)metadata["time"]);
        Assert.Equal("2026-06-05T06:12:00.000Z", (string?)metadata["startTime"]);
        Assert.Equal("2026-06-05T07:03:30.000Z", (string?)metadata["endTime"]);
        Assert.Equal(EpcisVocabulary.Device("STORE1-GW1"), (string?)metadata["deviceID"]);
        Assert.Equal("gs1:Temperature", (string?)report["type"]);
        Assert.Equal("ALARM_CONDITION", (string?)report["exception"]);
        Assert.Equal(27.4, (double?)report["value"]);
        Assert.Equal(27.4, (double?)report["maxValue"]);
        Assert.Null(report["minValue"]);
        Assert.Null(report["sDev"]);
        Assert.Equal("CEL", (string?)report["uom"]);
        Assert.Equal("T1", (string?)report["tr:sensor"]);
    }

    [Fact]
    public void BelowALimitThePeakIsTheMinimum()
    {
        var report = Render(RenderedEvents.Named["excursion-below"])["sensorElementList"]![0]!["sensorReport"]![0]!;

        Assert.Equal(6.5, (double?)report["minValue"]);
        Assert.Null(report["maxValue"]);
        Assert.Equal("gs1:Dimensionless", (string?)report["type"]);
    }

    [Theory]
    [InlineData("temperature", "gs1:Temperature")]
    [InlineData("relative_humidity", "gs1:RelativeHumidity")]
    [InlineData("moisture", "gs1:Dimensionless")]
    [InlineData("light", "tr:quantity-light")]
    public void TheMeasurementTypeIsTheOneReadingsWindowsUse(string quantity, string type) =>
        Assert.Equal(type, (string?)Render(Excursion with { Quantity = quantity })["sensorElementList"]![0]!["sensorReport"]![0]!["type"]);

    [Fact]
    public void TheLimitDirectionAreaAndProfileAreNamespacedFields()
    {
        var json = Render(Excursion);

        Assert.Equal("above", (string?)json["tr:direction"]);
        Assert.Equal(25, (double?)json["tr:limit"]);
        Assert.Equal(61.25, (double?)json["tr:area"]);
        Assert.Equal(EpcisVocabulary.Profile("storage-dry"), (string?)json["tr:profile"]);
        Assert.Equal(3, (int?)json["tr:profileVersion"]);
        Assert.Equal(EpcisVocabulary.Excursion(Excursion.ExcursionId), (string?)json["tr:excursion"]);
    }

    [Fact]
    public void ThePeakTheLimitAndTheProfileVersionArePartOfTheHashId()
    {
        var original = HashId(Excursion);

        Assert.NotEqual(original, HashId(Excursion with { Peak = 27.5 }));
        Assert.NotEqual(original, HashId(Excursion with { Limit = 26 }));
        Assert.NotEqual(original, HashId(Excursion with { Area = 61.5 }));
        Assert.NotEqual(original, HashId(Excursion with { ProfileVersion = 4 }));
        Assert.NotEqual(original, HashId(Excursion with { StartedAt = Excursion.StartedAt.AddSeconds(1) }));
    }

    [Fact]
    public void TheAlarmAndMeasurementTypeAreCanonicalisedAsGs1Terms()
    {
        var preHash = EventHash.PreHash(Render(Excursion));

        Assert.Contains("type=https://gs1.org/voc/Temperature", preHash, StringComparison.Ordinal);
        Assert.Contains("exception=https://gs1.org/voc/ALARM_CONDITION", preHash, StringComparison.Ordinal);
    }
}
