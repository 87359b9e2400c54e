using System.CommandLine;
using System.Text.Json;
using Traceability.Anchoring;
using Traceability.Proofs;

namespace Traceability.Cli;

/// <summary>
/// <c>trace verify bundle.json</c>: checks a lot's proof bundle offline (no server): every event
/// hash, inclusion proof and checkpoint signature, and that the bundle holds the lot's whole
/// backward trace; says in plain words what holds and what does not.
/// </summary>
internal sealed class VerifyCommand
{
    private readonly Argument<string> bundle = new("bundle") { Description = "The proof bundle (JSON) from `trace lot proof` or GET /v1/lots/{gtin}/{lot}/proof; - reads standard input" };
    private readonly Option<string> key = CliOptions.Text("--key", "The verifier key the checkpoints must be signed with (from `trace ledger key`); default: the key the bundle names", required: false);
    private readonly Option<bool> all = new("--all") { Description = "List every check, not only the failures" };
    private readonly Option<string> rpc = new("--rpc") { Description = "Also check the anchor on this Ethereum JSON-RPC node: transaction, block, contract, root", HelpName = "url" };

    public VerifyCommand(GlobalOptions global)
    {
        Command = new Command("verify", "Check a proof bundle offline: event hashes, inclusion proofs, checkpoint signatures, completeness of the trace") { bundle, key, all, rpc };
        Command.SetAction(async (parse, cancellation) =>
        {
            var output = Output.For(parse, global);
            var path = parse.GetRequiredValue(bundle);
            ProofBundle parsed;
            try
            {
                var text = path == "-"
                    ? await Console.In.ReadToEndAsync(cancellation).ConfigureAwait(false)
                    : await File.ReadAllTextAsync(path, cancellation).ConfigureAwait(false);
                parsed = ProofBundle.Parse(text);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                output.Error($"cannot read {path}: {exception.Message}");
                return ExitCodes.Failure;
            }
            catch (FormatException exception)
            {
                output.Error($"{path}: {exception.Message}");
                return ExitCodes.Rejected;
            }

            var report = BundleVerifier.Verify(parsed, parse.GetValue(key));
            if (parse.GetValue(rpc) is { Length: > 0 } url)
            {
                report = new VerificationReport([.. report.Findings, .. await AnchorOnChain.VerifyAsync(parsed, url).ConfigureAwait(false)]);
            }
            if (parse.GetValue(global.Json))
            {
                output.WriteDocument(JsonSerializer.Serialize(new
                {
                    verified = report.Verified,
                    lot = parsed.Lot,
                    anchorStatus = parsed.AnchorStatus,
                    findings = report.Findings.Select(f => new { holds = f.Holds, subject = f.Subject, statement = f.Statement }),
                }, JsonOptions));
            }
            else
            {
                foreach (var finding in report.Findings.Where(f => parse.GetValue(all) || !f.Holds || f.Subject is "key" or "lot" or "anchor" || f.Subject.StartsWith("anchor ", StringComparison.Ordinal)))
                {
                    output.Line(finding.ToString());
                }

                var failures = report.Failures.Count();
                output.Line(report.Verified
                    ? $"VERIFIED: lot {parsed.Lot.Gtin}/{parsed.Lot.Lot}, {parsed.Events.Count} events in {parsed.Checkpoints.Count} signed logs ({parsed.AnchorStatus})"
                    : $"NOT VERIFIED: {failures} of {report.Findings.Count} checks fail for lot {parsed.Lot.Gtin}/{parsed.Lot.Lot}");
            }

            return report.Verified ? ExitCodes.Ok : ExitCodes.NotVerified;
        });
    }

    /// <summary><c>trace verify</c>.</summary>
    public Command Command { get; }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
