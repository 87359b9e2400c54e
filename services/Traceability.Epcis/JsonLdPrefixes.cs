using System.Text.Json.Nodes;

namespace Traceability.Epcis;

/// <summary>
/// The CURIE prefixes in force for one event: those of the standard EPCIS 2.0 context, then the
/// document's <c>@context</c>, then the event's own. Immutable.
/// </summary>
internal sealed class JsonLdPrefixes
{
    /// <summary>The prefixes the standard EPCIS 2.0 JSON-LD context declares.</summary>
    public static readonly JsonLdPrefixes Standard = new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["epcis"] = "https://ref.gs1.org/epcis/",
        ["cbv"] = "https://ref.gs1.org/cbv/",
        ["cbvmda"] = "urn:epcglobal:cbv:mda:",
        ["gs1"] = "https://gs1.org/voc/",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dcterms"] = "http://purl.org/dc/terms/",
    });

    private readonly Dictionary<string, string> namespaces;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> byPrefix;

    private JsonLdPrefixes(Dictionary<string, string> namespaces)
    {
        this.namespaces = namespaces;
        byPrefix = namespaces.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// These prefixes with those <paramref name="context"/> declares on top: a JSON-LD
    /// <c>@context</c> (a string naming a remote context, an object, or an array of both).
    /// Remote contexts are not fetched: the standard one's prefixes are built in.
    /// </summary>
    public JsonLdPrefixes With(JsonNode? context)
    {
        if (context is null or JsonValue)
        {
            return this;
        }
        var added = new Dictionary<string, string>(namespaces, StringComparer.Ordinal);
        Collect(context, added);
        return new JsonLdPrefixes(added);
    }

    private static void Collect(JsonNode? context, Dictionary<string, string> into)
    {
        switch (context)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, into);
                }
                break;
            case JsonObject definitions:
                foreach (var (term, definition) in definitions)
                {
                    if (term.StartsWith('@'))
                    {
                        continue;
                    }
                    var iri = definition switch
                    {
                        JsonValue value when value.TryGetValue<string>(out var text) => text,
                        JsonObject expanded when expanded["@id"] is JsonValue id && id.TryGetValue<string>(out var text) => text,
                        _ => null,
                    };
                    if (iri is not null)
                    {
                        into[term] = iri;
                    }
                }
                break;
        }
    }

    /// <summary>
    /// A user extension's key as the hash writes it: <c>{namespace}localName</c> for a CURIE with
    /// a known prefix or for an absolute IRI (split after its last <c>/</c>, <c>#</c> or, for a
    /// URN, <c>:</c>), else the key as written.
    /// </summary>
    public string ExpandKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !key.AsSpan(colon + 1).StartsWith("//", StringComparison.Ordinal)
            && byPrefix.TryGetValue(key.AsSpan(0, colon), out var ns))
        {
            return string.Concat("{", ns, "}", key.AsSpan(colon + 1));
        }
        return SplitIri(key) ?? key;
    }

    /// <summary>
    /// A value CURIE in a GS1 vocabulary (<c>gs1:</c>, <c>cbv:</c>, …) as its full URI. Other CURIEs
    /// in values stay as written: to JSON-LD they are plain strings, and the reference keeps them.
    /// </summary>
    public string ExpandValue(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || value.AsSpan(colon + 1).StartsWith("//", StringComparison.Ordinal)
            || !byPrefix.TryGetValue(value.AsSpan(0, colon), out var ns))
        {
            return value;
        }
        return ns.StartsWith("https://ref.gs1.org", StringComparison.Ordinal) || ns.StartsWith("https://gs1.org", StringComparison.Ordinal)
            ? string.Concat(ns, value.AsSpan(colon + 1))
            : value;
    }

    private static string? SplitIri(string key)
    {
        int split;
        if (key.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            split = key.LastIndexOf(':');
        }
        else if (key.Contains("://", StringComparison.Ordinal))
        {
            split = key.LastIndexOfAny(['/', '#']);
            if (split < key.IndexOf("://", StringComparison.Ordinal) + 3)
            {
                return null;
            }
        }
        else
        {
            return null;
        }
        return split <= 0 || split == key.Length - 1 ? null : "{" + key[..(split + 1)] + "}" + key[(split + 1)..];
    }
}
