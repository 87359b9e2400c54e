using System.CommandLine;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace register facility|site|area|product</c>: the Registry service. Registering the same
/// record again with the same content is harmless; with other content the server answers
/// ALREADY_EXISTS.
/// </summary>
internal sealed class RegisterCommands
{
    private readonly FacilityOptions facility = new();
    private readonly SiteOptions site = new();
    private readonly AreaOptions area = new();
    private readonly ProductOptions product = new();

    public RegisterCommands(GlobalOptions global)
    {
        var facilityCommand = new Command("facility", "Register an OCOP subject: a cooperative, enterprise or household business")
        {
            facility.FacilityId, facility.Kind, facility.Name, facility.Address, facility.Commune, facility.District, facility.Province,
        };
        facilityCommand.SetCall(global, ToFacilityRequest,
            (channel, request, cancellation) => new Registry.RegistryClient(channel).RegisterFacilityAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Facility);

        var siteCommand = new Command("site", "Register a facility's drying, processing or storage site, or point of sale")
        {
            site.FacilityId, site.SiteId, site.Kind, site.Name, site.Commune, site.Latitude, site.Longitude,
        };
        siteCommand.Validators.Add(result =>
        {
            if (result.GetResult(site.Latitude) is null != result.GetResult(site.Longitude) is null)
            {
                result.AddError("--lat and --lon go together: give both or neither");
            }
        });
        siteCommand.SetCall(global, ToSiteRequest,
            (channel, request, cancellation) => new Registry.RegistryClient(channel).RegisterSiteAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Site);

        var areaCommand = new Command("area", "Register a raw-material area (vùng nguyên liệu)")
        {
            area.FacilityId, area.AreaCode, area.Name, area.Commune, area.District, area.Province,
            area.Boundary, area.Species, area.Certifications, area.Owner,
        };
        areaCommand.SetCall(global, ToAreaRequest,
            (channel, request, cancellation) => new Registry.RegistryClient(channel).RegisterAreaAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Area);

        var productCommand = new Command("product", "Register a product: a GTIN and its names and OCOP stars")
        {
            product.FacilityId, product.Gtin, product.NameVi, product.NameEn, product.Stars,
        };
        productCommand.SetCall(global, ToProductRequest,
            (channel, request, cancellation) => new Registry.RegistryClient(channel).RegisterProductAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Product);

        Command = new Command("register", "Register facilities, sites, raw-material areas and products")
        {
            facilityCommand, siteCommand, areaCommand, productCommand,
        };
    }

    /// <summary><c>trace register</c>.</summary>
    public Command Command { get; }

