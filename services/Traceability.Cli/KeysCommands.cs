using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace keys issue|list|rotate|revoke</c>: the API keys of operators, inspectors and admins
/// (admins only). A key is printed once, when it is issued or rotated: the server keeps only its hash.
/// </summary>
internal sealed class KeysCommands
{
    /// <summary>Said on standard error whenever a key is printed.</summary>
    public const string ShownOnce = "the key above is shown this once: the server keeps only its hash. Store it now (a password manager, a secret store); a lost key can only be rotated";

    private readonly Option<PrincipalRole> role = CliOptions.Parsed<PrincipalRole>(
        "--role", "Who the key speaks for: an operator of one facility, an inspector (of the whole country, a province or a district), an admin",
        "operator|inspector|admin", TryParseRole);
    private readonly Option<string> facility = CliOptions.Text("--facility", "Operators: the facility they act for", required: false);
    private readonly Option<string> province = CliOptions.Text("--province", "Inspectors: the province they inspect (default: the whole country)", required: false);
    private readonly Option<string> district = CliOptions.Text("--district", "Inspectors: the district within --province", required: false);
    private readonly Option<string> label = CliOptions.Text("--label", "What the key is for, shown in listings (e.g. \"packing line PC\")", required: false);
    private readonly Option<Timestamp> expires = CliOptions.Parsed<Timestamp>("--expires", "When it stops working, ISO 8601 with offset (default: never)", "time", ValueSyntax.TryParseTime, required: false);
    private readonly Argument<string> rotateKeyId = CliOptions.Id("key-id", "The key's id (the 32 hex characters after trk_)");
    private readonly Argument<string> revokeKeyId = CliOptions.Id("key-id", "The key's id (the 32 hex characters after trk_)");
    private readonly Option<string> reason = CliOptions.Text("--reason", "Why, kept with the revocation", required: false);

    public KeysCommands(GlobalOptions global)
    {
        Issue = new Command("issue", "Issue an API key for an operator, inspector or admin; the key is printed once") { role, facility, province, district, label, expires };
        Issue.Validators.Add(result =>
        {
            if (!ConditionsReportOptions.TryGetValid(result, role, out var chosen) || chosen == PrincipalRole.Unspecified)
            {
                return; // --role itself is wrong or missing, and says so.
            }
            var given = (Facility: result.GetValue(facility) is not null, Province: result.GetValue(province) is not null, District: result.GetValue(district) is not null);
            if (chosen == PrincipalRole.Operator && !given.Facility)
            {
                result.AddError("--facility: an operator's key needs the facility it acts for");
            }
            if (chosen != PrincipalRole.Operator && given.Facility)
            {
                result.AddError($"--facility: only an operator's key names a facility, not an {Keywords<PrincipalRole>.Word(chosen)}'s");
            }
            if (chosen != PrincipalRole.Inspector && (given.Province || given.District))
            {
                result.AddError($"--province/--district: only an inspector's key has a region, not an {Keywords<PrincipalRole>.Word(chosen)}'s");
            }
            if (given.District && !given.Province)
            {
                result.AddError("--district: needs the --province it lies in");
            }
        });
        Issue.SetCallWriting(global, ToIssueRequest,
            (channel, request, cancellation) => new Access.AccessClient(channel).IssueKeyAsync(request, cancellationToken: cancellation).ResponseAsync,
            WriteIssued);

        var list = new Command("list", "List every API key with its role, scope and status (no secrets)");
        list.SetCall(global, _ => new ListKeysRequest(),
            (channel, request, cancellation) => new Access.AccessClient(channel).ListKeysAsync(request, cancellationToken: cancellation).ResponseAsync,
            response => AccessRendering.Keys(response, global.Time.GetUtcNow()));

        Rotate = new Command("rotate", "Issue a new key for the same principal, label and expiry and revoke the old one; the new key is printed once") { rotateKeyId };
        Rotate.SetCallWriting(global, ToRotateRequest,
            (channel, request, cancellation) => new Access.AccessClient(channel).RotateKeyAsync(request, cancellationToken: cancellation).ResponseAsync,
            WriteIssued);

        Revoke = new Command("revoke", "Revoke an API key: it stops working at once") { revokeKeyId, reason };
        Revoke.SetCall(global, ToRevokeRequest,
            (channel, request, cancellation) => new Access.AccessClient(channel).RevokeKeyAsync(request, cancellationToken: cancellation).ResponseAsync,
            key => AccessRendering.Key(key, global.Time.GetUtcNow()));

        Command = new Command("keys", "API keys of operators, inspectors and admins (admins only)") { Issue, list, Rotate, Revoke };
    }

    /// <summary><c>trace keys</c>.</summary>
    public Command Command { get; }

    /// <summary><c>trace keys issue</c>.</summary>
    public Command Issue { get; }

    /// <summary><c>trace keys rotate</c>.</summary>
    public Command Rotate { get; }

    /// <summary><c>trace keys revoke</c>.</summary>
    public Command Revoke { get; }

    public IssueKeyRequest ToIssueRequest(ParseResult parse) => new()
    {
        Role = parse.GetValue(role),
        FacilityId = parse.GetValue(facility) ?? "",
        Province = parse.GetValue(province) ?? "",
        District = parse.GetValue(district) ?? "",
        Label = parse.GetValue(label) ?? "",
        ExpiresAt = parse.GetValue(expires),
    };

    public RotateKeyRequest ToRotateRequest(ParseResult parse) => new() { KeyId = parse.GetRequiredValue(rotateKeyId) };

    public RevokeKeyRequest ToRevokeRequest(ParseResult parse) => new()
    {
        KeyId = parse.GetRequiredValue(revokeKeyId),
        Reason = parse.GetValue(reason) ?? "",
    };

    /// <summary>
    /// The key's record, then the key alone on its line (no table border to wrap it or to copy
    /// along); as JSON, the whole response. The warning goes to standard error either way.
    /// </summary>
    private static void WriteIssued(Output output, IssuedApiKey issued)
    {
        if (output.Json)
        {
            output.Write(issued, _ => throw new InvalidOperationException("JSON output renders nothing"));
        }
        else
        {
            output.Write(issued.Info, info => AccessRendering.Key(info, now: null));
            output.Line("API key (shown once):");
            output.Line(issued.Key);
        }
        output.Warning(ShownOnce);
    }

    /// <summary>The roles a key is issued for here; a device's login comes from <c>trace devices register</c>.</summary>
    private static bool TryParseRole(string text, out PrincipalRole value, [NotNullWhen(false)] out string? error)
    {
        if (!Keywords<PrincipalRole>.TryParse(text, out value, out _) || value == PrincipalRole.Device)
        {
            error = value == PrincipalRole.Device
                ? "devices get an MQTT login, not an API key: use `trace devices register`"
                : $"'{text}' is not one of operator, inspector, admin";
            return false;
        }
        error = null;
        return true;
    }
}
