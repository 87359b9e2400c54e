using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>
/// <c>trace keys|devices|access</c>: the requests their command lines make, and the whole
/// commands against the stub server with the admin's key, as tables and as JSON.
/// </summary>
public sealed class AccessCommandsTests : IAsyncLifetime
{
    private StubServer? server;

    private StubServer Server => server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => server = await StubServer.StartAsync(HttpProtocols.Http1, grpcWeb: true);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private Task<(int Exit, string Output, string Error)> RunAsAdminAsync(params string[] args) =>
        Cli.New(new Dictionary<string, string?> { [GlobalOptions.ApiKeyVariable] = StubAccessState.AdminKey })
            .RunAsync([.. args, "--server", Server.Address.ToString()]);

    private static T Json<T>(string output)
        where T : IMessage<T>, new() => JsonParser.Default.Parse<T>(output);

    [Fact]
    public void AnOperatorsKeyNamesItsFacilityLabelAndExpiry()
    {
        var cli = Cli.New();

        var request = cli.Keys.ToIssueRequest(cli.ParseValid("keys issue --role operator --facility HTX-XOP --label \"packing line PC\" --expires 2027-01-01T00:00:00+07:00"));

        Assert.Equal(new IssueKeyRequest
        {
            Role = PrincipalRole.Operator,
            FacilityId = "HTX-XOP",
            Label = "packing line PC",
            ExpiresAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero)),
        }, request);
    }

    [Fact]
    public void AnInspectorsKeyMayNameAProvinceAndADistrict()
    {
        var cli = Cli.New();

        var request = cli.Keys.ToIssueRequest(cli.ParseValid("keys issue --role inspector --province \"Kon Tum\" --district \"Đăk Glei\""));

        Assert.Equal((PrincipalRole.Inspector, "Kon Tum", "Đăk Glei", "", null), (request.Role, request.Province, request.District, request.FacilityId, request.ExpiresAt));
    }

    [Theory]
    [InlineData("keys issue --role operator", "--facility: an operator's key needs the facility it acts for")]
    [InlineData("keys issue --role admin --facility HTX-XOP", "--facility: only an operator's key names a facility, not an admin's")]
    [InlineData("keys issue --role operator --facility F --province Kon Tum", "--province/--district: only an inspector's key has a region, not an operator's")]
    [InlineData("keys issue --role inspector --district Đăk-Glei", "--district: needs the --province it lies in")]
    [InlineData("keys issue --role device", "--role: devices get an MQTT login, not an API key: use `trace devices register`")]
    [InlineData("keys issue --role owner", "--role: 'owner' is not one of operator, inspector, admin")]
    [InlineData("keys issue --role admin --expires 2027-01-01", "--expires: '2027-01-01' is not an ISO 8601 time with a UTC offset, e.g. 2024-10-05T07:30:00+07:00")]
    [InlineData("keys issue", "Option '--role' is required.")]
    [InlineData("keys revoke", "Required argument 'key-id' missing for command: 'revoke'.")]
    [InlineData("devices register HTX-XOP DRY-1", "Required argument 'device' missing for command: 'register'.")]
    [InlineData("access audit --after -1", "--after: '-1' is not a sequence number (a whole number from 0)")]
    public void AWrongCommandLineIsRefusedBeforeAnyCall(string commandLine, string error) =>
        Assert.Contains(error, Cli.New().ParseErrors(commandLine));

    [Fact]
    public async Task AnIssuedKeyIsPrintedOnceWithAWarningThatItIsShownOnce()
    {
        var (exit, output, error) = await RunAsAdminAsync("keys", "issue", "--role", "operator", "--facility", "HTX-XOP", "--label", "packing line PC");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.EndsWith($"API key (shown once):{Environment.NewLine}{StubAccess.NewKey}{Environment.NewLine}", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), line => line.Contains(StubAccess.NewKey, StringComparison.Ordinal));
        Assert.Contains("facility HTX-XOP", output, StringComparison.Ordinal);
        Assert.Contains("packing line PC", output, StringComparison.Ordinal);
        Assert.Equal($"warning: {KeysCommands.ShownOnce}{Environment.NewLine}", error);
        Assert.Equal([$"ApiKey {StubAccessState.AdminKey}"], Server.Access.AuthorizationsOf("/traceability.v1.Access/IssueKey"));
    }

    [Fact]
    public async Task AnIssuedKeyAsJsonIsTheResponseAloneOnStandardOutput()
    {
        var (exit, output, error) = await RunAsAdminAsync("keys", "issue", "--role", "inspector", "--province", "Kon Tum", "--json");

        Assert.Equal(ExitCodes.Ok, exit);
        var issued = Json<IssuedApiKey>(output);
        Assert.Equal((StubAccess.NewKey, PrincipalRole.Inspector, "Kon Tum"), (issued.Key, issued.Info.Role, issued.Info.Province));
        Assert.StartsWith("warning: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyListShowsEachKeysScopeAndStatus()
    {
        var (exit, output, _) = await RunAsAdminAsync("keys", "list");

        Assert.Equal(ExitCodes.Ok, exit);
        var lines = output.Split('\n');
        var live = Assert.Single(lines, line => line.Contains(StubAccessState.OperatorKeyId, StringComparison.Ordinal));
        Assert.Contains("facility HTX-XOP", live, StringComparison.Ordinal);
        Assert.Contains("active", live, StringComparison.Ordinal);
        var revoked = Assert.Single(lines, line => line.Contains("99998888777766665555444433332222", StringComparison.Ordinal));
        Assert.Contains("Đăk Glei, Kon Tum", revoked, StringComparison.Ordinal);
        Assert.Contains("revoked 2026-11-20 00:00:00Z: laptop lost", revoked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyListAsJsonReadsBackAsTheResponse()
    {
        var (exit, output, _) = await RunAsAdminAsync("keys", "list", "--json");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(new ListKeysResponse { Keys = { StubAccess.Keys() } }, Json<ListKeysResponse>(output));
    }

    [Fact]
    public async Task ARotatedKeyIsPrintedOnceForTheSamePrincipal()
    {
        var (exit, output, error) = await RunAsAdminAsync("keys", "rotate", StubAccessState.OperatorKeyId, "--json");

        Assert.Equal(ExitCodes.Ok, exit);
        var issued = Json<IssuedApiKey>(output);
        Assert.Equal((StubAccess.NewKey, "HTX-XOP", "packing line PC"), (issued.Key, issued.Info.FacilityId, issued.Info.Label));
        Assert.StartsWith("warning: the key above is shown this once", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotatingAnUnknownKeyExitsThree()
    {
        var (exit, _, error) = await RunAsAdminAsync("keys", "rotate", "00000000000000000000000000000000");

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Equal($"error: NotFound: key 00000000000000000000000000000000 does not exist{Environment.NewLine}", error);
    }

    [Fact]
    public async Task ARevokedKeySaysWhenAndWhy()
    {
        var (exit, output, _) = await RunAsAdminAsync("keys", "revoke", StubAccessState.OperatorKeyId, "--reason", "PC replaced");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains(StubAccessState.OperatorKeyId, output, StringComparison.Ordinal);
        Assert.Contains("revoked 2026-11-28 10:00:00Z: PC replaced", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegisteredDevicesLoginIsPrintedOnceWithItsTopic()
    {
        var (exit, output, error) = await RunAsAdminAsync("devices", "register", "HTX-XOP", "DRY-1", "dryer-02");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("MQTT login of device dryer-02", output, StringComparison.Ordinal);
        Assert.Contains("ocop/HTX-XOP/DRY-1/dryer-02/readings", output, StringComparison.Ordinal);
        Assert.EndsWith($"MQTT password (shown once):{Environment.NewLine}{StubDeviceAccounts.Password}{Environment.NewLine}", output, StringComparison.Ordinal);
        Assert.Equal($"warning: {DevicesCommands.ShownOnce}{Environment.NewLine}", error);
    }

    [Fact]
    public async Task ARegisteredDevicesLoginAsJsonIsTheResponse()
    {
        var (exit, output, _) = await RunAsAdminAsync("devices", "register", "HTX-XOP", "DRY-1", "dryer-02", "--json");

        Assert.Equal(ExitCodes.Ok, exit);
        var login = Json<DeviceLogin>(output);
        Assert.Equal(("HTX-XOP", "DRY-1", "dryer-02", "dryer-02", StubDeviceAccounts.Password), (login.FacilityId, login.SiteId, login.DeviceId, login.Username, login.Password));
    }

    [Fact]
    public async Task ARotatedDeviceGetsANewPasswordPrintedOnce()
    {
        var (exit, output, error) = await RunAsAdminAsync("devices", "rotate", "cold-07", "--json");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(("HTX-OTHER", StubDeviceAccounts.Password), (Json<DeviceLogin>(output).FacilityId, Json<DeviceLogin>(output).Password));
        Assert.StartsWith("warning: the password above is shown this once", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedDeviceSaysSince()
    {
        var (exit, output, _) = await RunAsAdminAsync("devices", "revoke", "dryer-01");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Device dryer-01", output, StringComparison.Ordinal);
        Assert.Contains("revoked 2026-11-28 11:00:00Z", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDeviceListCanBeNarrowedToAFacility()
    {
        var all = await RunAsAdminAsync("devices", "list");
        var one = await RunAsAdminAsync("devices", "list", "--facility", "HTX-OTHER", "--json");

        Assert.Contains("2 device(s)", all.Output, StringComparison.Ordinal);
        Assert.Contains("dryer-01", all.Output, StringComparison.Ordinal);
        Assert.Contains("cold-07", all.Output, StringComparison.Ordinal);
        Assert.Equal(["cold-07"], Json<ListDeviceAccountsResponse>(one.Output).Devices.Select(d => d.DeviceId));
    }

    [Fact]
    public async Task TheAuditLogIsATableWithDenialsSpelledOut()
    {
        var (exit, output, _) = await RunAsAdminAsync("access", "audit");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("3 audit entries", output, StringComparison.Ordinal);
        var denied = Assert.Single(output.Split('\n'), line => line.Contains("DENIED", StringComparison.Ordinal));
        Assert.Contains("HTX-OTHER", denied, StringComparison.Ordinal);
        Assert.Contains("192.0.2.7", denied, StringComparison.Ordinal);
        Assert.DoesNotContain("more:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditLogCanStartAfterAnEntryAndShowOnlyDenials()
    {
        var after = await RunAsAdminAsync("access", "audit", "--after", "2", "--json");
        var denied = await RunAsAdminAsync("access", "audit", "--denied", "--json");

        Assert.Equal([3L], Json<ListAuditResponse>(after.Output).Entries.Select(e => e.Sequence));
        Assert.Equal([2L], Json<ListAuditResponse>(denied.Output).Entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AFullPageOfTheAuditLogSaysHowToAskForTheNext()
    {
        var full = await RunAsAdminAsync("access", "audit", "--limit", "2");
        var last = await RunAsAdminAsync("access", "audit", "--after", "2", "--limit", "2");

        Assert.Contains("more: trace access audit --after 2 --limit 2", full.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("more:", last.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIntactAuditChainSaysSoWithItsHead()
    {
        var (exit, output, _) = await RunAsAdminAsync("access", "verify");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("intact", output, StringComparison.Ordinal);
        Assert.Contains("#3 " + new string('3', 64), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenAuditChainExitsFiveNamingTheProblem()
    {
        Server.Access.AuditBroken = true;

        var table = await RunAsAdminAsync("access", "verify");
        var json = await RunAsAdminAsync("access", "verify", "--json");

        Assert.Equal((ExitCodes.NotVerified, ExitCodes.NotVerified), (table.Exit, json.Exit));
        Assert.Contains("NOT INTACT", table.Output, StringComparison.Ordinal);
        Assert.Contains("entry 2 was altered", table.Output, StringComparison.Ordinal);
        Assert.False(Json<AuditVerification>(json.Output).Intact);
    }

    [Theory]
    [InlineData("keys", "list")]
    [InlineData("devices", "list")]
    [InlineData("access", "audit")]
    [InlineData("access", "verify")]
    public async Task WithoutCredentialsTheAdminCommandsExitSix(params string[] command)
    {
        var (exit, output, error) = await Cli.New().RunAsync([.. command, "--server", Server.Address.ToString()]);

        Assert.Equal((ExitCodes.Unauthenticated, ""), (exit, output));
        Assert.StartsWith("error: Unauthenticated: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys", "issue", "--role", "admin")]
    [InlineData("devices", "register", "HTX-XOP", "DRY-1", "dryer-09")]
    [InlineData("access", "verify")]
    public async Task AnOperatorsKeyIsRefusedTheAdminCommandsWithExitSeven(params string[] command)
    {
        var (exit, output, error) = await Cli.New(new Dictionary<string, string?> { [GlobalOptions.ApiKeyVariable] = StubAccessState.OperatorKey })
            .RunAsync([.. command, "--server", Server.Address.ToString()]);

        Assert.Equal((ExitCodes.PermissionDenied, ""), (exit, output));
        Assert.Contains("may not: only admins may", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(Identity), "whoami")]
    [InlineData(typeof(IssuedApiKey), "keys", "issue", "--role", "admin", "--label", "second admin")]
    [InlineData(typeof(ListKeysResponse), "keys", "list")]
    [InlineData(typeof(IssuedApiKey), "keys", "rotate", StubAccessState.OperatorKeyId)]
    [InlineData(typeof(ApiKeyInfo), "keys", "revoke", StubAccessState.OperatorKeyId, "--reason", "PC replaced")]
    [InlineData(typeof(DeviceLogin), "devices", "register", "HTX-XOP", "DRY-1", "dryer-02")]
    [InlineData(typeof(DeviceLogin), "devices", "rotate", "dryer-01")]
    [InlineData(typeof(DeviceAccount), "devices", "revoke", "dryer-01")]
    [InlineData(typeof(ListDeviceAccountsResponse), "devices", "list")]
    [InlineData(typeof(ListAuditResponse), "access", "audit")]
    [InlineData(typeof(AuditVerification), "access", "verify")]
    public async Task WithJsonEachCommandPrintsItsResponseAloneAsTheHttpApiWritesIt(System.Type response, params string[] command)
    {
        var (exit, output, _) = await RunAsAdminAsync([.. command, "--json"]);

        Assert.Equal(ExitCodes.Ok, exit);
        var descriptor = (Google.Protobuf.Reflection.MessageDescriptor)response.GetProperty("Descriptor")!.GetValue(null)!;
        var parsed = JsonParser.Default.Parse(output, descriptor);
        Assert.Equal(ProtoJson.Format(parsed) + Environment.NewLine, output);
    }

    [Fact]
    public async Task WhoAmIShowsTheRoleFacilityAndExpiry()
    {
        var (exit, output, _) = await Cli.New(new Dictionary<string, string?> { [GlobalOptions.ApiKeyVariable] = StubAccessState.OperatorKey })
            .RunAsync("whoami", "--server", Server.Address.ToString());

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Signed in as operator", output, StringComparison.Ordinal);
        Assert.Contains(StubAccessState.OperatorKeyId, output, StringComparison.Ordinal);
        Assert.Contains("HTX-XOP", output, StringComparison.Ordinal);
        Assert.Contains("ApiKey", output, StringComparison.Ordinal);
        Assert.Contains("never", output, StringComparison.Ordinal);
    }
}
