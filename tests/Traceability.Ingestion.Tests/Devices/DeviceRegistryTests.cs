using Microsoft.Extensions.Time.Testing;
using Traceability.Ingestion.Devices;

namespace Traceability.Ingestion.Tests.Devices;

/// <summary>The device registry on a real SQLite file in a temporary folder.</summary>
public sealed class DeviceRegistryTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-registry-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly DeviceRegistry _registry;

    public DeviceRegistryTests()
    {
        _registry = new DeviceRegistry(_folder.FullName, _time);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public void WhenADeviceIsRegistered_ItGetsItsTopicAndARandomPasswordThatLogsItIn()
    {
        var credentials = _registry.Register("coop-1", "dryer-2", "gw-7");

        Assert.Equal("ocop/coop-1/dryer-2/gw-7/readings", credentials.Topic);
        Assert.Equal("gw-7", credentials.Username);
        Assert.True(credentials.Password.Length >= 40);
        Assert.Equal(MqttIdentity.ForDevice("gw-7", "coop-1", "dryer-2", "gw-7"), _registry.Authenticate("gw-7", credentials.Password));
    }

    [Fact]
    public void WhenTwoDevicesAreRegistered_TheirPasswordsDiffer()
    {
        var a = _registry.Register("coop-1", "dryer-2", "gw-1");
        var b = _registry.Register("coop-1", "dryer-2", "gw-2");

        Assert.NotEqual(a.Password, b.Password);
        Assert.Null(_registry.Authenticate("gw-1", b.Password));
    }

    [Fact]
    public void ThePasswordIsNeverStoredInClear()
    {
        var credentials = _registry.Register("coop-1", "dryer-2", "gw-7");
        _registry.Dispose();

        var files = Directory.GetFiles(_folder.FullName).Select(File.ReadAllBytes).ToList();

        Assert.DoesNotContain(files, bytes => System.Text.Encoding.ASCII.GetString(bytes).Contains(credentials.Password, StringComparison.Ordinal));
        var account = Assert.Single(new DeviceRegistry(_folder.FullName).List());
        Assert.StartsWith("$7$101$", account.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenAPasswordIsWrongOrTheUserUnknown_NobodyIsAuthenticated()
    {
        var credentials = _registry.Register("coop-1", "dryer-2", "gw-7");

        Assert.Null(_registry.Authenticate("gw-7", credentials.Password + "x"));
        Assert.Null(_registry.Authenticate("gw-7", ""));
        Assert.Null(_registry.Authenticate("gw-8", credentials.Password));
        Assert.Null(_registry.Authenticate(null, credentials.Password));
        Assert.Null(_registry.Authenticate("gw-7", null));
    }

    [Fact]
    public void WhenAPasswordIsRotated_TheOldOneStopsWorkingAndTheNewOneWorks()
    {
        var old = _registry.Register("coop-1", "dryer-2", "gw-7");
        _time.Advance(TimeSpan.FromDays(30));

        var rotated = _registry.Rotate("gw-7");

        Assert.NotNull(rotated);
        Assert.NotEqual(old.Password, rotated.Password);
        Assert.Null(_registry.Authenticate("gw-7", old.Password));
        Assert.NotNull(_registry.Authenticate("gw-7", rotated.Password));
        Assert.Equal(_time.GetUtcNow(), Assert.Single(_registry.List()).Rotated);
    }

    [Fact]
    public void WhenADeviceIsRevoked_ItCannotLogInNorBeRotatedButStaysListed()
    {
        var credentials = _registry.Register("coop-1", "dryer-2", "gw-7");

        Assert.True(_registry.Revoke("gw-7"));

        Assert.Null(_registry.Authenticate("gw-7", credentials.Password));
        Assert.Null(_registry.Rotate("gw-7"));
        Assert.False(_registry.Revoke("gw-7"));
        Assert.True(Assert.Single(_registry.List()).IsRevoked);
    }

    [Fact]
    public void ADeviceIdIsRegisteredOnce_EvenAtAnotherSiteOrAfterRevocation()
    {
        _registry.Register("coop-1", "dryer-2", "gw-7");
        _registry.Revoke("gw-7");

        Assert.Throws<InvalidOperationException>(() => _registry.Register("coop-1", "dryer-3", "gw-7"));
        Assert.Equal("dryer-2", Assert.Single(_registry.List()).Identity.Site);
    }

    [Theory]
    [InlineData("coop/1", "dryer", "gw")]
    [InlineData("coop", "+", "gw")]
    [InlineData("coop", "dryer", "#")]
    [InlineData("", "dryer", "gw")]
    [InlineData("coop", "dryer", "gw 7")]
    public void IdsThatCannotBeATopicLevelAreRefused(string facility, string site, string device)
    {
        Assert.Throws<ArgumentException>(() => _registry.Register(facility, site, device));
        Assert.Empty(_registry.List());
    }

    [Fact]
    public void TheIngestionServiceAccountGetsAPasswordFileOnlyItsOwnerCanRead_AndKeepsItAcrossRestarts()
    {
        var first = _registry.EnsureServiceAccount();
        _registry.Dispose();
        using var reopened = new DeviceRegistry(_folder.FullName, _time);

        var second = reopened.EnsureServiceAccount();

        Assert.Equal(DeviceRegistry.IngestionAccount, first.Username);
        Assert.Equal(first, second);
        Assert.Equal(MqttIdentity.ForService(DeviceRegistry.IngestionAccount), reopened.Authenticate(first.Username, first.Password));
        var path = reopened.ServicePasswordPath(DeviceRegistry.IngestionAccount);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void WhenTheServicePasswordFileIsLost_ANewPasswordReplacesTheOld()
    {
        var first = _registry.EnsureServiceAccount();
        File.Delete(_registry.ServicePasswordPath(first.Username));

        var second = _registry.EnsureServiceAccount();

        Assert.NotEqual(first.Password, second.Password);
        Assert.Null(_registry.Authenticate(first.Username, first.Password));
        Assert.NotNull(_registry.Authenticate(second.Username, second.Password));
    }

    [Fact]
    public void ADeviceCannotTakeTheServiceAccountsName_NorTheServiceADevicesName()
    {
        _registry.EnsureServiceAccount();
        _registry.Register("coop-1", "dryer-2", "gw-7");

        Assert.Throws<InvalidOperationException>(() => _registry.Register("coop-1", "dryer-2", DeviceRegistry.IngestionAccount));
        Assert.Throws<InvalidOperationException>(() => _registry.EnsureServiceAccount("gw-7"));
    }
}
