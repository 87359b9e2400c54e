using System.CommandLine;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace devices register|rotate|revoke|list</c>: the MQTT logins of the sites' gateways
/// (admins only). A password is printed once, when it is made: the server keeps only its hash.
/// </summary>
internal sealed class DevicesCommands
{
    /// <summary>Said on standard error whenever a password is printed.</summary>
    public const string ShownOnce = "the password above is shown this once: the server keeps only its hash. Put it in the gateway's configuration now; a lost one can only be rotated";

    private readonly Argument<string> facility = CliOptions.Id("facility", "The facility the gateway belongs to");
    private readonly Argument<string> site = CliOptions.Id("site", "The site it measures");
    private readonly Argument<string> device = CliOptions.Id("device", "The gateway's device id (letters, digits, '.', '_', '-')");
    private readonly Argument<string> rotateDevice = CliOptions.Id("device", "The gateway's device id");
    private readonly Argument<string> revokeDevice = CliOptions.Id("device", "The gateway's device id");
    private readonly Option<string> listFacility = CliOptions.Text("--facility", "Only this facility's devices (default: all)", required: false);

    public DevicesCommands(GlobalOptions global)
    {
        Register = new Command("register", "Register a gateway at a site and print its MQTT login (the password once)") { facility, site, device };
        Register.SetCallWriting(global, ToRegisterRequest,
            (channel, request, cancellation) => new DeviceAccounts.DeviceAccountsClient(channel).RegisterDeviceAsync(request, cancellationToken: cancellation).ResponseAsync,
            WriteLogin);

        var rotate = new Command("rotate", "Give a gateway a new MQTT password (printed once); the old one stops working at once") { rotateDevice };
        rotate.SetCallWriting(global, parse => new RotateDeviceRequest { DeviceId = parse.GetRequiredValue(rotateDevice) },
            (channel, request, cancellation) => new DeviceAccounts.DeviceAccountsClient(channel).RotateDeviceAsync(request, cancellationToken: cancellation).ResponseAsync,
            WriteLogin);

        var revoke = new Command("revoke", "Revoke a gateway's MQTT login: it can no longer connect to either broker") { revokeDevice };
        revoke.SetCall(global, parse => new RevokeDeviceRequest { DeviceId = parse.GetRequiredValue(revokeDevice) },
            (channel, request, cancellation) => new DeviceAccounts.DeviceAccountsClient(channel).RevokeDeviceAsync(request, cancellationToken: cancellation).ResponseAsync,
            AccessRendering.DeviceAccount);

        List = new Command("list", "List the gateways' MQTT logins (no passwords)") { listFacility };
        List.SetCall(global, ToListRequest,
            (channel, request, cancellation) => new DeviceAccounts.DeviceAccountsClient(channel).ListDeviceAccountsAsync(request, cancellationToken: cancellation).ResponseAsync,
            AccessRendering.Devices);

        Command = new Command("devices", "MQTT logins of the sites' gateways (admins only)") { Register, rotate, revoke, List };
    }

    /// <summary><c>trace devices</c>.</summary>
    public Command Command { get; }

    /// <summary><c>trace devices register</c>.</summary>
    public Command Register { get; }

    /// <summary><c>trace devices list</c>.</summary>
    public Command List { get; }

    public RegisterDeviceRequest ToRegisterRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(facility),
        SiteId = parse.GetRequiredValue(site),
        DeviceId = parse.GetRequiredValue(device),
    };

    public ListDeviceAccountsRequest ToListRequest(ParseResult parse) => new() { FacilityId = parse.GetValue(listFacility) ?? "" };

    /// <summary>The login without its password, then the password alone on its line; as JSON, the whole response.</summary>
    private static void WriteLogin(Output output, DeviceLogin login)
    {
        if (output.Json)
        {
            output.Write(login, _ => throw new InvalidOperationException("JSON output renders nothing"));
        }
        else
        {
            output.Write(login, AccessRendering.DeviceLogin);
            output.Line("MQTT password (shown once):");
            output.Line(login.Password);
        }
        output.Warning(ShownOnce);
    }
}
