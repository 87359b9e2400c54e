using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace access audit|verify</c>: the server's audit log of every write and every denied
/// request, and the check of its hash chain (admins only).
/// </summary>
internal sealed class AccessCommands
{
    /// <summary>What the server returns when no <c>--limit</c> is given (proto/traceability/v1/access.proto).</summary>
    public const int ServerLimit = 1000;

    private readonly Option<long> after = CliOptions.Parsed<long>("--after", "Only entries after this sequence number (default: from the first)", "N", TryParseSequence, required: false);
    private readonly Option<int> limit = CliOptions.Parsed("--limit", $"At most this many entries (default: the server's, {ServerLimit})", "N", ValueSyntax.Range(100_000), required: false);
    private readonly Option<bool> denied = new("--denied") { Description = "Only denied requests" };

    public AccessCommands(GlobalOptions global)
    {
        Audit = new Command("audit", "List the audit log, oldest first: who did or was refused what, when, from where") { after, limit, denied };
        Audit.SetCallWriting(global, ToAuditRequest,
            async (channel, request, cancellation) =>
                (Request: request, Response: await new Access.AccessClient(channel).ListAuditAsync(request, cancellationToken: cancellation).ResponseAsync.ConfigureAwait(false)),
            (output, answer) => output.Write(answer.Response, entries => AccessRendering.Audit(entries, Next(answer.Request, entries))));

        Verify = new Command("verify", "Recompute the audit log's hash chain; exits 5 when it is not intact");
        Verify.SetCallWriting(global, _ => new VerifyAuditRequest(),
            (channel, request, cancellation) => new Access.AccessClient(channel).VerifyAuditAsync(request, cancellationToken: cancellation).ResponseAsync,
            (output, verification) =>
            {
                output.Write(verification, AccessRendering.Verification);
                return verification.Intact ? ExitCodes.Ok : ExitCodes.NotVerified;
            });

        Command = new Command("access", "The audit log of writes and denied requests, and its chain check (admins only)") { Audit, Verify };
    }

    /// <summary><c>trace access</c>.</summary>
    public Command Command { get; }

    /// <summary><c>trace access audit</c>.</summary>
    public Command Audit { get; }

    /// <summary><c>trace access verify</c>.</summary>
    public Command Verify { get; }

    public ListAuditRequest ToAuditRequest(ParseResult parse) => new()
    {
        After = parse.GetValue(after),
        Limit = parse.GetValue(limit),
        DeniedOnly = parse.GetValue(denied),
    };

    /// <summary>The command for the entries after these, when the page is full and there may be more.</summary>
    public static string? Next(ListAuditRequest request, ListAuditResponse response)
    {
        var pageSize = request.Limit == 0 ? ServerLimit : request.Limit;
        if (response.Entries.Count == 0 || response.Entries.Count < pageSize)
        {
            return null;
        }
        var last = response.Entries[^1].Sequence.ToString(CultureInfo.InvariantCulture);
        return $"trace access audit --after {last}"
            + (request.Limit == 0 ? "" : $" --limit {request.Limit.ToString(CultureInfo.InvariantCulture)}")
            + (request.DeniedOnly ? " --denied" : "");
    }

    private static bool TryParseSequence(string text, out long value, [NotNullWhen(false)] out string? error)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not a sequence number (a whole number from 0)";
        return false;
    }
}
