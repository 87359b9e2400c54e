using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>The shape of facility, site, area and product registrations, and the rule that a facility registers first.</summary>
public sealed class RegistrationRulesTests
{
    private static readonly string TooLong = new('x', 201);

    /// <summary>Every way a required free-text field can be unusable.</summary>
    public static TheoryData<string?> UnusableTexts => new() { null, string.Empty, "   ", TooLong, "Ngọc Linh\nĐăk Glei", "Thôn\u0000Đăk Xam" };

    private static CaptureDecision Check(FacilityHistory history, FacilityEvent candidate) =>
        CaptureRules.Check(history.Records, candidate, NgocLinh.Context());

    [Fact]
    public void WhenTheCooperativeRegistersForTheFirstTime_ItIsAccepted() =>
        Decision.Accepted(Check(FacilityHistory.Empty(), NgocLinh.Facility()));

    [Theory]
    [InlineData(nameof(SiteRegistered))]
    [InlineData(nameof(AreaRegistered))]
    [InlineData(nameof(ProductRegistered))]
    [InlineData(nameof(BatchHarvested))]
    [InlineData(nameof(StepRecorded))]
    [InlineData(nameof(LotPacked))]
    public void WhenAFacilityThatHasNotRegisteredRecordsAnythingElse_ItIsToldToRegisterFirst(string eventType)
    {
        FacilityEvent candidate = eventType switch
        {
            nameof(SiteRegistered) => NgocLinh.DryingSite(),
            nameof(AreaRegistered) => NgocLinh.Area(),
            nameof(ProductRegistered) => NgocLinh.Product(),
            nameof(BatchHarvested) => NgocLinh.Harvest(),
            nameof(StepRecorded) => NgocLinh.Drying(),
            _ => NgocLinh.Lot(),
        };

        var violation = Decision.Precondition(
            CaptureRules.Check(FacilityHistory.Empty().Records, candidate, NgocLinh.Context(NgocLinh.Area(), NgocLinh.Product())),
            "facility_id");

        Assert.Contains("'HTX-NGOCLINH' is not registered", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenARequestIsMalformedAndTheFacilityIsNotRegistered_TheMalformationIsReportedFirst() =>
        Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.DryingSite() with { Name = "" }), "name");

