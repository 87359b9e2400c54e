using System.Text;
using Microsoft.Extensions.Time.Testing;
using Traceability.Ingestion.Pipeline;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Tests.Pipeline;

public sealed class DeviceLivenessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private readonly DeviceLiveness _liveness = new(new FakeTimeProvider(T0));

    [Fact]
    public void A_status_is_noted_with_its_buffer_figures()
    {
        Assert.True(_liveness.Record(Topic("gw-1"), Status("gw-1", "online", T0, buffered: 12, dropped: 3)));

        var entry = Assert.Single(_liveness.List());
        Assert.Equal(("coop", "dryer", "gw-1", "online", 12L, 3L, T0), (entry.Facility, entry.Site, entry.Device, entry.State, entry.Buffered, entry.Dropped, entry.ReceivedAt));
    }

    [Fact]
    public void The_newest_status_wins_whatever_order_they_arrive_in()
    {
        _liveness.Record(Topic("gw-1"), Status("gw-1", "offline", T0.AddMinutes(5)));
        _liveness.Record(Topic("gw-1"), Status("gw-1", "online", T0));

        Assert.Equal("offline", Assert.Single(_liveness.List()).State);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"device":"gw-2","state":"online","at":"2026-11-28T08:00:00Z"}""")]
    [InlineData("""{"device":"gw-1","state":"sleeping","at":"2026-11-28T08:00:00Z"}""")]
    public void A_status_that_is_not_one_or_speaks_for_another_device_is_ignored(string payload)
    {
        Assert.False(_liveness.Record(Topic("gw-1"), Encoding.UTF8.GetBytes(payload)));
        Assert.Empty(_liveness.List());
    }

    [Fact]
    public void Devices_are_listed_by_site()
    {
        _liveness.Record(Topic("gw-1"), Status("gw-1", "online", T0));
        _liveness.Record(new TopicAddress("coop", "store", "gw-9", TopicChannel.Status), Status("gw-9", "online", T0));

        Assert.Equal(["gw-9"], _liveness.List("store").Select(d => d.Device));
        Assert.Equal(["gw-1", "gw-9"], _liveness.List().Select(d => d.Device));
    }

    private static TopicAddress Topic(string device) => new("coop", "dryer", device, TopicChannel.Status);

    private static byte[] Status(string device, string state, DateTimeOffset at, long buffered = 0, long dropped = 0) =>
        ReadingsPayload.Serialize(new DeviceStatus(device, state, at, buffered, dropped));
}
