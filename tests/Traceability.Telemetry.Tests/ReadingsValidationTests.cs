using System.Text;
using Traceability.Telemetry;

namespace Traceability.Telemetry.Tests;

public sealed class ReadingsValidationTests
{
    private const string Topic = "ocop/coop-1/dryer/gw-7/readings";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static ValidationResult Check(string json, ValidationLimits? limits = null) =>
        ReadingsValidation.Check(Topic, Encoding.UTF8.GetBytes(json), Now, limits);

    private static string Batch(string readings = Reading, string device = "gw-7", string seq = "1") =>
        $"{{\"device\":\"{device}\",\"seq\":{seq},\"readings\":[{readings}]}}";

    private const string Reading = "{\"sensor\":\"t1\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":58.4,\"at\":\"2025-06-01T07:59:00Z\"}";

    private static string With(string field, string value) =>
        Reading.Replace(Field(field), $"\"{field}\":{value}", StringComparison.Ordinal);

    private static string Field(string field)
    {
        var start = Reading.IndexOf($"\"{field}\":", StringComparison.Ordinal);
        var end = Reading.IndexOfAny([',', '}'], start);
        return Reading[start..end];
    }

    [Fact]
    public void AWellFormedBatchIsAccepted()
    {
        var result = Check(Batch(Reading + "," + Reading.Replace("t1", "t2", StringComparison.Ordinal)));

        Assert.True(result.Accepted, result.Detail);
        Assert.Equal(2, result.Batch!.Readings.Count);
        Assert.Equal(1, result.Batch.Sequence);
    }

    [Theory]
    [InlineData("ocop/coop-1/dryer/gw-7/status")]
    [InlineData("ocop/coop-1/dryer/+/readings")]
    [InlineData("elsewhere")]
    public void ANonReadingsTopicIsRejectedAsTopic(string topic)
    {
        var result = ReadingsValidation.Check(topic, Encoding.UTF8.GetBytes(Batch()), Now);

        Assert.Equal(RejectionReason.Topic, result.Reason);
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("null", null)]
    [InlineData("{\"seq\":1,\"readings\":[]}", "device")]
    [InlineData("{\"device\":\"gw-7\",\"readings\":[]}", "seq")]
    [InlineData("{\"device\":\"gw-7\",\"seq\":\"1\",\"readings\":[]}", "seq")]
    [InlineData("{\"device\":\"gw-7\",\"seq\":0,\"readings\":[]}", "seq")]
    [InlineData("{\"device\":\"gw-7\",\"seq\":1,\"readings\":[]}", "readings")]
    [InlineData("{\"device\":\"gw-7\",\"seq\":1}", "readings")]
    public void AMissingOrMistypedFieldIsRejectedAsMalformed_NamingTheField(string json, string? field)
    {
        var result = Check(json);

        Assert.Equal(RejectionReason.Malformed, result.Reason);
        if (field is not null)
        {
            Assert.Contains(field, result.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"2026-11-28T08:00:00\"")]
    [InlineData("\"2026-11-28\"")]
    [InlineData("1764316800")]
    public void ATimeWithoutAnOffsetIsMalformed_NotGuessedInTheServersZone(string at)
    {
        var result = Check(Batch(Reading + "," + With("at", at)));

        Assert.Equal(RejectionReason.Malformed, result.Reason);
        Assert.StartsWith("readings[1].at", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ATimeWithAnOffsetIsReadAsThatInstant()
    {
        var result = Check(Batch(With("at", "\"2025-06-01T14:59:00+07:00\"")));

        Assert.True(result.Accepted, result.Detail);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 7, 59, 0, TimeSpan.Zero), result.Batch!.Readings[0].At);
    }

    [Fact]
    public void ASensorThatIsNotAnIdIsMalformed_NamingTheReading()
    {
        var result = Check(Batch(Reading + "," + With("sensor", "\"t/2\"")));

        Assert.Equal(RejectionReason.Malformed, result.Reason);
        Assert.StartsWith("readings[1].sensor", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherDevicesIdInThePayloadIsUnauthorised()
    {
        var result = Check(Batch(device: "gw-8"));

        Assert.Equal(RejectionReason.Unauthorised, result.Reason);
        Assert.StartsWith("device", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void APayloadOverTheByteLimitIsTooLarge()
    {
        var result = Check(Batch(), new ValidationLimits { MaxPayloadBytes = 50 });

        Assert.Equal(RejectionReason.TooLarge, result.Reason);
        Assert.Contains("bytes", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreReadingsThanTheLimitIsTooLarge_NamingReadings()
    {
        var result = Check(Batch(string.Join(',', Enumerable.Repeat(Reading, 3))), new ValidationLimits { MaxReadings = 2 });

        Assert.Equal(RejectionReason.TooLarge, result.Reason);
        Assert.StartsWith("readings", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quantity", "\"pressure\"")]
    [InlineData("unit", "\"FAH\"")]
    [InlineData("unit", "\"P1\"")]
    public void AnUnknownQuantityOrAWrongUnitIsRejectedAsUnit_NamingTheField(string field, string value)
    {
        var result = Check(Batch(With(field, value)));

        Assert.Equal(RejectionReason.Unit, result.Reason);
        Assert.StartsWith($"readings[0].{field}", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("temperature", "CEL", -40.01)]
    [InlineData("temperature", "CEL", 150.01)]
    [InlineData("relative_humidity", "P1", -0.1)]
    [InlineData("relative_humidity", "P1", 100.1)]
    [InlineData("moisture", "P1", 101)]
    public void AValueOutsideTheQuantitysRangeIsOutOfRange(string quantity, string unit, double value)
    {
        var reading = $"{{\"sensor\":\"s\",\"quantity\":\"{quantity}\",\"unit\":\"{unit}\",\"value\":{value.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"at\":\"2025-06-01T07:59:00Z\"}}";

        var result = Check(Batch(reading));

        Assert.Equal(RejectionReason.OutOfRange, result.Reason);
        Assert.StartsWith("readings[0].value", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("temperature", "CEL", -40)]
    [InlineData("temperature", "CEL", 150)]
    [InlineData("moisture", "P1", 0)]
    [InlineData("relative_humidity", "P1", 100)]
    public void TheRangesBoundsAreAccepted(string quantity, string unit, double value)
    {
        var reading = $"{{\"sensor\":\"s\",\"quantity\":\"{quantity}\",\"unit\":\"{unit}\",\"value\":{value.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"at\":\"2025-06-01T07:59:00Z\"}}";

        Assert.True(Check(Batch(reading)).Accepted);
    }

    [Theory]
    [InlineData("\"2025-06-01T08:05:01Z\"")]
    [InlineData("\"2019-12-31T23:59:59Z\"")]
    [InlineData("\"1970-01-01T00:00:00Z\"")]
    public void ATimeTooFarAheadOrBeforeThePlatformCouldExistIsTimestamp(string at)
    {
        var result = Check(Batch(With("at", at)));

        Assert.Equal(RejectionReason.Timestamp, result.Reason);
        Assert.StartsWith("readings[0].at", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void FiveMinutesAheadIsStillAccepted()
    {
        Assert.True(Check(Batch(With("at", "\"2025-06-01T08:05:00Z\""))).Accepted);
    }

    [Fact]
    public void TheFirstProblemFoundIsTheReason()
    {
        var result = Check(Batch(Reading + "," + With("unit", "\"FAH\"") + "," + With("value", "999")));

        Assert.Equal(RejectionReason.Unit, result.Reason);
        Assert.StartsWith("readings[1]", result.Detail, StringComparison.Ordinal);
    }
}
