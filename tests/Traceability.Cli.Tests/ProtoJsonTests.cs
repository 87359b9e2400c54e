using Google.Protobuf;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>
/// <c>--json</c> writes what the server's HTTP API writes for the same message (checked byte for
/// byte against the running server when this was written): compact, UTF-8, 64-bit integers as
/// numbers, fields at their default value included.
/// </summary>
public sealed class ProtoJsonTests
{
    [Fact]
    public void WhenALotIsWrittenThenItIsTheServersJson()
    {
        var json = ProtoJson.Format(Fixtures.Lot());

        Assert.Equal(
            """{"gtin":"08935049500017","lot":"L2410-01","facilityId":"HTX-XOP","siteId":"PACK-1","unitCount":96,"netMassPerUnitG":100,"producedOn":"2024-10-10","expiresOn":"2026-10-10","inputs":[{"batchId":"B-EXT-01","massG":9600}],"recordedAt":"2024-10-10T09:00:00Z","digitalLink":"/01/08935049500017/10/L2410-01","recalls":[]}""",
            json);
    }

    [Fact]
    public void WhenFieldsHoldDefaultsThenTheyAreWrittenAndUnsetOnesOfAndMessagesAreNot()
    {
        var json = ProtoJson.Format(new Batch { BatchId = "B-1" });

        Assert.Equal(
            """{"batchId":"B-1","facilityId":"","species":[],"description":"","initialMassG":0,"remainingMassG":0,"uses":[],"storageIds":[]}""",
            json);
    }

    [Fact]
    public void WhenNamesAreVietnameseThenTheyAreWrittenAsTyped()
    {
        var json = ProtoJson.Format(new Facility { FacilityId = "HTX-XOP", Name = "HTX Sâm dây Ngọc Linh Xốp", Address = "Thôn <Đăk> Dục & 'Lê'" });

        Assert.Contains("\"name\":\"HTX Sâm dây Ngọc Linh Xốp\"", json, StringComparison.Ordinal);
        Assert.Contains("\"address\":\"Thôn <Đăk> Dục & 'Lê'\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenANestedMessageHasInt64sThenTheyAreNumbersAtEveryDepth()
    {
        var json = ProtoJson.Format(Fixtures.Recall());

        Assert.Contains("\"uses\":[{\"stepId\":\"ST-WASH-01\",\"massG\":40000,", json, StringComparison.Ordinal);
        Assert.Contains("\"outputs\":[{\"batchId\":\"B-EXT-01\",\"massG\":9600,", json, StringComparison.Ordinal);
        Assert.DoesNotContain("G\":\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIsWrittenReadsBackAsTheSameMessage()
    {
        var trace = Fixtures.Trace();

        Assert.Equal(trace, JsonParser.Default.Parse<LotTrace>(ProtoJson.Format(trace)));
    }
}
