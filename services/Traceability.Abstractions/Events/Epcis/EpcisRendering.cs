using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Epcis;
using Traceability.Events;

namespace Traceability.Events.Epcis;

/// <summary>
/// Renders a facility event as a GS1 EPCIS 2.0 JSON-LD event (registrations and harvests as
/// ObjectEvents with ILMD, steps and packing as TransformationEvents with quantity lists in kg,
/// readings windows, storage periods, excursions and recalls as OBSERVE ObjectEvents).
/// Pure and thread-safe.
/// </summary>
public static class EpcisRendering
{
    /// <summary>The EPCIS 2.0 JSON-LD text of <paramref name="e"/> recorded at <paramref name="recordedAt"/>, without its eventID.</summary>
    public static string Render(FacilityEvent e, DateTimeOffset recordedAt) => ToJson(e, recordedAt).ToJsonString();

    /// <summary>
    /// The EPCIS 2.0 JSON-LD event of <paramref name="e"/> whose <c>eventID</c> is its GS1 CBV 2.0
    /// hash ID, and that ID: what the store keeps and the facility's log hashes.
    /// </summary>
    public static (string Json, string EventId) Identified(FacilityEvent e, DateTimeOffset recordedAt)
    {
        var json = ToJson(e, recordedAt);
        var id = EventHash.Compute(json);
        return (WithEventId(json, id), id);
    }

