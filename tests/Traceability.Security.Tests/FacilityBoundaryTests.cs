using Traceability.Security.Policy;
using Traceability.Security.Principals;

namespace Traceability.Security.Tests;

public sealed class FacilityBoundaryTests
{
    private static readonly Principal OperatorA = Principal.ForOperator("op-a", "FAC-A");

    [Theory]
    [InlineData("FAC-B")]
    [InlineData("fac-a")]
    [InlineData("FAC-A ")]
    [InlineData("FAC-A/../FAC-B")]
    [InlineData("FAC-Á")]
    public void AnOperatorCannotWriteOrReadAnotherFacility(string other)
    {
        foreach (var record in Enum.GetValues<RecordKind>())
        {
            Assert.False(AccessPolicy.Decide(OperatorA, Operation.Capture(record, other)).Allowed);
        }

        Assert.False(AccessPolicy.Decide(OperatorA, Operation.ReadFacility(other, null)).Allowed);
    }

    [Fact]
    public void AnOperatorReadsItsOwnFacilityWhereverItIs()
    {
        Assert.True(AccessPolicy.Decide(OperatorA, Operation.ReadFacility("FAC-A", null)).Allowed);
        Assert.True(AccessPolicy.Decide(OperatorA, Operation.ReadFacility("FAC-A", new Region("Gia Lai"))).Allowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AnOperationThatNamesNoFacilityIsDeniedToEveryone(string? facility)
    {
        Principal?[] everyone = [OperatorA, Principal.ForAdmin("root"), Principal.ForInspector("n")];
        foreach (var principal in everyone)
        {
            Assert.False(AccessPolicy.Decide(principal, new Operation(OperationKind.Capture, RecordKind.Lot, facility)).Allowed);
            Assert.False(AccessPolicy.Decide(principal, new Operation(OperationKind.ReadFacility, FacilityId: facility)).Allowed);
            Assert.False(AccessPolicy.Decide(principal, new Operation(OperationKind.WriteInspectionNote, FacilityId: facility)).Allowed);
        }
    }

    [Fact]
    public void ACaptureWithoutARecordKindIsDenied()
    {
        Assert.False(AccessPolicy.Decide(OperatorA, new Operation(OperationKind.Capture, FacilityId: "FAC-A")).Allowed);
    }

    [Fact]
    public void AnAdminReadsEveryFacilityButCapturesForNone()
    {
        var admin = Principal.ForAdmin("root");

        Assert.True(AccessPolicy.Decide(admin, Operation.ReadFacility("FAC-B", null)).Allowed);
        Assert.All(Enum.GetValues<RecordKind>(), r => Assert.False(AccessPolicy.Decide(admin, Operation.Capture(r, "FAC-B")).Allowed));
    }

    [Fact]
    public void AnInvalidPrincipalIsDeniedEvenWhatItsRoleMayDo()
    {
        var noFacility = new Principal(Role.Operator, "op");
        var adminWithFacility = new Principal(Role.Admin, "root", FacilityId: "FAC-A");

        var decision = AccessPolicy.Decide(noFacility, Operation.ReadReference());

        Assert.False(decision.Allowed);
        Assert.Contains("invalid", decision.Reason, StringComparison.Ordinal);
        Assert.False(AccessPolicy.Decide(adminWithFacility, Operation.RegisterFacility()).Allowed);
    }

    [Fact]
    public void AnUnknownOperationKindIsDeniedToEveryone()
    {
        var decision = AccessPolicy.Decide(Principal.ForAdmin("root"), new Operation((OperationKind)99));

        Assert.False(decision.Allowed);
        Assert.Contains("no one may", decision.Reason, StringComparison.Ordinal);
    }
}
