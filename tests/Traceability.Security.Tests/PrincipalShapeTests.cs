using Traceability.Security.Principals;

namespace Traceability.Security.Tests;

public sealed class PrincipalShapeTests
{
    public static TheoryData<Principal, string> InvalidShapes => new()
    {
        { new Principal(Role.Operator, "k1"), "an operator is bound to one facility" },
        { new Principal(Role.Operator, "k1", FacilityId: " "), "an operator is bound to one facility" },
        { new Principal(Role.Operator, "k1", FacilityId: "F1", SiteId: "S1"), "not bound to a device or site" },
        { new Principal(Role.Operator, "k1", FacilityId: "F1", Scope: new Region("Kon Tum")), "only an inspector has a regional scope" },
        { new Principal(Role.Admin, "k1", FacilityId: "F1"), "an admin is not bound" },
        { new Principal(Role.Inspector, "k1", FacilityId: "F1"), "an inspector is not bound" },
        { new Principal(Role.Inspector, "k1", Scope: new Region("")), "scope names a province" },
        { new Principal(Role.Inspector, "k1", Scope: new Region("Kon Tum", " ")), "scope names a province" },
        { new Principal(Role.Device, "k1", FacilityId: "F1", SiteId: "S1"), "a device names its facility, site and device id" },
        { new Principal(Role.Device, "k1", FacilityId: "F1", DeviceId: "D1"), "a device names its facility, site and device id" },
        { new Principal(Role.Device, "k1", FacilityId: "F1", SiteId: "S1", DeviceId: ".."), "MQTT topic levels" },
        { new Principal(Role.Device, "k1", FacilityId: "F1", SiteId: "S/1", DeviceId: "D1"), "MQTT topic levels" },
        { new Principal(Role.Device, "k1", FacilityId: "F1", SiteId: "S1", DeviceId: "#"), "MQTT topic levels" },
        { new Principal(Role.Device, "k1", FacilityId: "F1", SiteId: "S1", DeviceId: "D1", Scope: new Region("Kon Tum")), "only an inspector has a regional scope" },
        { new Principal(Role.Operator, "k1", FacilityId: " F1"), "no surrounding spaces" },
        { new Principal(Role.Admin, ""), "needs a subject" },
        { new Principal((Role)42, "k1"), "unknown role" },
    };

    [Theory]
    [MemberData(nameof(InvalidShapes))]
    public void WhenAPrincipalHasTheWrongShapeTheProblemIsNamed(Principal principal, string expected)
    {
        var problem = principal.ShapeProblem();

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFactoriesBuildTheValidShapes()
    {
        Assert.Null(Principal.ForAdmin("root").ShapeProblem());
        Assert.Null(Principal.ForOperator("op", "F1").ShapeProblem());
        Assert.Null(Principal.ForInspector("insp").ShapeProblem());
        Assert.Null(Principal.ForInspector("insp", new Region("Kon Tum", "Đăk Glei")).ShapeProblem());
        Assert.Null(Principal.ForDevice("dev", "F1", "S1", "gw-01").ShapeProblem());
    }

    [Fact]
    public void TheFactoriesRefuseAnInvalidShape()
    {
        Assert.Throws<ArgumentException>(() => Principal.ForOperator("op", ""));
        Assert.Throws<ArgumentException>(() => Principal.ForDevice("dev", "F1", "S1", "+"));
    }

    [Fact]
    public void APrincipalIsNamedByRoleAndSubjectInTheAuditLog()
    {
        Assert.Equal("operator:op-1", Principal.ForOperator("op-1", "F1").ToString());
    }

    [Theory]
    [InlineData("Kon Tum", null, "Kon Tum", "Đăk Glei", true)]
    [InlineData("Kon Tum", "Đăk Glei", "Kon Tum", "Đăk Glei", true)]
    [InlineData("Kon Tum", "Đăk Glei", "Kon Tum", "Đăk Tô", false)]
    [InlineData("Kon Tum", "Đăk Glei", "Kon Tum", null, false)]
    [InlineData("Kon Tum", null, "Gia Lai", null, false)]
    [InlineData("Kon Tum", null, "kon tum", null, false)]
    public void ARegionCoversPlacesInsideIt(string province, string? district, string placeProvince, string? placeDistrict, bool covers)
    {
        Assert.Equal(covers, new Region(province, district).Covers(new Region(placeProvince, placeDistrict)));
    }

    [Fact]
    public void ARegionCoversNoUnknownPlace()
    {
        Assert.False(new Region("Kon Tum").Covers(null));
    }
}
