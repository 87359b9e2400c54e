using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Traceability.Api.Mapping;
using Traceability.Events.Epcis;
using Traceability.Grains.Tracing;
using Traceability.Proofs;
using Traceability.Web.Page;

namespace Traceability.Web.DigitalLinks;

/// <summary>
/// The GS1 Digital Link resolver: <c>/01/{gtin}/10/{lot}[/21/{serial}]</c> (and the convenience
/// form <c>/gtin/…</c>) answers people with the trace page and machines with the trace (JSON), the
/// lot's EPCIS events (JSON-LD) or the link set of all of them, chosen by <c>linkType</c> as the
/// standard names them, else by the Accept header.
/// </summary>
internal static class ResolverEndpoints
{
    public static IEndpointRouteBuilder MapDigitalLinkResolver(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/01/{**rest}", ResolveAsync).ExcludeFromDescription();
        endpoints.MapGet("/gtin/{**rest}", ResolveAsync).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>What the resolver answers with.</summary>
    internal enum Representation
    {
        Page,
        Trace,
        Epcis,
        Linkset,
    }

    private static async Task ResolveAsync(HttpContext context, TracePages pages, TraceQueries trace, ProofBundleBuilder proofs, ResolverBase resolver, TimeProvider time)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var path = raw.Split('?', 2)[0];
        var query = request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.ToString()));
        var text = PageText.Choose(request.Query["lang"], request.GetTypedHeaders().AcceptLanguage);
        var self = raw;
        context.Response.Headers.Vary = "Accept, Accept-Language";

        var parsed = DigitalLinkPath.TryParse(path, query, out var link, out var error);
        var wanted = Choose(parsed ? link!.LinkType : request.Query["linkType"], request.GetTypedHeaders().Accept);
        if (!parsed)
        {
            await ProblemAsync(context, wanted, text, StatusCodes.Status400BadRequest, malformed: true, $"{text["malformed"]}: {error}.", self);
            return;
        }

        var cancellationToken = context.RequestAborted;
        ArgumentNullException.ThrowIfNull(link);
        switch (wanted)
        {
            case Representation.Trace:
                var lotTrace = await trace.BackwardAsync(link.Gtin, link.Lot);
                if (lotTrace is null)
                {
                    await NotFoundAsync(context, wanted, text, link, self);
                    return;
                }

                await WriteAsync(context, "application/json; charset=utf-8", JsonFormatter.Default.Format(ToProto.Trace(lotTrace, Audience.Public)));
                return;
            case Representation.Epcis:
                // The bundle's events without its proofs: nothing to prove here, nothing to cut.
                var events = await proofs.EventsAsync(link.Gtin, link.Lot, cancellationToken);
                if (events is null)
                {
                    await NotFoundAsync(context, wanted, text, link, self);
                    return;
                }

                await WriteAsync(context, "application/ld+json; charset=utf-8", EpcisDocument(events, time.GetUtcNow()));
                return;
            case Representation.Linkset:
                if (await trace.BackwardAsync(link.Gtin, link.Lot) is null)
                {
                    await NotFoundAsync(context, wanted, text, link, self);
                    return;
                }

                await WriteAsync(context, "application/linkset+json", Linkset(resolver.For(request), link));
                return;
            default:
                var data = await pages.LoadAsync(link!, cancellationToken);
                if (data is null)
                {
                    await NotFoundAsync(context, wanted, text, link, self);
                    return;
                }

                PageHeaders(context, text);
                context.Response.Headers.Link = $"<{link.LotPath}?linkType=all>; rel=\"linkset\"; type=\"application/linkset+json\"";
                var html = TracePageRenderer.Render(data, text, self);
                // What the page cost the server, gathering and rendering (the benchmark reads it: docs/benchmarks.md).
                context.Response.Headers["Server-Timing"] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"page;dur={System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.###}");
                await WriteAsync(context, "text/html; charset=utf-8", html);
                return;
        }
    }

    /// <summary>
    /// The representation asked for: a <c>linkType</c> the resolver serves wins (GS1 Digital Link
    /// §8: <c>gs1:pip</c>, <c>gs1:traceability</c>, <c>gs1:epcis</c>, <c>all</c>, as CURIEs or
    /// full URIs); otherwise the Accept header's most preferred type it serves; otherwise the page.
    /// </summary>
    internal static Representation Choose(string? linkType, IList<MediaTypeHeaderValue> accept)
    {
        switch (linkType?.Replace("https://gs1.org/voc/", "gs1:", StringComparison.Ordinal))
        {
            case "all":
            case "linkset":
                return Representation.Linkset;
            case "gs1:pip":
            case "gs1:defaultLink":
                return Representation.Page;
            case "gs1:traceability":
                return Representation.Trace;
            case "gs1:epcis":
                return Representation.Epcis;
        }

        foreach (var type in accept.OrderByDescending(a => a.Quality ?? 1).Where(a => (a.Quality ?? 1) > 0))
        {
            switch (type.MediaType.Value?.ToLowerInvariant())
            {
                case "text/html" or "application/xhtml+xml" or "text/*" or "*/*":
                    return Representation.Page;
                case "application/json":
                    return Representation.Trace;
                case "application/ld+json":
                    return Representation.Epcis;
                case "application/linkset+json":
                    return Representation.Linkset;
            }
        }

        return Representation.Page;
    }

    private static Task NotFoundAsync(HttpContext context, Representation wanted, PageText text, DigitalLinkPath link, string self) =>
        ProblemAsync(context, wanted, text, StatusCodes.Status404NotFound, malformed: false, text.Format("not-found", link.Gtin, link.Lot), self);

    private static async Task ProblemAsync(HttpContext context, Representation wanted, PageText text, int status, bool malformed, string detail, string self)
    {
        context.Response.StatusCode = status;
        if (wanted == Representation.Page)
        {
            PageHeaders(context, text);
            await WriteAsync(context, "text/html; charset=utf-8", TracePageRenderer.RenderProblem(text, malformed, detail, self));
            return;
        }

        var problem = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = PageText.English[malformed ? "malformed-title" : "not-found-title"],
            ["status"] = status,
            ["detail"] = detail,
        };
        await WriteAsync(context, "application/problem+json; charset=utf-8", problem.ToJsonString());
    }

    /// <summary>Security and language headers of a page.</summary>
    private static void PageHeaders(HttpContext context, PageText text)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = TracePageRenderer.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentLanguage = text.Language;
        headers.CacheControl = "no-cache";
    }

    private static Task WriteAsync(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The lot's EPCIS events (its backward trace, as recorded, each with its hash ID) as an EPCIS 2.0 document.</summary>
    private static string EpcisDocument(IReadOnlyList<JsonObject> eventList, DateTimeOffset createdAt)
    {
        var events = new JsonArray();
        foreach (var e in eventList)
        {
            events.Add(e);
        }

        var document = new JsonObject
        {
            ["@context"] = new JsonArray(EpcisVocabulary.EpcisContext, new JsonObject { [EpcisVocabulary.Prefix] = EpcisVocabulary.Base + "voc/" }),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = createdAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["epcisBody"] = new JsonObject { ["eventList"] = events },
        };
        return document.ToJsonString(IndentedRelaxed);
    }

    private static readonly JsonSerializerOptions IndentedRelaxed = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The RFC 9264 link set of the lot's links, as GS1 resolvers publish it for <c>linkType=all</c>.</summary>
    private static string Linkset(string resolverBase, DigitalLinkPath link)
    {
        var anchor = resolverBase + link.LotPath;
        static JsonArray Target(string href, string type, string title, params string[] languages)
        {
            var target = new JsonObject { ["href"] = href, ["type"] = type, ["title"] = title };
            if (languages.Length > 0)
            {
                target["hreflang"] = new JsonArray([.. languages.Select(l => JsonValue.Create(l))]);
            }

            return new JsonArray(target);
        }

        var set = new JsonObject
        {
            ["anchor"] = anchor,
            ["https://gs1.org/voc/defaultLink"] = Target(anchor, "text/html", "Truy xuất nguồn gốc / Product trace", "vi", "en"),
            ["https://gs1.org/voc/pip"] = Target($"{anchor}?linkType=gs1:pip", "text/html", "Truy xuất nguồn gốc / Product trace", "vi", "en"),
            ["https://gs1.org/voc/traceability"] = Target($"{anchor}?linkType=gs1:traceability", "application/json", "Backward trace of the lot"),
            ["https://gs1.org/voc/epcis"] = Target($"{anchor}?linkType=gs1:epcis", "application/ld+json", "EPCIS 2.0 events of the lot's trace"),
            ["https://id.traceability.vn/voc/proof"] = Target($"{resolverBase}/v1/lots/{link.Gtin}/{DigitalLinkPath.Escape(link.Lot)}/proof", "application/json", "Proof bundle"),
        };
        return new JsonObject { ["linkset"] = new JsonArray(set) }.ToJsonString(IndentedRelaxed);
    }
}
