using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Traceability.Epcis;

/// <summary>
/// Builds the CBV 2.0 pre-hash string of one EPCIS 2.0 JSON-LD event: its fields in the
/// canonical property order, each list's elements sorted, then every user extension sorted.
/// One instance per event; not thread-safe.
/// </summary>
internal sealed class PreHash(JsonLdPrefixes prefixes)
{
    /// <summary>Keys that are never part of the hash: identity and bookkeeping, JSON-LD and comments.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "eventID", "recordTime", "@context", "@id", "@type", "rdfs:comment", "comment", "#text",
    };

    /// <summary>The event fields the canonical property order places; everything else is a user extension.</summary>
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "type", "eventTime", "eventTimeZoneOffset", "certificationInfo", "errorDeclaration", "epcList", "parentID",
        "inputEPCList", "childEPCs", "quantityList", "childQuantityList", "inputQuantityList", "outputEPCList",
        "outputQuantityList", "action", "transformationID", "bizStep", "disposition", "persistentDisposition",
        "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd",
    };

    private readonly StringBuilder text = new();

    /// <summary>The pre-hash string of <paramref name="epcisEvent"/>.</summary>
    public string Of(JsonObject epcisEvent)
    {
        var eventType = Scalar(epcisEvent["type"])?.Trim();
        if (string.IsNullOrEmpty(eventType))
        {
            throw new FormatException("An EPCIS event needs a \"type\" (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent).");
        }
        var extensions = new List<string>();
        text.Append("eventType=").Append(eventType);
        Field(epcisEvent, "eventTime", CbvVocabulary.None, timestamp: true);
        Field(epcisEvent, "eventTimeZoneOffset");
        Field(epcisEvent, "certificationInfo");
        ErrorDeclaration(epcisEvent["errorDeclaration"], extensions);
        EpcList(epcisEvent, "epcList");
        Field(epcisEvent, "parentID");
        EpcList(epcisEvent, "inputEPCList");
        EpcList(epcisEvent, "childEPCs");
        QuantityList(epcisEvent, "quantityList");
        QuantityList(epcisEvent, "childQuantityList");
        QuantityList(epcisEvent, "inputQuantityList");
        EpcList(epcisEvent, "outputEPCList");
        QuantityList(epcisEvent, "outputQuantityList");
        Field(epcisEvent, "action");
        Field(epcisEvent, "transformationID");
        Field(epcisEvent, "bizStep", CbvVocabulary.BizStep);
        Field(epcisEvent, "disposition", CbvVocabulary.Disposition);
        PersistentDisposition(epcisEvent["persistentDisposition"]);
        Location(epcisEvent, "readPoint");
        Location(epcisEvent, "bizLocation");
        // The reference's vectors put destinationList before sourceList (the README's table has
        // them the other way round); the vectors define the hash, so they win.
        TypedList(epcisEvent, "bizTransactionList", "bizTransaction", CbvVocabulary.BizTransactionType);
        TypedList(epcisEvent, "destinationList", "destination", CbvVocabulary.SourceDestinationType);
        TypedList(epcisEvent, "sourceList", "source", CbvVocabulary.SourceDestinationType);
        SensorElementList(epcisEvent["sensorElementList"]);
        if (epcisEvent["ilmd"] is JsonObject ilmd && Extensions(ilmd) is { Count: > 0 } ilmdFields)
        {
            text.Append("ilmd");
            AppendSorted(ilmdFields);
        }
        foreach (var (key, value) in epcisEvent)
        {
            if (!Standard.Contains(key) && !Ignored.Contains(key))
            {
                extensions.AddRange(Extension(key, value));
            }
        }
        AppendSorted(extensions);
        return text.ToString();
    }

    private void Field(JsonObject parent, string name, CbvVocabulary vocabulary = CbvVocabulary.None, bool timestamp = false) =>
        AppendSorted(Values(parent[name], name, vocabulary, timestamp));

    /// <summary><c>name=value</c> for each non-empty value of a field (a list flattens into repeats).</summary>
    private List<string> Values(JsonNode? node, string name, CbvVocabulary vocabulary = CbvVocabulary.None, bool timestamp = false)
    {
        var values = new List<string>();
        foreach (var item in Flatten(node))
        {
            var raw = Scalar(item);
            if (raw is null)
            {
                continue;
            }
            var value = timestamp ? CanonicalValue.Timestamp(raw) : CanonicalValue.Of(raw, vocabulary, prefixes);
            if (value.Length > 0)
            {
                values.Add(name + "=" + value);
            }
        }
        return values;
    }

    private void EpcList(JsonObject epcisEvent, string name)
    {
        var epcs = Values(epcisEvent[name], "epc");
        if (epcs.Count > 0)
        {
            text.Append(name);
            AppendSorted(epcs);
        }
    }

    private void QuantityList(JsonObject epcisEvent, string name)
    {
        var elements = new List<string>();
        foreach (var element in Flatten(epcisEvent[name]).OfType<JsonObject>())
        {
            var fields = string.Concat(
                string.Concat(Values(element["epcClass"], "epcClass")),
                string.Concat(Values(element["quantity"], "quantity")),
                string.Concat(Values(element["uom"], "uom")));
            if (fields.Length > 0)
            {
                elements.Add("quantityElement" + fields);
            }
        }
        if (elements.Count > 0)
        {
            text.Append(name);
            AppendSorted(elements);
        }
    }

    private void PersistentDisposition(JsonNode? node)
    {
        if (node is not JsonObject persistent)
        {
            return;
        }
        var set = Values(persistent["set"], "set", CbvVocabulary.Disposition);
        var unset = Values(persistent["unset"], "unset", CbvVocabulary.Disposition);
        if (set.Count + unset.Count > 0)
        {
            text.Append("persistentDisposition");
            AppendSorted(set);
            AppendSorted(unset);
        }
    }

    /// <summary><c>readPoint</c> / <c>bizLocation</c>: the id, then the location's own extensions.</summary>
    private void Location(JsonObject epcisEvent, string name)
    {
        var node = epcisEvent[name];
        var (id, extensions) = node is JsonObject location
            ? (Values(location["id"], "id"), Extensions(location, "id"))
            : (Values(node, "id"), []);
        if (id.Count + extensions.Count > 0)
        {
            text.Append(name);
            AppendSorted(id);
            AppendSorted(extensions);
        }
    }

    /// <summary>
    /// bizTransactionList, sourceList, destinationList: each element is its type (when it has one)
    /// followed by its identifier, and the elements are sorted.
    /// </summary>
    private void TypedList(JsonObject epcisEvent, string listName, string elementName, CbvVocabulary typeVocabulary)
    {
        var elements = new List<string>();
        foreach (var element in Flatten(epcisEvent[listName]).OfType<JsonObject>())
        {
            var value = string.Concat(
                string.Concat(Values(element["type"], "type", typeVocabulary)),
                string.Concat(Values(element[elementName], elementName)));
            if (value.Length > 0)
            {
                elements.Add(value);
            }
        }
        if (elements.Count > 0)
        {
            text.Append(listName);
            AppendSorted(elements);
        }
    }

    private static readonly (string Name, CbvVocabulary Vocabulary, bool Timestamp)[] SensorMetadataFields =
    [
        ("time", CbvVocabulary.None, true), ("startTime", CbvVocabulary.None, true), ("endTime", CbvVocabulary.None, true),
        ("deviceID", CbvVocabulary.None, false), ("deviceMetadata", CbvVocabulary.None, false), ("rawData", CbvVocabulary.None, false),
        ("dataProcessingMethod", CbvVocabulary.None, false), ("bizRules", CbvVocabulary.None, false),
    ];

    private static readonly (string Name, CbvVocabulary Vocabulary, bool Timestamp)[] SensorReportFields =
    [
        ("type", CbvVocabulary.MeasurementType, false), ("exception", CbvVocabulary.SensorAlarmType, false),
        ("deviceID", CbvVocabulary.None, false), ("deviceMetadata", CbvVocabulary.None, false), ("rawData", CbvVocabulary.None, false),
        ("dataProcessingMethod", CbvVocabulary.None, false), ("time", CbvVocabulary.None, true),
        ("microorganism", CbvVocabulary.None, false), ("chemicalSubstance", CbvVocabulary.None, false),
        ("value", CbvVocabulary.None, false), ("component", CbvVocabulary.Component, false),
        ("stringValue", CbvVocabulary.None, false), ("booleanValue", CbvVocabulary.None, false),
        ("hexBinaryValue", CbvVocabulary.None, false), ("uriValue", CbvVocabulary.None, false),
        ("minValue", CbvVocabulary.None, false), ("maxValue", CbvVocabulary.None, false), ("meanValue", CbvVocabulary.None, false),
        ("sDev", CbvVocabulary.None, false), ("percRank", CbvVocabulary.None, false), ("percValue", CbvVocabulary.None, false),
        ("uom", CbvVocabulary.None, false), ("coordinateReferenceSystem", CbvVocabulary.None, false),
    ];

    private static readonly HashSet<string> SensorMetadataNames = [.. SensorMetadataFields.Select(field => field.Name)];
    private static readonly HashSet<string> SensorReportNames = [.. SensorReportFields.Select(field => field.Name)];

    private void SensorElementList(JsonNode? node)
    {
        var elements = new List<string>();
        foreach (var element in Flatten(node).OfType<JsonObject>())
        {
            var metadata = element["sensorMetadata"] is JsonObject meta ? Block("sensorMetadata", meta, SensorMetadataFields, SensorMetadataNames) : "";
            var reports = Flatten(element["sensorReport"]).OfType<JsonObject>()
                .Select(report => Block("sensorReport", report, SensorReportFields, SensorReportNames))
                .Where(report => report.Length > 0)
                .Order(CodePointOrder.Instance);
            var own = Extensions(element, "sensorMetadata", "sensorReport");
            own.Sort(CodePointOrder.Instance);
            var body = metadata + string.Concat(reports) + string.Concat(own);
            if (body.Length > 0)
            {
                elements.Add("sensorElement" + body);
            }
        }
        if (elements.Count > 0)
        {
            text.Append("sensorElementList");
            AppendSorted(elements);
        }
    }

    /// <summary>A sensorMetadata or sensorReport: its fields in order, then its own extensions sorted.</summary>
    private string Block(string name, JsonObject block, (string Name, CbvVocabulary Vocabulary, bool Timestamp)[] fields, HashSet<string> names)
    {
        var body = new StringBuilder();
        foreach (var (field, vocabulary, timestamp) in fields)
        {
            var values = Values(block[field], field, vocabulary, timestamp);
            values.Sort(CodePointOrder.Instance);
            body.AppendJoin("", values);
        }
        var extensions = Extensions(block, [.. names]);
        extensions.Sort(CodePointOrder.Instance);
        body.AppendJoin("", extensions);
        return body.Length > 0 ? name + body : "";
    }

    /// <summary>
    /// errorDeclaration, after the event time as the reference places it: declarationTime, reason,
    /// correctiveEventIDs. Its extensions go with the event's, under <c>errorDeclaration</c>, as the
    /// reference leaves them.
    /// </summary>
    private void ErrorDeclaration(JsonNode? node, List<string> eventExtensions)
    {
        if (node is not JsonObject declaration)
        {
            return;
        }
        var time = Values(declaration["declarationTime"], "declarationTime", timestamp: true);
        var reason = Values(declaration["reason"], "reason", CbvVocabulary.ErrorReason);
        var corrective = Values(declaration["correctiveEventIDs"], "correctiveEventID");
        if (time.Count + reason.Count + corrective.Count > 0)
        {
            text.Append("errorDeclaration");
            AppendSorted(time);
            AppendSorted(reason);
            if (corrective.Count > 0)
            {
                text.Append("correctiveEventIDs");
                AppendSorted(corrective);
            }
        }
        var extensions = Extensions(declaration, "declarationTime", "reason", "correctiveEventIDs");
        if (extensions.Count > 0)
        {
            extensions.Sort(CodePointOrder.Instance);
            eventExtensions.Add("errorDeclaration" + string.Concat(extensions));
        }
    }

    /// <summary>The extension strings of every member of <paramref name="parent"/> but the <paramref name="except"/> ones.</summary>
    private List<string> Extensions(JsonObject parent, params string[] except)
    {
        var strings = new List<string>();
        foreach (var (key, value) in parent)
        {
            if (!Ignored.Contains(key) && !except.Contains(key, StringComparer.Ordinal))
            {
                strings.AddRange(Extension(key, value));
            }
        }
        return strings;
    }

    /// <summary>
    /// A user extension: <c>{namespace}name=value</c>, or <c>{namespace}name</c> followed by its
    /// children's strings, sorted; a list repeats the name once per element.
    /// </summary>
    private List<string> Extension(string key, JsonNode? node)
    {
        var name = prefixes.ExpandKey(key);
        var strings = new List<string>();
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    strings.AddRange(Extension(key, item));
                }
                break;
            case JsonObject members:
                var children = Extensions(members);
                children.Sort(CodePointOrder.Instance);
                strings.Add(name + string.Concat(children));
                break;
            default:
                var raw = Scalar(node);
                var value = raw is null ? "" : CanonicalValue.Of(raw, CbvVocabulary.None, prefixes);
                strings.Add(value.Length > 0 ? name + "=" + value : name);
                break;
        }
        return strings;
    }

    private void AppendSorted(List<string> strings)
    {
        strings.Sort(CodePointOrder.Instance);
        text.AppendJoin("", strings);
    }

    private static IEnumerable<JsonNode?> Flatten(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                foreach (var inner in Flatten(item))
                {
                    yield return inner;
                }
            }
        }
        else if (node is not null)
        {
            yield return node;
        }
    }

    /// <summary>The text of a JSON string, number (as written) or boolean; null for anything else.</summary>
    private static string? Scalar(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;
}