    public RegisterFacilityRequest ToFacilityRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(facility.FacilityId),
        Kind = parse.GetValue(facility.Kind),
        Name = parse.GetValue(facility.Name) ?? "",
        Address = parse.GetValue(facility.Address) ?? "",
        Commune = parse.GetValue(facility.Commune) ?? "",
        District = parse.GetValue(facility.District) ?? "",
        Province = parse.GetValue(facility.Province) ?? "",
    };

    public RegisterSiteRequest ToSiteRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(site.FacilityId),
        SiteId = parse.GetRequiredValue(site.SiteId),
        Kind = parse.GetValue(site.Kind),
        Name = parse.GetValue(site.Name) ?? "",
        Commune = parse.GetValue(site.Commune) ?? "",
        Location = parse.GetResult(site.Latitude) is null
            ? null
            : new GeoPoint { Latitude = parse.GetValue(site.Latitude), Longitude = parse.GetValue(site.Longitude) },
    };

    public RegisterAreaRequest ToAreaRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(area.FacilityId),
        AreaCode = parse.GetRequiredValue(area.AreaCode),
        Name = parse.GetValue(area.Name) ?? "",
        Commune = parse.GetValue(area.Commune) ?? "",
        District = parse.GetValue(area.District) ?? "",
        Province = parse.GetValue(area.Province) ?? "",
        Boundary = { parse.GetValue(area.Boundary) ?? [] },
        Species = { parse.GetValue(area.Species) ?? [] },
        Certifications = { parse.GetValue(area.Certifications) ?? [] },
        Owner = parse.GetValue(area.Owner) ?? "",
    };

    public RegisterProductRequest ToProductRequest(ParseResult parse) => new()
    {
        FacilityId = parse.GetRequiredValue(product.FacilityId),
        Gtin = parse.GetRequiredValue(product.Gtin),
        NameVi = parse.GetValue(product.NameVi) ?? "",
        NameEn = parse.GetValue(product.NameEn) ?? "",
        OcopStars = parse.GetValue(product.Stars),
    };

    private static Argument<string> FacilityIdArgument() => CliOptions.Id("facility-id", "The facility's identifier");

    private sealed class FacilityOptions
    {
        public Argument<string> FacilityId { get; } = FacilityIdArgument();
        public Option<FacilityKind> Kind { get; } = CliOptions.Keyword<FacilityKind>("--kind", "The legal form of the OCOP subject");
        public Option<string> Name { get; } = CliOptions.Text("--name", "The registered name");
        public Option<string> Address { get; } = CliOptions.Text("--address", "Street address or village (thôn)", required: false);
        public Option<string> Commune { get; } = CliOptions.Text("--commune", "Commune (xã), e.g. Xốp");
        public Option<string> District { get; } = CliOptions.Text("--district", "District (huyện), e.g. Đăk Glei");
        public Option<string> Province { get; } = CliOptions.Text("--province", "Province (tỉnh), e.g. Kon Tum");
    }

    private sealed class SiteOptions
    {
        public Argument<string> FacilityId { get; } = FacilityIdArgument();
        public Argument<string> SiteId { get; } = CliOptions.Id("site-id", "The site's identifier");
        public Option<SiteKind> Kind { get; } = CliOptions.Keyword<SiteKind>("--kind", "What the site is for");
        public Option<string> Name { get; } = CliOptions.Text("--name", "The site's name");
        public Option<string> Commune { get; } = CliOptions.Text("--commune", "Commune (xã) of the site");
        public Option<double> Latitude { get; } =
            CliOptions.Parsed<double>("--lat", "Latitude, decimal degrees (WGS 84)", "degrees", ValueSyntax.TryParseLatitude, required: false);
        public Option<double> Longitude { get; } =
            CliOptions.Parsed<double>("--lon", "Longitude, decimal degrees (WGS 84)", "degrees", ValueSyntax.TryParseLongitude, required: false);
    }

    private sealed class AreaOptions
    {
        public Argument<string> FacilityId { get; } = FacilityIdArgument();
        public Argument<string> AreaCode { get; } = CliOptions.Id("area-code", "The area's code, e.g. forest sub-zone, compartment and lot");
        public Option<string> Name { get; } = CliOptions.Text("--name", "The area's name");
        public Option<string> Commune { get; } = CliOptions.Text("--commune", "Commune (xã)");
        public Option<string> District { get; } = CliOptions.Text("--district", "District (huyện)");
        public Option<string> Province { get; } = CliOptions.Text("--province", "Province (tỉnh)");
        public Option<GeoPoint[]> Boundary { get; } =
            CliOptions.Parsed<GeoPoint[]>("--boundary", "The area's polygon, decimal degrees (WGS 84)", "lat,lon;lat,lon;lat,lon", ValueSyntax.TryParseBoundary);
        public Option<string[]> Species { get; } =
            CliOptions.RepeatedText("--species", "A species grown or gathered there, e.g. \"Codonopsis javanica\"");
        public Option<Certification[]> Certifications { get; } =
            CliOptions.RepeatedKeyword<Certification>("--certification", "A certification the area holds", required: false);
        public Option<string> Owner { get; } = CliOptions.Text("--owner", "Who owns or holds the area");
    }

    private sealed class ProductOptions
    {
        public Argument<string> FacilityId { get; } = FacilityIdArgument();
        public Argument<string> Gtin { get; } = CliOptions.Id("gtin", "GTIN-8, -12, -13 or -14");
        public Option<string> NameVi { get; } = CliOptions.Text("--name-vi", "The product's Vietnamese name");
        public Option<string> NameEn { get; } = CliOptions.Text("--name-en", "The product's English name", required: false);
        public Option<int> Stars { get; } =
            CliOptions.Parsed("--stars", "OCOP stars, 1 to 5; 0 while not yet rated", "0-5", ValueSyntax.Range(5), required: false);
    }
}