    /// <summary>Output buffers larger than this (bytes) are not kept for the thread's next event.</summary>
    private const int MaxKeptBuffer = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The text of <paramref name="json"/> with <c>"eventID": id</c> right after its <c>type</c>:
    /// written as <see cref="JsonNode.ToJsonString"/> writes an object (default options), from the
    /// same tree, with no copy of it, into this thread's reused buffer.
    /// </summary>
    private static string WithEventId(JsonObject json, string id)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        writer.WriteStartObject();
        foreach (var (name, value) in json)
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }

            if (name == "type")
            {
                writer.WriteString("eventID", id);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptBuffer)
        {
            t_buffer = null;
            t_writer = null;
        }

        return text;
    }

    /// <summary>The EPCIS 2.0 JSON-LD object of <paramref name="e"/>.</summary>
    public static JsonObject ToJson(FacilityEvent e, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(e);
        var json = e switch
        {
            FacilityRegistered f => Commissioning(EpcisVocabulary.Facility(f.FacilityId), recordedAt, EpcisVocabulary.Facility(f.FacilityId), new JsonObject
            {
                ["tr:kind"] = f.Kind.ToString(),
                ["tr:name"] = f.Name,
                ["tr:address"] = f.Address,
                ["tr:commune"] = f.Commune,
                ["tr:district"] = f.District,
                ["tr:province"] = f.Province,
            }),
            SiteRegistered s => Commissioning(EpcisVocabulary.Site(s.SiteId), recordedAt, EpcisVocabulary.Site(s.SiteId), new JsonObject
            {
                ["tr:facility"] = EpcisVocabulary.Facility(s.FacilityId),
                ["tr:kind"] = s.Kind.ToString(),
                ["tr:name"] = s.Name,
                ["tr:commune"] = s.Commune,
                ["tr:location"] = s.Location is null ? null : Point(s.Location),
            }),
            AreaRegistered a => Commissioning(EpcisVocabulary.Area(a.AreaCode), recordedAt, EpcisVocabulary.Area(a.AreaCode), AreaIlmd(a)),
            ProductRegistered p => Commissioning(EpcisVocabulary.Product(p.Gtin), recordedAt, EpcisVocabulary.Facility(p.FacilityId), new JsonObject
            {
                ["tr:facility"] = EpcisVocabulary.Facility(p.FacilityId),
                ["tr:nameVi"] = p.NameVi,
                ["tr:nameEn"] = p.NameEn,
                ["tr:ocopStars"] = p.OcopStars,
            }, classLevel: true),
            BatchHarvested h => Harvest(h, recordedAt),
            StepRecorded s => Step(s, recordedAt),
            LotPacked l => Lot(l, recordedAt),
            ReadingsRecorded r => Readings(r, recordedAt),
            StorageRecorded st => Storage(st, recordedAt),
            ExcursionRecorded x => Excursion(x, recordedAt),
            LotRecalled r => Recall(r, recordedAt),
            _ => throw new ArgumentException($"No EPCIS rendering for {e.GetType().Name}.", nameof(e)),
        };
        return json;
    }

    private static JsonObject Envelope(string type, DateTimeOffset eventTime, DateTimeOffset recordedAt) => new()
    {
        ["@context"] = new JsonArray(EpcisVocabulary.EpcisContext, new JsonObject { [EpcisVocabulary.Prefix] = EpcisVocabulary.Base + "voc/" }),
        ["type"] = type,
        ["eventTime"] = Time(eventTime),
        ["eventTimeZoneOffset"] = eventTime.ToString("zzz", CultureInfo.InvariantCulture),
        ["recordTime"] = Time(recordedAt),
    };

    private static JsonObject Commissioning(string id, DateTimeOffset recordedAt, string location, JsonObject ilmd, bool classLevel = false)
    {
        var json = Envelope("ObjectEvent", recordedAt, recordedAt);
        if (classLevel)
        {
            json["quantityList"] = new JsonArray(new JsonObject { ["epcClass"] = id });
        }
        else
        {
            json["epcList"] = new JsonArray(id);
        }

        json["action"] = "ADD";
        json["bizStep"] = "commissioning";
        json["disposition"] = "active";
        json["readPoint"] = new JsonObject { ["id"] = location };
        json["ilmd"] = ilmd;
        return json;
    }

    /// <summary>
    /// An area's ILMD. A withheld exact polygon is replaced by its generalised outline (the
    /// bounding box on the 0.01° grid) followed by the digest of the exact one; a withheld owner by
    /// its digest. An area recorded before the marking reads as it always did.
    /// </summary>
    private static JsonObject AreaIlmd(AreaRegistered a)
    {
        var ilmd = new JsonObject
        {
            ["tr:facility"] = EpcisVocabulary.Facility(a.FacilityId),
            ["tr:name"] = a.Name,
            ["tr:commune"] = a.Commune,
            ["tr:district"] = a.District,
            ["tr:province"] = a.Province,
            ["tr:boundary"] = new JsonArray([.. Disclosures.PublicBoundary(a).Select(Point)]),
        };
        if (Disclosures.IsWithheld(a.OutlineDisclosure))
        {
            ilmd["tr:boundaryGeneralised"] = Outline.Description;
            ilmd[PublicFields.Rule(PrivateField.ExactOutline).DigestKey] = Disclosed(Outline.CanonicalText(a.Boundary), a.OutlineDisclosure);
        }

        ilmd["tr:species"] = new JsonArray([.. a.Species.Select(x => JsonValue.Create(x))]);
        ilmd["tr:certifications"] = new JsonArray([.. a.Certifications.Select(x => JsonValue.Create(x.ToString()))]);
        ilmd[Key(PrivateField.AreaOwner, a.OwnerDisclosure)] = Disclosed(a.Owner, a.OwnerDisclosure);
        return ilmd;
    }

    /// <summary>The EPCIS key of a private-by-default value: its clear key, or its digest key when withheld.</summary>
    private static string Key(PrivateField field, FieldDisclosure? disclosure)
    {
        var rule = PublicFields.Rule(field);
        return Disclosures.IsWithheld(disclosure) ? rule.DigestKey : rule.ClearKey;
    }

    /// <summary>A private-by-default text value as the hashed event carries it: its digest when withheld, else the value.</summary>
    private static string Disclosed(string value, FieldDisclosure? disclosure) =>
        Disclosures.IsWithheld(disclosure)
            ? Disclosures.DigestOf(value, disclosure) ?? throw new ArgumentException("A withheld value has no valid salt.", nameof(disclosure))
            : value;

    private static JsonObject Harvest(BatchHarvested h, DateTimeOffset recordedAt)
    {
        var json = Envelope("ObjectEvent", h.HarvestedAt, recordedAt);
        json["quantityList"] = new JsonArray(Quantity(EpcisVocabulary.Batch(h.BatchId), h.MassGrams));
        json["action"] = "ADD";
        json["bizStep"] = "commissioning";
        json["disposition"] = "active";
        json["readPoint"] = new JsonObject { ["id"] = EpcisVocabulary.Area(h.AreaCode) };
        json["bizLocation"] = new JsonObject { ["id"] = EpcisVocabulary.Area(h.AreaCode) };
        json["ilmd"] = new JsonObject
        {
            ["tr:facility"] = EpcisVocabulary.Facility(h.FacilityId),
            ["tr:species"] = h.Species,
            [Key(PrivateField.Harvester, h.HarvesterDisclosure)] = Disclosed(h.Harvester, h.HarvesterDisclosure),
            ["cbvmda:harvestStartDate"] = h.HarvestedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["cbvmda:countryOfOrigin"] = "VN",
        };
        return json;
    }

    private static JsonObject Step(StepRecorded s, DateTimeOffset recordedAt)
    {
        var json = Envelope("TransformationEvent", s.EndedAt, recordedAt);
        json["inputQuantityList"] = new JsonArray([.. s.Inputs.Select(i => Quantity(EpcisVocabulary.Batch(i.BatchId), i.MassGrams))]);
        json["outputQuantityList"] = new JsonArray([.. s.Outputs.Select(o => Quantity(EpcisVocabulary.Batch(o.BatchId), o.MassGrams))]);
        json["transformationID"] = EpcisVocabulary.Step(s.StepId);
        json["bizStep"] = s.Kind == StepKind.Packing ? "packing" : EpcisVocabulary.BizStep(s.Kind.ToString().ToLowerInvariant());
        json["readPoint"] = new JsonObject { ["id"] = EpcisVocabulary.Site(s.SiteId) };
        json["bizLocation"] = new JsonObject { ["id"] = EpcisVocabulary.Site(s.SiteId) };
        json["ilmd"] = new JsonObject
        {
            ["tr:facility"] = EpcisVocabulary.Facility(s.FacilityId),
            ["tr:startedAt"] = Time(s.StartedAt),
            [Key(PrivateField.Operator, s.OperatorDisclosure)] = Disclosed(s.Operator, s.OperatorDisclosure),
            ["tr:outputs"] = new JsonArray([.. s.Outputs.Select(o => new JsonObject { ["epcClass"] = EpcisVocabulary.Batch(o.BatchId), ["tr:description"] = o.Description })]),
        };
        return json;
    }

    private static JsonObject Lot(LotPacked l, DateTimeOffset recordedAt)
    {
        var json = Envelope("TransformationEvent", recordedAt, recordedAt);
        json["inputQuantityList"] = new JsonArray([.. l.Inputs.Select(i => Quantity(EpcisVocabulary.Batch(i.BatchId), i.MassGrams))]);
        json["outputQuantityList"] = new JsonArray(new JsonObject { ["epcClass"] = EpcisVocabulary.Lot(l.Gtin, l.LotCode), ["quantity"] = l.UnitCount });
        json["bizStep"] = "packing";
        json["readPoint"] = new JsonObject { ["id"] = EpcisVocabulary.Site(l.SiteId) };
        json["bizLocation"] = new JsonObject { ["id"] = EpcisVocabulary.Site(l.SiteId) };
        json["ilmd"] = new JsonObject
        {
            ["tr:facility"] = EpcisVocabulary.Facility(l.FacilityId),
            ["cbvmda:lotNumber"] = l.LotCode,
            ["cbvmda:productionDate"] = l.ProducedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["cbvmda:itemExpirationDate"] = l.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["cbvmda:netContentDescription"] = $"{l.NetMassPerUnitGrams} g",
        };
        return json;
    }

    /// <summary>
    /// A readings window as an OBSERVE ObjectEvent at the site (empty epcList: it is about the
    /// place; the batches there at the time are found through the steps), one sensorElement per
    /// device with its time span, sequence range and the digest of its raw readings as an
    /// RFC 6920 <c>ni:</c> URI in <c>rawData</c>, one sensorReport per sensor and quantity with
    /// its minimum, maximum and mean.
    /// </summary>
    private static JsonObject Readings(ReadingsRecorded r, DateTimeOffset recordedAt)
    {
        var json = Envelope("ObjectEvent", r.Devices.Max(d => d.To), recordedAt);
        json["epcList"] = new JsonArray();
        json["action"] = "OBSERVE";
        json["bizStep"] = "sensor_reporting";
        json["readPoint"] = new JsonObject { ["id"] = EpcisVocabulary.Site(r.SiteId) };
        json["bizLocation"] = new JsonObject { ["id"] = EpcisVocabulary.Site(r.SiteId) };
        json["sensorElementList"] = new JsonArray([.. r.Devices.Select(d => (JsonNode)new JsonObject
        {
            ["sensorMetadata"] = new JsonObject
            {
                ["startTime"] = Time(d.From),
                ["endTime"] = Time(d.To),
                ["deviceID"] = EpcisVocabulary.Device(d.DeviceId),
                ["rawData"] = NamedDigest(d.RawDigest),
                ["tr:firstSequence"] = d.FirstSequence,
                ["tr:lastSequence"] = d.LastSequence,
                ["tr:count"] = d.Count,
            },
            ["sensorReport"] = new JsonArray([.. d.Sensors.Select(s => (JsonNode)new JsonObject
            {
                ["type"] = SensorType(s.Quantity),
                ["minValue"] = s.Min,
                ["maxValue"] = s.Max,
                ["meanValue"] = s.Mean,
                ["uom"] = s.Unit,
                ["tr:sensor"] = s.SensorId,
                ["tr:quantity"] = s.Quantity,
                ["tr:count"] = s.Count,
            })]),
        })]);
        json["tr:facility"] = EpcisVocabulary.Facility(r.FacilityId);
        json["tr:window"] = EpcisVocabulary.ReadingsWindow(r.WindowId);
        return json;
    }

    /// <summary>
    /// A storage period as an OBSERVE ObjectEvent at the site, at the time the goods were taken
    /// out: batches by class as steps name them, lots as class-level GS1 Digital Link URIs as
    /// packing names them (no quantities: the period holds the goods, it does not weigh them), the
    /// window in <c>tr:startedAt</c>/<c>tr:endedAt</c> (ILMD is for ADD events only).
    /// </summary>
    private static JsonObject Storage(StorageRecorded s, DateTimeOffset recordedAt)
    {
        var json = Envelope("ObjectEvent", s.EndedAt, recordedAt);
        json["quantityList"] = new JsonArray([
            .. s.BatchIds.Select(b => (JsonNode)new JsonObject { ["epcClass"] = EpcisVocabulary.Batch(b) }),
            .. s.LotKeys.Select(l => (JsonNode)new JsonObject { ["epcClass"] = LotClass(l) }),
        ]);
        json["action"] = "OBSERVE";
        json["bizStep"] = "storing";
        json["disposition"] = "in_progress";
        json["readPoint"] = new JsonObject { ["id"] = EpcisVocabulary.Site(s.SiteId) };
        json["bizLocation"] = new JsonObject { ["id"] = EpcisVocabulary.Site(s.SiteId) };
        json["tr:facility"] = EpcisVocabulary.Facility(s.FacilityId);
        json["tr:storage"] = EpcisVocabulary.Storage(s.StorageId);
        json["tr:startedAt"] = Time(s.StartedAt);
        json["tr:endedAt"] = Time(s.EndedAt);
        return json;
    }

    /// <summary>The Digital Link class of a lot key; a key that does not split is kept under the platform's namespace.</summary>
    private static string LotClass(string lotKey) =>
        LotKeys.TrySplit(lotKey, out var gtin, out var lot) ? EpcisVocabulary.Lot(gtin, lot) : $"{EpcisVocabulary.Base}lot/{Uri.EscapeDataString(lotKey)}";

    /// <summary>
    /// A closed excursion as an OBSERVE ObjectEvent at the site, at its end: one sensorElement
    /// whose metadata gives its span and device and whose one report is the alarm
    /// (<c>ALARM_CONDITION</c>) with the peak as value (and as maximum above a limit, minimum
    /// below one); the limit crossed, the direction, the area beyond the limit and the profile
    /// (with its version) as <c>tr:</c> fields.
    /// </summary>
    private static JsonObject Excursion(ExcursionRecorded x, DateTimeOffset recordedAt)
    {
        var json = Envelope("ObjectEvent", x.EndedAt, recordedAt);
        json["epcList"] = new JsonArray();
        json["action"] = "OBSERVE";
        json["bizStep"] = "sensor_reporting";
        json["readPoint"] = new JsonObject { ["id"] = EpcisVocabulary.Site(x.SiteId) };
        json["bizLocation"] = new JsonObject { ["id"] = EpcisVocabulary.Site(x.SiteId) };
        var report = new JsonObject
        {
            ["type"] = SensorType(x.Quantity),
            ["exception"] = "ALARM_CONDITION",
            ["value"] = x.Peak,
        };
        if (x.Direction == "below")
        {
            report["minValue"] = x.Peak;
        }
        else
        {
            report["maxValue"] = x.Peak;
        }

        report["uom"] = x.Unit;
        report["tr:sensor"] = x.SensorId;
        report["tr:quantity"] = x.Quantity;
        json["sensorElementList"] = new JsonArray(new JsonObject
        {
            ["sensorMetadata"] = new JsonObject
            {
                ["time"] = Time(x.EndedAt),
                ["startTime"] = Time(x.StartedAt),
                ["endTime"] = Time(x.EndedAt),
                ["deviceID"] = EpcisVocabulary.Device(x.DeviceId),
            },
            ["sensorReport"] = new JsonArray(report),
        });
        json["tr:facility"] = EpcisVocabulary.Facility(x.FacilityId);
        json["tr:excursion"] = EpcisVocabulary.Excursion(x.ExcursionId);
        json["tr:direction"] = x.Direction;
        json["tr:limit"] = x.Limit;
        json["tr:area"] = x.Area;
        json["tr:profile"] = EpcisVocabulary.Profile(x.ProfileId);
        json["tr:profileVersion"] = x.ProfileVersion;
        return json;
    }

    /// <summary>
    /// A recall or withdrawal as an OBSERVE ObjectEvent of the lot's class (its GS1 Digital Link
    /// URI, as packing names it; no quantity: the decision covers the whole lot) at the time it was
    /// decided, by the facility (read point): CBV bizStep <c>holding</c>, disposition
    /// <c>recalled</c> for a recall and <c>non_sellable_other</c> for a withdrawal; the kind and
    /// the reason as <c>tr:</c> fields (ILMD is for ADD events only).
    /// </summary>
    private static JsonObject Recall(LotRecalled r, DateTimeOffset recordedAt)
    {
        var json = Envelope("ObjectEvent", r.DecidedAt, recordedAt);
        json["quantityList"] = new JsonArray(new JsonObject { ["epcClass"] = EpcisVocabulary.Lot(r.Gtin, r.LotCode) });
        json["action"] = "OBSERVE";
        json["bizStep"] = "holding";
        json["disposition"] = r.Kind switch
        {
            RecallKind.Recall => "recalled",
            RecallKind.Withdrawal => "non_sellable_other",
            _ => throw new ArgumentException($"No EPCIS disposition for recall kind {r.Kind}.", nameof(r)),
        };
        json["readPoint"] = new JsonObject { ["id"] = EpcisVocabulary.Facility(r.FacilityId) };
        json["tr:facility"] = EpcisVocabulary.Facility(r.FacilityId);
        json["tr:recallKind"] = r.Kind.ToString();
        json["tr:reason"] = r.Reason;
        return json;
    }

    /// <summary>The EPCIS 2.0 sensor measurement type of a platform quantity.</summary>
    private static string SensorType(string quantity) => quantity switch
    {
        "temperature" => "gs1:Temperature",
        "relative_humidity" => "gs1:RelativeHumidity",
        "moisture" => "gs1:Dimensionless",
        _ => $"{EpcisVocabulary.Prefix}:quantity-{quantity}",
    };

    /// <summary>A SHA-256 digest given in hex as an RFC 6920 named-information URI.</summary>
    private static string NamedDigest(string hex) =>
        "ni:///sha-256;" + Convert.ToBase64String(Convert.FromHexString(hex)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject Quantity(string epcClass, long grams) => new()
    {
        ["epcClass"] = epcClass,
        ["quantity"] = grams / 1000m,
        ["uom"] = "KGM",
    };

    private static JsonObject Point(GeoPoint p) => new() { ["latitude"] = p.Latitude, ["longitude"] = p.Longitude };

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
