using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

public sealed class RegisterArgumentsTests
{
    [Fact]
    public void WhenACooperativeIsRegisteredThenTheRequestCarriesItsPlace()
    {
        var cli = Cli.New();

        var request = cli.Register.ToFacilityRequest(cli.ParseValid(
            "register facility HTX-XOP --kind cooperative --name \"HTX Sâm dây Ngọc Linh Xốp\" "
            + "--address \"Thôn Đăk Dục\" --commune Xốp --district \"Đăk Glei\" --province \"Kon Tum\""));

        Assert.Equal(new RegisterFacilityRequest
        {
            FacilityId = "HTX-XOP",
            Kind = FacilityKind.Cooperative,
            Name = "HTX Sâm dây Ngọc Linh Xốp",
            Address = "Thôn Đăk Dục",
            Commune = "Xốp",
            District = "Đăk Glei",
            Province = "Kon Tum",
        }, request);
    }

    [Fact]
    public void WhenAPointOfSaleIsRegisteredWithCoordinatesThenItHasALocation()
    {
        var cli = Cli.New();

        var request = cli.Register.ToSiteRequest(cli.ParseValid(
            "register site HTX-XOP POS-1 --kind point-of-sale --name \"Điểm bán OCOP\" --commune \"Đăk Glei\" --lat 15.0876 --lon 107.7334"));

        Assert.Equal(SiteKind.PointOfSale, request.Kind);
        Assert.Equal(new GeoPoint { Latitude = 15.0876, Longitude = 107.7334 }, request.Location);
    }

    [Fact]
    public void WhenASiteHasNoCoordinatesThenItHasNoLocation()
    {
        var cli = Cli.New();

        var request = cli.Register.ToSiteRequest(cli.ParseValid(
            "register site HTX-XOP DRY-1 --kind drying --name \"Nhà sấy\" --commune Xốp"));

        Assert.Null(request.Location);
    }

    [Theory]
    [InlineData("--lat 15.08", "--lat and --lon go together: give both or neither")]
    [InlineData("--lat 95 --lon 107.7", "--lat: '95' is not decimal degrees from -90 to 90")]
    [InlineData("--lat 15 --lon east", "--lon: 'east' is not decimal degrees from -180 to 180")]
    public void WhenCoordinatesAreIncompleteOrOutOfRangeThenTheSiteIsRefused(string coordinates, string expected)
    {
        var errors = Cli.New().ParseErrors($"register site HTX-XOP DRY-1 --kind drying --name N --commune Xốp {coordinates}");

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void WhenAnAreaIsRegisteredThenItsBoundarySpeciesAndCertificationsAreRead()
    {
        var cli = Cli.New();

        var request = cli.Register.ToAreaRequest(cli.ParseValid(
            "register area HTX-XOP TK123-K2-L5 --name \"Tiểu khu 123, khoảnh 2, lô 5\" --commune Xốp --district \"Đăk Glei\" --province \"Kon Tum\" "
            + "--boundary \"15.101,107.912; 15.103,107.915;15.099,107.917\" "
            + "--species \"Codonopsis javanica\" --species \"Panax vietnamensis\" "
            + "--certification vietgap --certification geographic-indication --certification gacp-who --owner \"A Thanh\""));

        Assert.Equal(new RegisterAreaRequest
        {
            FacilityId = "HTX-XOP",
            AreaCode = "TK123-K2-L5",
            Name = "Tiểu khu 123, khoảnh 2, lô 5",
            Commune = "Xốp",
            District = "Đăk Glei",
            Province = "Kon Tum",
            Boundary =
            {
                new GeoPoint { Latitude = 15.101, Longitude = 107.912 },
                new GeoPoint { Latitude = 15.103, Longitude = 107.915 },
                new GeoPoint { Latitude = 15.099, Longitude = 107.917 },
            },
            Species = { "Codonopsis javanica", "Panax vietnamensis" },
            Certifications = { Certification.Vietgap, Certification.GeographicIndication, Certification.GacpWho },
            Owner = "A Thanh",
        }, request);
    }

    [Theory]
    [InlineData("15.1;15.2,107.9", "--boundary: '15.1' is not lat,lon")]
    [InlineData("15.1,107.9;15.2,200", "--boundary: '15.2,200': '200' is not decimal degrees from -180 to 180")]
    [InlineData(";", "--boundary: a boundary is lat,lon;lat,lon;lat,lon")]
    public void WhenABoundaryIsMalformedThenTheErrorPointsAtThePair(string boundary, string expected)
    {
        var errors = Cli.New().ParseErrors(
            $"register area F A --name N --commune C --district D --province P --boundary \"{boundary}\" --species S --owner O");

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void WhenACertificationIsUnknownThenTheErrorListsTheKnownOnes()
    {
        var errors = Cli.New().ParseErrors(
            "register area F A --name N --commune C --district D --province P --boundary 1,2;3,4;5,6 --species S --owner O --certification fairtrade");

        Assert.Equal(["--certification: 'fairtrade' is not one of vietgap, organic, geographic-indication, globalgap, gacp-who"], errors);
    }

    [Fact]
    public void WhenAProductIsRegisteredThenItsStarsAreRead()
    {
        var cli = Cli.New();

        var request = cli.Register.ToProductRequest(cli.ParseValid(
            "register product HTX-XOP 8935049500017 --name-vi \"Cao sâm dây Ngọc Linh\" --name-en \"Vine ginseng extract\" --stars 3"));

        Assert.Equal(new RegisterProductRequest
        {
            FacilityId = "HTX-XOP",
            Gtin = "8935049500017",
            NameVi = "Cao sâm dây Ngọc Linh",
            NameEn = "Vine ginseng extract",
            OcopStars = 3,
        }, request);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("-1")]
    [InlineData("three")]
    public void WhenStarsAreOutsideZeroToFiveThenTheProductIsRefused(string stars)
    {
        var errors = Cli.New().ParseErrors($"register product F 8935049500017 --name-vi N --stars {stars}");

        Assert.Equal([$"--stars: '{stars}' is not a whole number from 0 to 5"], errors);
    }

    [Fact]
    public void WhenAFacilityKindIsMissingThenTheParserSaysSo()
    {
        var errors = Cli.New().ParseErrors("register facility F --name N --commune C --district D --province P");

        Assert.Contains(errors, error => error.Contains("--kind", StringComparison.Ordinal));
    }
}
