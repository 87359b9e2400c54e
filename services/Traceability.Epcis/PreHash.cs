using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Traceability.Epcis;

/// <summary>
/// Builds the CBV 2.0 pre-hash string of one EPCIS 2.0 JSON-LD event: its fields in the
/// canonical property order, each list's elements sorted, then every user extension sorted.
/// One instance per thread (<see cref="Rent"/>), reused from event to event: its builder and
/// scratch lists keep their capacity, so that an event costs few allocations. Not thread-safe.
/// </summary>
internal sealed class PreHash
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

    private static readonly string[] NoneExcepted = [];
    private static readonly string[] LocationFields = ["id"];
    private static readonly string[] DeclarationFields = ["declarationTime", "reason", "correctiveEventIDs"];
    private static readonly string[] SensorElementFields = ["sensorMetadata", "sensorReport"];

    /// <summary>Builders larger than this (characters) are not kept for the next event.</summary>
    private const int MaxKeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static PreHash? cached;

    private JsonLdPrefixes prefixes = JsonLdPrefixes.Standard;

    // Scratch space, each consumed before anything else can use it again: the canonical values of one
    // field; the elements of one list (quantities, typed lists); the JSON objects of one list; one
    // element's text; the extensions of one location.
    private readonly List<string> values = [];
    private readonly List<string> elements = [];
    private readonly List<JsonObject> objects = [];
    private readonly StringBuilder element = new();
    private readonly List<string> locationExtensions = [];

    /// <summary>The pre-hash string being built.</summary>
    public StringBuilder Text { get; } = new(2048);

    /// <summary>This thread's builder (or a new one when it is in use): give it back with <see cref="Return"/>.</summary>
    public static PreHash Rent()
    {
        var builder = cached ?? new PreHash();
        cached = null;
        return builder;
    }

    /// <summary>Keeps <paramref name="builder"/> for this thread's next event, unless it grew too large.</summary>
    public static void Return(PreHash builder)
    {
        if (builder.Text.Capacity <= MaxKeptCapacity && builder.element.Capacity <= MaxKeptCapacity)
        {
            cached = builder;
        }
    }

    /// <summary>Builds the pre-hash string of <paramref name="epcisEvent"/> in <see cref="Text"/>, with the prefixes in force for it.</summary>
    public void Build(JsonObject epcisEvent, JsonLdPrefixes inForce)
    {
        prefixes = inForce;
        Text.Clear();
        values.Clear();
        elements.Clear();
        objects.Clear();
        element.Clear();
        locationExtensions.Clear();

        var eventType = Scalar(epcisEvent["type"])?.Trim();
        if (string.IsNullOrEmpty(eventType))
        {
            throw new FormatException("An EPCIS event needs a \"type\" (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent).");
        }
        var extensions = new List<string>();
        Text.Append("eventType=").Append(eventType);
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
        if (epcisEvent["ilmd"] is JsonObject ilmd)
        {
            var ilmdFields = new List<string>();
            Extensions(ilmd, NoneExcepted, ilmdFields);
            if (ilmdFields.Count > 0)
            {
                Text.Append("ilmd");
                AppendSorted(ilmdFields);
            }
        }
        foreach (var (key, value) in epcisEvent)
        {
            if (!Standard.Contains(key) && !Ignored.Contains(key))
            {
                Extension(key, value, extensions);
            }
        }
        AppendSorted(extensions);
    }

    private void Field(JsonObject parent, string name, CbvVocabulary vocabulary = CbvVocabulary.None, bool timestamp = false)
    {
        values.Clear();
        Values(parent[name], vocabulary, timestamp, values);
        AppendSorted(name, values);
    }

    /// <summary>
    /// Adds to <paramref name="into"/> the canonical form of each non-empty value of a field (a list
    /// flattens into repeats). The pre-hash writes each one as <c>name=value</c>.
    /// </summary>
    private void Values(JsonNode? node, CbvVocabulary vocabulary, bool timestamp, List<string> into)
    {
        switch (node)
        {
            case null:
                return;
            case JsonArray array:
                foreach (var item in array)
                {
                    Values(item, vocabulary, timestamp, into);
                }
                return;
        }
        var raw = Scalar(node);
        if (raw is null)
        {
            return;
        }
        var value = timestamp ? CanonicalValue.Timestamp(raw) : CanonicalValue.Of(raw, vocabulary, prefixes);
        if (value.Length > 0)
        {
            into.Add(value);
        }
    }

    /// <summary>A new list of the canonical values of a field.</summary>
    private List<string> Values(JsonNode? node, CbvVocabulary vocabulary = CbvVocabulary.None, bool timestamp = false)
    {
        var list = new List<string>();
        Values(node, vocabulary, timestamp, list);
        return list;
    }

    /// <summary>Appends <c>name=value</c> for each value of a field, in the order given.</summary>
    private void AppendInOrder(StringBuilder to, JsonNode? node, string name, CbvVocabulary vocabulary = CbvVocabulary.None)
    {
        values.Clear();
        Values(node, vocabulary, timestamp: false, values);
        foreach (var value in values)
        {
            to.Append(name).Append('=').Append(value);
        }
    }

    private void EpcList(JsonObject epcisEvent, string name)
    {
        values.Clear();
        Values(epcisEvent[name], CbvVocabulary.None, timestamp: false, values);
        if (values.Count > 0)
        {
            Text.Append(name);
            AppendSorted("epc", values);
        }
    }

    private void QuantityList(JsonObject epcisEvent, string name)
    {
        objects.Clear();
        Objects(epcisEvent[name], objects);
        if (objects.Count == 0)
        {
            return;
        }
        elements.Clear();
        const string Prefix = "quantityElement";
        foreach (var quantity in objects)
        {
            element.Clear().Append(Prefix);
            AppendInOrder(element, quantity["epcClass"], "epcClass");
            AppendInOrder(element, quantity["quantity"], "quantity");
            AppendInOrder(element, quantity["uom"], "uom");
            if (element.Length > Prefix.Length)
            {
                elements.Add(element.ToString());
            }
        }
        if (elements.Count > 0)
        {
            Text.Append(name);
            AppendSorted(elements);
        }
    }

    private void PersistentDisposition(JsonNode? node)
    {
        if (node is not JsonObject persistent)
        {
            return;
        }
        var set = Values(persistent["set"], CbvVocabulary.Disposition);
        var unset = Values(persistent["unset"], CbvVocabulary.Disposition);
        if (set.Count + unset.Count > 0)
        {
            Text.Append("persistentDisposition");
            AppendSorted("set", set);
            AppendSorted("unset", unset);
        }
    }

    /// <summary><c>readPoint</c> / <c>bizLocation</c>: the id, then the location's own extensions.</summary>
    private void Location(JsonObject epcisEvent, string name)
    {
        var node = epcisEvent[name];
        locationExtensions.Clear();
        values.Clear();
        if (node is JsonObject location)
        {
            Extensions(location, LocationFields, locationExtensions);
            Values(location["id"], CbvVocabulary.None, timestamp: false, values);
        }
        else
        {
            Values(node, CbvVocabulary.None, timestamp: false, values);
        }
        if (values.Count + locationExtensions.Count > 0)
        {
            Text.Append(name);
            AppendSorted("id", values);
            AppendSorted(locationExtensions);
        }
    }

    /// <summary>
    /// bizTransactionList, sourceList, destinationList: each element is its type (when it has one)
    /// followed by its identifier, and the elements are sorted.
    /// </summary>
    private void TypedList(JsonObject epcisEvent, string listName, string elementName, CbvVocabulary typeVocabulary)
    {
        objects.Clear();
        Objects(epcisEvent[listName], objects);
        if (objects.Count == 0)
        {
            return;
        }
        elements.Clear();
        foreach (var typed in objects)
        {
            element.Clear();
            AppendInOrder(element, typed["type"], "type", typeVocabulary);
            AppendInOrder(element, typed[elementName], elementName);
            if (element.Length > 0)
            {
                elements.Add(element.ToString());
            }
        }
        if (elements.Count > 0)
        {
            Text.Append(listName);
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

    private static readonly string[] SensorMetadataNames = [.. SensorMetadataFields.Select(field => field.Name).Distinct(StringComparer.Ordinal)];
    private static readonly string[] SensorReportNames = [.. SensorReportFields.Select(field => field.Name).Distinct(StringComparer.Ordinal)];

    private void SensorElementList(JsonNode? node)
    {
        if (node is null)
        {
            return;
        }
        var sensorElements = new List<JsonObject>();
        Objects(node, sensorElements);
        var list = new List<string>();
        foreach (var sensorElement in sensorElements)
        {
            var metadata = sensorElement["sensorMetadata"] is JsonObject meta ? Block("sensorMetadata", meta, SensorMetadataFields, SensorMetadataNames) : "";
            var reportObjects = new List<JsonObject>();
            Objects(sensorElement["sensorReport"], reportObjects);
            var reports = new List<string>();
            foreach (var report in reportObjects)
            {
                var block = Block("sensorReport", report, SensorReportFields, SensorReportNames);
                if (block.Length > 0)
                {
                    reports.Add(block);
                }
            }
            reports.Sort(CodePointOrder.Instance);
            var own = new List<string>();
            Extensions(sensorElement, SensorElementFields, own);
            own.Sort(CodePointOrder.Instance);
            var body = metadata + string.Concat(reports) + string.Concat(own);
            if (body.Length > 0)
            {
                list.Add("sensorElement" + body);
            }
        }
        if (list.Count > 0)
        {
            Text.Append("sensorElementList");
            AppendSorted(list);
        }
    }

    /// <summary>A sensorMetadata or sensorReport: its fields in order, then its own extensions sorted.</summary>
    private string Block(string name, JsonObject block, (string Name, CbvVocabulary Vocabulary, bool Timestamp)[] fields, string[] names)
    {
        var body = new StringBuilder();
        foreach (var (field, vocabulary, timestamp) in fields)
        {
            values.Clear();
            Values(block[field], vocabulary, timestamp, values);
            values.Sort(CodePointOrder.Instance);
            foreach (var value in values)
            {
                body.Append(field).Append('=').Append(value);
            }
        }
        var extensions = new List<string>();
        Extensions(block, names, extensions);
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
        var time = Values(declaration["declarationTime"], timestamp: true);
        var reason = Values(declaration["reason"], CbvVocabulary.ErrorReason);
        var corrective = Values(declaration["correctiveEventIDs"]);
        if (time.Count + reason.Count + corrective.Count > 0)
        {
            Text.Append("errorDeclaration");
            AppendSorted("declarationTime", time);
            AppendSorted("reason", reason);
            if (corrective.Count > 0)
            {
                Text.Append("correctiveEventIDs");
                AppendSorted("correctiveEventID", corrective);
            }
        }
        var extensions = new List<string>();
        Extensions(declaration, DeclarationFields, extensions);
        if (extensions.Count > 0)
        {
            extensions.Sort(CodePointOrder.Instance);
            eventExtensions.Add("errorDeclaration" + string.Concat(extensions));
        }
    }

    /// <summary>Adds the extension strings of every member of <paramref name="parent"/> but the <paramref name="except"/> ones.</summary>
    private void Extensions(JsonObject parent, string[] except, List<string> into)
    {
        foreach (var (key, value) in parent)
        {
            if (!Ignored.Contains(key) && Array.IndexOf(except, key) < 0)
            {
                Extension(key, value, into);
            }
        }
    }

    /// <summary>
    /// Adds a user extension: <c>{namespace}name=value</c>, or <c>{namespace}name</c> followed by its
    /// children's strings, sorted; a list repeats the name once per element.
    /// </summary>
    private void Extension(string key, JsonNode? node, List<string> into)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Extension(key, item, into);
                }
                break;
            case JsonObject members:
                var children = new List<string>();
                Extensions(members, NoneExcepted, children);
                children.Sort(CodePointOrder.Instance);
                into.Add(prefixes.ExpandKey(key) + string.Concat(children));
                break;
            default:
                var name = prefixes.ExpandKey(key);
                var raw = Scalar(node);
                var value = raw is null ? "" : CanonicalValue.Of(raw, CbvVocabulary.None, prefixes);
                into.Add(value.Length > 0 ? string.Concat(name, "=", value) : name);
                break;
        }
    }

    /// <summary>Appends the strings in code point order.</summary>
    private void AppendSorted(List<string> strings)
    {
        if (strings.Count > 1)
        {
            strings.Sort(CodePointOrder.Instance);
        }
        foreach (var text in strings)
        {
            Text.Append(text);
        }
    }

    /// <summary>
    /// Appends <c>name=value</c> for each value, in the code point order of those strings (which,
    /// all starting with <c>name=</c>, is the order of the values).
    /// </summary>
    private void AppendSorted(string name, List<string> canonicalValues)
    {
        if (canonicalValues.Count > 1)
        {
            canonicalValues.Sort(CodePointOrder.Instance);
        }
        foreach (var value in canonicalValues)
        {
            Text.Append(name).Append('=').Append(value);
        }
    }

    /// <summary>Adds the JSON objects of <paramref name="node"/>: itself, or those of a list, nested lists flattened.</summary>
    private static void Objects(JsonNode? node, List<JsonObject> into)
    {
        switch (node)
        {
            case JsonObject item:
                into.Add(item);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Objects(item, into);
                }
                break;
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
