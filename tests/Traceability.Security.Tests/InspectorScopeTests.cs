using Traceability.Security.Policy;
using Traceability.Security.Principals;

namespace Traceability.Security.Tests;

public sealed class InspectorScopeTests
{
    private static readonly Region DakGlei = new("Kon Tum", "Đăk Glei");
    private static readonly Region DakTo = new("Kon Tum", "Đăk Tô");
    private static readonly Region ChuPah = new("Gia Lai", "Chư Păh");

    private static readonly Principal National = Principal.ForInspector("national");
    private static readonly Principal KonTum = Principal.ForInspector("kt", new Region("Kon Tum"));
    private static readonly Principal DakGleiOnly = Principal.ForInspector("dg", DakGlei);

    public static TheoryData<Principal, Region?, bool> Reads => new()
    {
        { National, DakGlei, true },
        { National, ChuPah, true },
        { National, null, true },
        { KonTum, DakGlei, true },
        { KonTum, DakTo, true },
        { KonTum, new Region("Kon Tum"), true },
        { KonTum, ChuPah, false },
        { KonTum, null, false },
        { DakGleiOnly, DakGlei, true },
        { DakGleiOnly, DakTo, false },
        { DakGleiOnly, new Region("Kon Tum"), false },
        { DakGleiOnly, new Region("Gia Lai", "Đăk Glei"), false },
        { DakGleiOnly, null, false },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public void AnInspectorReadsAndAnnotatesFacilitiesWithinItsScope(Principal inspector, Region? facilityPlace, bool allowed)
    {
        Assert.Equal(allowed, AccessPolicy.Decide(inspector, Operation.ReadFacility("F", facilityPlace)).Allowed);
        Assert.Equal(allowed, AccessPolicy.Decide(inspector, Operation.WriteInspectionNote("F", facilityPlace)).Allowed);
    }

    [Fact]
    public void AScopedInspectorsPlatformReadsAreLimitedToItsScope()
    {
        var decision = AccessPolicy.Decide(DakGleiOnly, Operation.ReadPlatform());

        Assert.True(decision.Allowed);
        Assert.Equal(DakGlei, decision.ResultsLimitedTo);
        Assert.Null(AccessPolicy.Decide(National, Operation.ReadPlatform()).ResultsLimitedTo);
        Assert.Null(AccessPolicy.Decide(Principal.ForAdmin("root"), Operation.ReadPlatform()).ResultsLimitedTo);
    }

    [Fact]
    public void OnlyANationalInspectorChangesConditionProfiles()
    {
        Assert.True(AccessPolicy.Decide(National, Operation.ChangeConditionProfile()).Allowed);
        Assert.False(AccessPolicy.Decide(KonTum, Operation.ChangeConditionProfile()).Allowed);
        Assert.False(AccessPolicy.Decide(DakGleiOnly, Operation.ChangeConditionProfile()).Allowed);
    }

    [Fact]
    public void AnInspectorCapturesNothing()
    {
        Assert.All(Enum.GetValues<RecordKind>(), r => Assert.False(AccessPolicy.Decide(National, Operation.Capture(r, "F")).Allowed));
        Assert.False(AccessPolicy.Decide(National, Operation.RegisterFacility()).Allowed);
    }
}
