using Traceability.Grains.Access;
using Traceability.Grains.Tests.Fixtures;
using Traceability.Security.Principals;

namespace Traceability.Grains.Tests.Access;

/// <summary>
/// The grain boundary: a capture made in the name of an API caller (the caller in Orleans'
/// RequestContext) is decided again by the access policy against the facility whose grain writes
/// it, whatever the API layer did. A call that bypasses the API's checks still cannot cross
/// facilities; the platform's own calls (no caller) are not API requests and pass.
/// </summary>
public sealed class CaptureBoundaryTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task AnotherFacilitysOperator_ThePublic_AnAdminAndAnInspector_CannotCaptureForAFacility_AndNothingIsWritten()
    {
        var owner = Cooperative.Next();
        await owner.Grain(Grains).Capture(owner.Registration());
        var neighbour = Cooperative.Next();
        var before = await cluster.EventCountAsync();

        foreach (var caller in new Principal?[] { Principal.ForOperator("op-neighbour", neighbour.FacilityId), null, Principal.ForAdmin("admin"), Principal.ForInspector("inspector") })
        {
            using (CallerContext.Enter(caller))
            {
                var refused = await Assert.ThrowsAnyAsync<Exception>(() => owner.Grain(Grains).Capture(owner.DryingHouse()));
                Assert.Contains("refused at the grain boundary", refused.Message, StringComparison.Ordinal);
                Assert.Contains($"only the operator of facility {owner.FacilityId} may record its sites", refused.Message, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await cluster.EventCountAsync());
        Assert.Null(await Grains.GetGrain<ISiteGrain>(owner.DryingHouseId).Describe());
    }

    [Fact]
    public async Task TheFacilitysOwnOperator_Captures_AndTheCallerStopsAtTheEndOfItsScope()
    {
        var owner = Cooperative.Next();
        await owner.Grain(Grains).Capture(owner.Registration());

        using (CallerContext.Enter(Principal.ForOperator("op-owner", owner.FacilityId)))
        {
            var result = await owner.Grain(Grains).Capture(owner.DryingHouse());
            Assert.Null(result.Violation);
        }

        Assert.False(CallerContext.TryCurrent(out _));
        Assert.NotNull(await Grains.GetGrain<ISiteGrain>(owner.DryingHouseId).Describe());
    }

    [Fact]
    public async Task OnlyAnAdminRegistersAFacility_ThroughTheBoundary()
    {
        var byOperator = Cooperative.Next();
        var byAdmin = Cooperative.Next();

        using (CallerContext.Enter(Principal.ForOperator("op", byOperator.FacilityId)))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => byOperator.Grain(Grains).Capture(byOperator.Registration()));
            Assert.Contains("refused at the grain boundary", refused.Message, StringComparison.Ordinal);
        }

        using (CallerContext.Enter(Principal.ForAdmin("admin")))
        {
            Assert.Null((await byAdmin.Grain(Grains).Capture(byAdmin.Registration())).Violation);
        }

        Assert.Null(await byOperator.Grain(Grains).Describe());
        Assert.NotNull(await byAdmin.Grain(Grains).Describe());
    }

    [Fact]
    public async Task ThePlatformsOwnWork_CarriesNoCaller_AndIsNotStopped()
    {
        var cooperative = Cooperative.Next();

        Assert.False(CallerContext.TryCurrent(out _));
        Assert.Null((await cooperative.Grain(Grains).Capture(cooperative.Registration())).Violation);
        Assert.Null((await cooperative.Grain(Grains).Capture(cooperative.DryingHouse())).Violation);
    }
}
