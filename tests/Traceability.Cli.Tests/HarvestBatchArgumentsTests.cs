using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

public sealed class HarvestBatchArgumentsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-cli-harvests-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void TheHttpBodyAndTheBareArrayGiveTheSameRequest_ForTheFacilityOfTheCommandLine()
    {
        var harvest = """{"batchId": "B-RAW-01", "areaCode": "TK123", "species": "Codonopsis javanica", "massG": 40000, "harvestedAt": "2024-10-01T06:15:00+07:00", "harvester": "Y Hoa"}""";
        var body = Write("body.json", $$"""{"harvests": [{{harvest}}]}""");
        var array = Write("array.json", $"[{harvest}]");
        var cli = Cli.New();

        var fromBody = cli.HarvestBatch.ToRequest(cli.ParseValid($"harvest-batch HTX-XOP --file {body}"));
        var fromArray = cli.HarvestBatch.ToRequest(cli.ParseValid($"harvest-batch HTX-XOP --file {array}"));

        Assert.Equal(fromBody, fromArray);
        Assert.Equal("HTX-XOP", fromBody.FacilityId);
        Assert.Equal(new HarvestRequest { BatchId = "B-RAW-01", AreaCode = "TK123", Species = "Codonopsis javanica", MassG = 40000, HarvestedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 9, 30, 23, 15, 0, TimeSpan.Zero)), Harvester = "Y Hoa" }, Assert.Single(fromBody.Harvests));
    }

    [Theory]
    [InlineData("missing", "cannot read")]
    [InlineData("{\"harvests\": [{\"massKg\": 4}]}", "is not a JSON list of harvests")]
    [InlineData("not json at all", "is not")]
    [InlineData("[]", "holds no harvests")]
    public void AFileThatIsNotHarvestsIsRefusedBeforeAnythingIsSent(string content, string expected)
    {
        var path = content == "missing" ? Path.Combine(_folder.FullName, "none.json") : Write("bad.json", content);

        var errors = Cli.New().ParseErrors($"harvest-batch HTX-XOP --file {path}");

        Assert.Contains(errors, e => e.StartsWith("--file: ", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
