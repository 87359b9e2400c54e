using System.CommandLine;

namespace Traceability.Cli.Tests;

/// <summary>
/// The ledger's commands without a server: <c>trace verify</c> and <c>trace audit</c> on files that
/// are not what they should be, and the requests <c>trace lot proof</c> and <c>trace ledger</c> build.
/// </summary>
public sealed class LedgerCommandsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-cli-ledger-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.New().InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task WhenTheBundleFileIsMissing_VerifySaysSoAndFails()
    {
        var (exit, _, error) = await Run("verify", Path.Combine(_folder.FullName, "no-such-bundle.json"));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
        Assert.Contains("no-such-bundle.json", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("""{ "format": "https://id.traceability.vn/proof-bundle/v1" }""")]
    public async Task WhenTheFileIsNotABundle_VerifyRejectsItNamingTheFile(string text)
    {
        var path = File("bundle.json", text);

        var (exit, _, error) = await Run("verify", path);

        Assert.Equal(ExitCodes.Rejected, exit);
        Assert.Contains("bundle.json", error, StringComparison.Ordinal);
        Assert.Contains("Not a proof bundle", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheBundleIsOfAnotherFormat_VerifySaysNotVerified()
    {
        var path = File("bundle.json", """
            { "format": "https://example.com/other", "lot": { "gtin": "08936204000114", "lot": "L1", "uri": "https://id.gs1.org/01/08936204000114/10/L1" },
              "createdAt": "2026-11-28T00:00:00Z", "signingKey": "k", "events": [], "checkpoints": [], "anchorStatus": "signed, not anchored" }
            """);

        var (exit, output, _) = await Run("verify", path);

        Assert.Equal(ExitCodes.NotVerified, exit);
        Assert.Contains("NOT VERIFIED", output, StringComparison.Ordinal);
        Assert.Contains("https://example.com/other", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheDataFolderHasNoStore_AuditSaysSoAndFails()
    {
        var (exit, _, error) = await Run("audit", "--data-dir", _folder.FullName);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("no event store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LotProofAsksForTheNamedLot()
    {
        var cli = Cli.New();

        var request = cli.Lot.ToProofRequest(cli.ParseValid("lot proof 08936204000114 NL-2026-031"));

        Assert.Equal("08936204000114", request.Gtin);
        Assert.Equal("NL-2026-031", request.Lot);
    }

    [Theory]
    [InlineData("ledger consistency HTX-1 --from 0 --to 3", "--from")]
    [InlineData("ledger consistency HTX-1 --from 2", "--to")]
    public void LedgerConsistencyNeedsTwoSizesAboveZero(string line, string option)
    {
        var errors = Cli.New().ParseErrors(line);

        Assert.Contains(errors, e => e.Contains(option, StringComparison.Ordinal));
    }
}