    [Theory]
    [InlineData("HTX NGOCLINH")]
    [InlineData("")]
    [InlineData("HTX/NGOCLINH")]
    public void WhenTheFacilityIdCannotBeAnIdentifier_EveryEventIsRefusedOnFacilityId(string facilityId)
    {
        Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { FacilityId = facilityId }), "facility_id");
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Harvest() with { FacilityId = facilityId }), "facility_id");
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Lot() with { FacilityId = facilityId }), "facility_id");
    }

    [Fact]
    public void WhenAnEventTypeTheRulesDoNotKnowArrives_ItIsRefusedOnType()
    {
        var violation = Decision.Invalid(Check(FacilityHistory.Registered(), new UnknownFacilityEvent(NgocLinh.FacilityId)), "type");

        Assert.Contains(nameof(UnknownFacilityEvent), violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FacilityKind.Unspecified)]
    [InlineData((FacilityKind)9)]
    public void WhenAFacilityHasNoLegalForm_ItIsRefusedOnKind(FacilityKind kind)
    {
        var violation = Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Kind = kind }), "kind");

        Assert.Equal("must be one of Cooperative, Enterprise, Household", violation.Message);
    }

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAFacilityNameIsMissingOrUnusable_ItIsRefusedOnName(string? name) =>
        Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Name = name! }), "name");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAFacilityCommuneIsMissingOrUnusable_ItIsRefusedOnCommune(string? commune) =>
        Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Commune = commune! }), "commune");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAFacilityDistrictIsMissingOrUnusable_ItIsRefusedOnDistrict(string? district) =>
        Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { District = district! }), "district");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAFacilityProvinceIsMissingOrUnusable_ItIsRefusedOnProvince(string? province) =>
        Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Province = province! }), "province");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void WhenAFacilityGivesNoAddress_ItIsStillAccepted(string? address) =>
        Decision.Accepted(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Address = address! }));

    [Theory]
    [InlineData(201)]
    [InlineData(1000)]
    public void WhenAFacilityAddressIsTooLong_ItIsRefusedOnAddress(int length) =>
        Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Address = new string('x', length) }), "address");

    [Fact]
    public void WhenAFacilityAddressHasAControlCharacter_ItIsRefusedOnAddress() =>
        Decision.Invalid(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Address = "Thôn\tĐăk Xam" }), "address");

    [Fact]
    public void WhenTextIsExactlyTwoHundredCharacters_ItFits() =>
        Decision.Accepted(Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Name = new string('x', 200) }));

    [Fact]
    public void TheTextRulesSayWhatIsWrongInWords()
    {
        Assert.Equal("is required", Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Name = " " }).Violation?.Message);
        Assert.Equal("must have at most 200 characters, not 201", Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Name = TooLong }).Violation?.Message);
        Assert.Equal("must not contain control characters", Check(FacilityHistory.Empty(), NgocLinh.Facility() with { Name = "HTX\r\n" }).Violation?.Message);
    }

    [Fact]
    public void WhenTheCooperativeRegistersItsDryingHouse_ItIsAccepted() =>
        Decision.Accepted(Check(FacilityHistory.Empty().With(NgocLinh.Facility()), NgocLinh.DryingSite()));

    [Fact]
    public void WhenASiteHasNoKnownPosition_ItIsStillAccepted() =>
        Decision.Accepted(Check(FacilityHistory.Empty().With(NgocLinh.Facility()), NgocLinh.DryingSite() with { Location = null }));

    [Theory]
    [InlineData("NL LOSAY")]
    [InlineData("")]
    [InlineData("lò-sấy")]
    public void WhenASiteIdCannotBeAnIdentifier_ItIsRefusedOnSiteId(string siteId) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.DryingSite() with { SiteId = siteId }), "site_id");

    [Theory]
    [InlineData(SiteKind.Unspecified)]
    [InlineData((SiteKind)5)]
    public void WhenASiteKindIsNotOneOfTheFour_ItIsRefusedOnKind(SiteKind kind) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.DryingSite() with { Kind = kind }), "kind");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenASiteNameIsMissingOrUnusable_ItIsRefusedOnName(string? name) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.DryingSite() with { Name = name! }), "name");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenASiteCommuneIsMissingOrUnusable_ItIsRefusedOnCommune(string? commune) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.DryingSite() with { Commune = commune! }), "commune");

    [Theory]
    [InlineData(90.0001, 107.97, "location.latitude")]
    [InlineData(-90.0001, 107.97, "location.latitude")]
    [InlineData(double.NaN, 107.97, "location.latitude")]
    [InlineData(double.PositiveInfinity, 107.97, "location.latitude")]
    [InlineData(15.07, 180.0001, "location.longitude")]
    [InlineData(15.07, -180.0001, "location.longitude")]
    [InlineData(15.07, double.NaN, "location.longitude")]
    [InlineData(107.97, 15.07, "location.latitude")] // latitude and longitude swapped, the usual slip
    public void WhenASitePositionIsOffTheGlobe_TheCoordinateIsNamed(double latitude, double longitude, string field) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.DryingSite() with { Location = new GeoPoint(latitude, longitude) }), field);

    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    public void WhenASitePositionIsOnTheEdgeOfTheGlobe_ItIsAccepted(double latitude, double longitude) =>
        Decision.Accepted(Check(FacilityHistory.Empty().With(NgocLinh.Facility()), NgocLinh.DryingSite() with { Location = new GeoPoint(latitude, longitude) }));

    [Fact]
    public void WhenTheCooperativeRegistersItsForestLot_ItIsAccepted() =>
        Decision.Accepted(Check(FacilityHistory.Empty().With(NgocLinh.Facility()), NgocLinh.Area()));

    [Theory]
    [InlineData("NL TK123")]
    [InlineData("")]
    public void WhenAnAreaCodeCannotBeAnIdentifier_ItIsRefusedOnAreaCode(string areaCode) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { AreaCode = areaCode }), "area_code");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAnAreaNameIsMissingOrUnusable_ItIsRefusedOnName(string? name) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Name = name! }), "name");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAnAreaCommuneIsMissingOrUnusable_ItIsRefusedOnCommune(string? commune) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Commune = commune! }), "commune");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAnAreaDistrictIsMissingOrUnusable_ItIsRefusedOnDistrict(string? district) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { District = district! }), "district");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAnAreaProvinceIsMissingOrUnusable_ItIsRefusedOnProvince(string? province) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Province = province! }), "province");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAnAreaOwnerIsMissingOrUnusable_ItIsRefusedOnOwner(string? owner) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Owner = owner! }), "owner");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void WhenAnAreaBoundaryHasFewerThanThreePoints_ItIsNotAPolygon(int points)
    {
        var boundary = NgocLinh.Area().Boundary.Take(points).ToArray();

        var violation = Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Boundary = boundary }), "boundary");

        Assert.Equal($"a polygon needs at least 3 points, not {points}", violation.Message);
    }

    [Fact]
    public void WhenAnAreaHasNoBoundaryAtAll_ItIsNotAPolygon() =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Boundary = null! }), "boundary");

    [Fact]
    public void WhenATriangularForestLotIsRegistered_ThreePointsAreEnough() =>
        Decision.Accepted(Check(FacilityHistory.Empty().With(NgocLinh.Facility()), NgocLinh.Area() with { Boundary = NgocLinh.Area().Boundary.Take(3).ToArray() }));

    [Fact]
    public void WhenOneBoundaryPointIsOffTheGlobe_ItsIndexIsNamed()
    {
        var boundary = NgocLinh.Area().Boundary.ToArray();
        boundary[2] = new GeoPoint(15.0718, 197.9671);

        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Boundary = boundary }), "boundary[2].longitude");
    }

    [Fact]
    public void WhenBoundaryPointsRepeatOneAnother_TheyEncloseNoArea()
    {
        var corner = new GeoPoint(15.0701, 107.9652);
        var other = new GeoPoint(15.0718, 107.9671);

        var violation = Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Boundary = [corner, other, corner] }), "boundary");

        Assert.Equal("the points enclose no area", violation.Message);
    }

    [Fact]
    public void WhenBoundaryPointsLieOnOneMeridianNearTheEquator_TheyEncloseNoArea() =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Boundary = [new(0, 0), new(1, 0), new(2, 0)] }), "boundary");

    [Fact]
    public void WhenBoundaryPointsWereWalkedAlongOneTrackInNgocLinh_TheyEncloseNoArea()
    {
        // A surveyor walking a straight forest track records three points on one line; a polygon
        // needs width. Coordinates are those of the massif, where products of ~1600 magnify rounding.
        GeoPoint[] track = [new(15.0701, 107.9652), new(15.0709, 107.9661), new(15.0717, 107.9670)];

        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Boundary = track }), "boundary");
    }

    [Fact]
    public void WhenAnAreaListsNoSpecies_ItIsRefusedOnSpecies()
    {
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Species = [] }), "species");
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Species = null! }), "species");
    }

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenOneSpeciesNameIsUnusable_ItsIndexIsNamed(string? species) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Species = [NgocLinh.VineGinseng, species!] }), "species[1]");

    [Fact]
    public void WhenAnAreaListsTheSameSpeciesTwiceInAnotherCase_ItIsRefusedOnSpecies()
    {
        var violation = Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Species = [NgocLinh.VineGinseng, "codonopsis JAVANICA"] }), "species");

        Assert.Equal("lists a species twice", violation.Message);
    }

    [Fact]
    public void WhenAnAreaHoldsNoCertification_ItIsStillAccepted()
    {
        var registered = FacilityHistory.Empty().With(NgocLinh.Facility());

        Decision.Accepted(Check(registered, NgocLinh.Area() with { Certifications = [] }));
        Decision.Accepted(Check(registered, NgocLinh.Area() with { Certifications = null! }));
    }

    [Theory]
    [InlineData(Certification.Unspecified)]
    [InlineData((Certification)6)]
    public void WhenACertificationIsNotOneTheRulesKnow_ItsIndexIsNamed(Certification unknown) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Certifications = [Certification.VietGap, unknown] }), "certifications[1]");

    [Fact]
    public void WhenAnAreaListsTheSameCertificationTwice_ItIsRefusedOnCertifications() =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Area() with { Certifications = [Certification.Organic, Certification.VietGap, Certification.Organic] }), "certifications");

    [Fact]
    public void WhenTheCooperativeRegistersItsDriedVineGinseng_ItIsAccepted() =>
        Decision.Accepted(Check(FacilityHistory.Empty().With(NgocLinh.Facility()), NgocLinh.Product()));

    [Theory]
    [InlineData("08938521000010")] // wrong check digit
    [InlineData("0893852100001X")]
    [InlineData("893852100001")]
    [InlineData("")]
    public void WhenAProductGtinIsNotAValidGtin_ItIsRefusedOnGtin(string gtin) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Product() with { Gtin = gtin }), "gtin");

    [Theory]
    [InlineData("8938521000013")]
    [InlineData(" 08938521000013")]
    public void WhenAProductGtinIsValidButNotWrittenAsFourteenDigits_TheFourteenDigitFormIsAskedFor(string gtin)
    {
        var violation = Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Product() with { Gtin = gtin }), "gtin");

        Assert.Equal("must be given as 14 digits (08938521000013)", violation.Message);
    }

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAProductHasNoVietnameseName_ItIsRefusedOnNameVi(string? name) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Product() with { NameVi = name! }), "name_vi");

    [Theory]
    [MemberData(nameof(UnusableTexts))]
    public void WhenAProductHasNoEnglishName_ItIsRefusedOnNameEn(string? name) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Product() with { NameEn = name! }), "name_en");

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    [InlineData(int.MaxValue)]
    public void WhenAProductClaimsStarsOcopDoesNotAward_ItIsRefusedOnOcopStars(int stars) =>
        Decision.Invalid(Check(FacilityHistory.Registered(), NgocLinh.Product() with { OcopStars = stars }), "ocop_stars");

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    public void WhenAProductIsNotYetRatedOrHoldsOneToFiveStars_ItIsAccepted(int stars) =>
        Decision.Accepted(Check(FacilityHistory.Empty().With(NgocLinh.Facility()), NgocLinh.Product() with { OcopStars = stars }));
}
