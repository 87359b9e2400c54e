using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Traceability.Web.Assets;

/// <summary>
/// The page's static files (the browser verifier, styles), embedded in the assembly and served at
/// <c>/assets/{name}</c> with a strong ETag; the page links them with <c>?v={hash}</c> so they can be
/// cached for a year and still change with a new server.
/// </summary>
public static class WebAssets
{
    private const string Prefix = "Traceability.Web.Assets.";

    private static readonly FrozenDictionary<string, Asset> All = Load();

    /// <summary>The content of asset <paramref name="name"/> (e.g. <c>verify.js</c>), or null.</summary>
    public static Asset? Find(string name) => All.GetValueOrDefault(name);

    /// <summary>The versioned URL of an embedded asset, for the page to link.</summary>
    public static string Url(string name) => All.TryGetValue(name, out var asset) ? $"/assets/{name}?v={asset.Version}" : $"/assets/{name}";

    internal static IEndpointRouteBuilder MapAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            if (Find(name) is not { } asset)
            {
                return Results.NotFound();
            }

            var headers = context.Response.Headers;
            headers.CacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "public, max-age=300";
            headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(asset.Content, asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{asset.Version}\""));
        }).ExcludeFromDescription();
        return endpoints;
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[Prefix.Length..];
            var content = buffer.ToArray();
            var version = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
            assets[name] = new Asset(name, content, ContentTypeOf(name), version);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

/// <summary>An embedded asset: its bytes, content type and version (a prefix of its SHA-256).</summary>
public sealed record Asset(string Name, byte[] Content, string ContentType, string Version);
