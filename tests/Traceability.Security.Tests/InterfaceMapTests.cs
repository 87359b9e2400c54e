using System.Reflection;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using Traceability.Contracts.V1;
using Traceability.Security.Policy;

namespace Traceability.Security.Tests;

/// <summary>
/// Every entry point that exists has a rule: each method of the generated gRPC services, its
/// JSON transcoding, and each route the server maps itself. A new method or route without one
/// fails here.
/// </summary>
public sealed partial class InterfaceMapTests
{
    private static IEnumerable<MethodDescriptor> GeneratedMethods() =>
        typeof(Registry).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .SelectMany(f => f.Services)
            .SelectMany(s => s.Methods);

    private static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    [Fact]
    public void TheContractsHaveServicesToCheck()
    {
        Assert.True(GeneratedMethods().Count() >= 30);
    }

    [Fact]
    public void EveryGeneratedGrpcMethodHasARule()
    {
        var missing = GeneratedMethods().Select(PathOf).Where(p => !InterfaceMap.GrpcMethods.ContainsKey(p)).ToList();

        Assert.True(missing.Count == 0, "gRPC methods without an access rule in InterfaceMap.GrpcMethods: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryRuleNamesAMethodThatExists()
    {
        var generated = GeneratedMethods().Select(PathOf).ToHashSet();

        Assert.Empty(InterfaceMap.GrpcMethods.Keys.Where(k => !generated.Contains(k)));
        Assert.Empty(InterfaceMap.TranscodedRoutes.Keys.Where(k => !generated.Contains(k)));
    }

    [Fact]
    public void EveryTranscodedRouteIsTheOneTheProtoDeclares()
    {
        foreach (var method in GeneratedMethods())
        {
            var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
            if (rule is null)
            {
                Assert.False(InterfaceMap.TranscodedRoutes.ContainsKey(PathOf(method)), $"{PathOf(method)} has no HTTP rule");
                continue;
            }

            var declared = rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => new HttpRoute("GET", rule.Get),
                HttpRule.PatternOneofCase.Post => new HttpRoute("POST", rule.Post),
                HttpRule.PatternOneofCase.Put => new HttpRoute("PUT", rule.Put),
                HttpRule.PatternOneofCase.Delete => new HttpRoute("DELETE", rule.Delete),
                HttpRule.PatternOneofCase.Patch => new HttpRoute("PATCH", rule.Patch),
                _ => throw new InvalidOperationException($"{PathOf(method)}: custom HTTP pattern"),
            };
            Assert.True(InterfaceMap.TranscodedRoutes.TryGetValue(PathOf(method), out var mapped), $"{declared} ({PathOf(method)}) is not in TranscodedRoutes");
            Assert.Equal(declared, mapped);
            Assert.Empty(rule.AdditionalBindings);
        }
    }

    [Fact]
    public void ATranscodedRouteAsksWhatItsGrpcMethodAsks()
    {
        foreach (var (method, route) in InterfaceMap.TranscodedRoutes)
        {
            Assert.Same(InterfaceMap.GrpcMethods[method], InterfaceMap.ForHttp(route));
        }
    }

    [Fact]
    public void EveryRouteTheServerMapsItselfHasARule()
    {
        var root = RepositoryRoot();
        var mapped = Directory.EnumerateFiles(Path.Combine(root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => MapCall().Matches(File.ReadAllText(f)))
            .Select(m => new HttpRoute(m.Groups[1].Value.ToUpperInvariant(), m.Groups[2].Value))
            .ToHashSet();

        Assert.NotEmpty(mapped);
        var missing = mapped.Where(r => InterfaceMap.ForHttp(r) is null).ToList();
        Assert.True(missing.Count == 0, "routes without an access rule in InterfaceMap.WebRoutes: " + string.Join(", ", missing));
        Assert.Empty(InterfaceMap.WebRoutes.Keys.Where(r => !mapped.Contains(r)));
    }

    [Theory]
    [InlineData("GET", "/healthz", OperationKind.Health)]
    [InlineData("GET", "/01/{**rest}", OperationKind.PublicTrace)]
    [InlineData("GET", "/gtin/{**rest}", OperationKind.PublicTrace)]
    [InlineData("GET", "/v1/lots/{gtin}/{lot}/trace", OperationKind.PublicTrace)]
    [InlineData("GET", "/v1/lots/{gtin}/{lot}/proof", OperationKind.PublicTrace)]
    public void TheIssuesPublicSurfaceIsPublic(string method, string template, OperationKind kind)
    {
        Assert.Equal(kind, InterfaceMap.ForHttp(new HttpRoute(method, template))!.Kind);
    }

    [Fact]
    public void EverythingElseNeedsCredentials()
    {
        // The issue's public list and the trace page's script.
        string[] open = ["/healthz", "/01/{**rest}", "/gtin/{**rest}", "/assets/{name}", "/v1/lots/{gtin}/{lot}/trace", "/v1/lots/{gtin}/{lot}/proof"];
        var routes = InterfaceMap.WebRoutes.Keys.Concat(InterfaceMap.TranscodedRoutes.Values);

        foreach (var route in routes)
        {
            var decision = AccessPolicy.Decide(null, InterfaceMap.ForHttp(route)!.Bind("F1"));
            Assert.True(open.Contains(route.Template) == decision.Allowed, $"{route}: {decision.Reason}");
        }
    }

    [Fact]
    public void EveryCaptureTakesItsFacilityFromTheRouteOrTheRecordsOwnerNeverTheBody()
    {
        foreach (var (method, template) in InterfaceMap.GrpcMethods)
        {
            if (template.Kind is OperationKind.Capture or OperationKind.ReadFacility)
            {
                Assert.True(template.Facility != FacilitySource.None, $"{method} names no facility source");
            }

            if (template.Facility == FacilitySource.Route)
            {
                Assert.Contains("{facility_id}", InterfaceMap.TranscodedRoutes[method].Template, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void ARecallIsTheLotPackersCapture()
    {
        var template = InterfaceMap.GrpcMethods["/traceability.v1.Lots/RecallLot"];

        Assert.Equal(new OperationTemplate(OperationKind.Capture, RecordKind.Recall, FacilitySource.LotOwner), template);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Traceability.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Traceability.sln) is not above the test's folder");
    }

    [GeneratedRegex("""\.Map(Get|Post|Put|Delete|Patch)\(\s*"([^"]+)"\s*,""")]
    private static partial Regex MapCall();
}
