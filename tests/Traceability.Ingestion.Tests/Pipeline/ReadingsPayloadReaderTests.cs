using System.Text;
using Traceability.Ingestion.Pipeline;
using Traceability.IntegrationTests.Embedded;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Tests.Pipeline;

/// <summary>
/// The pipeline's direct payload reader decides every message exactly as the contract's reader
/// (<see cref="ReadingsValidation"/>) does: the same batch when accepted, the same reason and detail
/// when refused. Differential, over the integration tests' fuzz corpus and hand-written edge cases.
/// </summary>
public sealed class ReadingsPayloadReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private static readonly TopicAddress Topic = Address("gw-1");

    public static TheoryData<string> EdgeCases { get; } = new()
    {
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":58.4,"at":"2026-11-28T07:59:00Z"}]}""",
        """ { "device" : "gw-1" , "seq" : 7 , "readings" : [ { "sensor" : "t1" , "quantity" : "temperature" , "unit" : "CEL" , "value" : -40 , "at" : "2026-11-28T14:59:00+07:00" } ] } """,
        "{\n\t\"device\": \"gw-1\",\r\n \"seq\": 2, \"readings\": [{\"sensor\": \"h1\", \"quantity\": \"relative_humidity\", \"unit\": \"P1\", \"value\": 1e1, \"at\": \"2026-11-28T07:59:00.123456Z\"}]}\n",
        """{"seq":3,"readings":[{"at":"2026-11-28T07:59:00Z","value":0.0,"unit":"P1","quantity":"moisture","sensor":"m1"}],"device":"gw-1"}""",
        """{"device":"gw-1","seq":4,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"},{"sensor":"h1","quantity":"relative_humidity","unit":"P1","value":2,"at":"2026-11-28T07:59:00Z"},{"sensor":"t1","quantity":"temperature","unit":"CEL","value":3,"at":"2026-11-28T07:59:01Z"}]}""",
        // Escapes, byte-order mark, duplicates, unknown fields, comments, trailing content, other number forms.
        """{"device":"gw\u002D1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"dev\u0069ce":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t\u0031","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00\u002B07:00"}]}""",
        "\uFEFF{\"device\":\"gw-1\",\"seq\":1,\"readings\":[{\"sensor\":\"t1\",\"quantity\":\"temperature\",\"unit\":\"CEL\",\"value\":1,\"at\":\"2026-11-28T07:59:00Z\"}]}",
        """{"device":"gw-1","device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"seq":2,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","sensor":"t2","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"extra":{"a":[1,2]},"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z","note":"x"}]}""",
        """{"Device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1",/* c */"seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"},]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]} x""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}{}""",
        """{"device":"gw-1","seq":1.0,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1e2,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":"1","readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":99999999999999999999,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":-0,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1e400,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":"1","at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":-0.0000001e-5,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00-00:00"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":1764316740}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"},null]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":null,"quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":null,"seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":null}""",
        """{"device":"gw-1","seq":1,"readings":[]}""",
        """{"device":"gw-1","seq":1,"readings":{}}""",
        """{"device":"gw-1","seq":1}""",
        """{"device":"gw-2","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"tₑ","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"cel","value":1,"at":"2026-11-28T07:59:00Z"}]}""",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2027-11-28T07:59:00Z"}]}""",
        """[{"device":"gw-1"}]""",
        "null",
        "",
        "   ",
        "{",
        """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}""",
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void An_edge_case_is_decided_as_the_contract_decides_it(string payload) =>
        AssertSameDecision(Topic, Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void Bytes_that_are_not_utf8_are_decided_as_the_contract_decides_them()
    {
        var valid = """{"device":"gw-1","seq":1,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1,"at":"2026-11-28T07:59:00Z"}]}"""u8.ToArray();
        for (var i = 0; i < valid.Length; i++)
        {
            foreach (var b in new byte[] { 0x80, 0xC3, 0xFF, 0x00 })
            {
                var payload = (byte[])valid.Clone();
                payload[i] = b;
                AssertSameDecision(Topic, payload);
            }
        }
    }

    [Fact]
    public void The_fuzz_corpus_is_decided_as_the_contract_decides_it()
    {
        var devices = Enumerable.Range(1, 8)
            .Select(i => new DeviceCredentials($"gw-{i}", "coop", "dryer-1", TelemetryTopics.Format("coop", "dryer-1", $"gw-{i}", TopicChannel.Readings), $"gw-{i}", "secret"))
            .ToList();
        var accepted = 0;
        foreach (var seed in new[] { 1, 20261129 })
        {
            foreach (var message in FuzzedPayloads.Generate(seed, 5_000, devices, Now))
            {
                accepted += AssertSameDecision(Address(message.Device.Device), message.Payload) ? 1 : 0;
            }
        }

        // The corpus holds both kinds in numbers.
        Assert.InRange(accepted, 1_000, 9_000);
    }

    [Fact]
    public void The_plain_form_is_read_directly_with_repeated_strings_shared()
    {
        var payload = """{"device":"gw-1","seq":9,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1.5,"at":"2026-11-28T07:59:00Z"},{"sensor":"t1","quantity":"temperature","unit":"CEL","value":2.5,"at":"2026-11-28T14:59:01+07:00"}]}"""u8;

        Assert.True(ReadingsPayloadReader.TryRead(Topic, payload, out var batch));
        Assert.Same(Topic.Device, batch.Device);
        Assert.Equal(9, batch.Sequence);
        Assert.Equal([1.5, 2.5], batch.Readings.Select(r => r.Value));
        Assert.Same(batch.Readings[0].Sensor, batch.Readings[1].Sensor);
        Assert.Same(batch.Readings[0].Unit, batch.Readings[1].Unit);
        Assert.Equal(TimeSpan.FromHours(7), batch.Readings[1].At.Offset);
    }

    [Fact]
    public void A_form_it_does_not_read_directly_is_left_to_the_contract_reader()
    {
        var withExtraField = """{"device":"gw-1","seq":9,"v":2,"readings":[{"sensor":"t1","quantity":"temperature","unit":"CEL","value":1.5,"at":"2026-11-28T07:59:00Z"}]}"""u8.ToArray();

        Assert.False(ReadingsPayloadReader.TryRead(Topic, withExtraField, out _));
        var result = ReadingsPayloadReader.Check(Topic, withExtraField, Now, ValidationLimits.Default);
        Assert.True(result.Accepted);
        Assert.Equal(9, result.Batch!.Sequence);
    }

    private static TopicAddress Address(string device)
    {
        Assert.True(TelemetryTopics.TryParse(TelemetryTopics.Format("coop", "dryer-1", device, TopicChannel.Readings), out var address));
        return address;
    }

    /// <summary>Asserts both readers decide <paramref name="payload"/> alike; whether it was accepted.</summary>
    private static bool AssertSameDecision(TopicAddress topic, byte[] payload)
    {
        var expected = ReadingsValidation.Check(topic, payload, Now, ValidationLimits.Default);
        var actual = ReadingsPayloadReader.Check(topic, payload, Now, ValidationLimits.Default);
        Assert.Equal((expected.Accepted, expected.Reason, expected.Detail), (actual.Accepted, actual.Reason, actual.Detail));
        if (expected.Accepted)
        {
            Assert.Equal(Describe(expected.Batch!), Describe(actual.Batch!));
        }

        return expected.Accepted;
    }

    private static string Describe(ReadingBatch batch) =>
        $"{batch.Device}|{batch.Sequence}|" + string.Join(";", batch.Readings.Select(r =>
            $"{r.Sensor}|{r.Quantity}|{r.Unit}|{BitConverter.DoubleToInt64Bits(r.Value)}|{r.At.UtcTicks}|{r.At.Offset.Ticks}"));
}
