using System.Collections.Frozen;

namespace Traceability.Security.Policy;

/// <summary>
/// Every entry point that exists, mapped to what it asks of <see cref="AccessPolicy"/>: each gRPC
/// method (by its full path, <c>/traceability.v1.Service/Method</c>) and each HTTP route (the
/// JSON transcoding of those methods and the Web project's own routes). An entry point missing
/// here has no rule; the tests fail for every generated gRPC method and every mapped route
/// without one, so a new method cannot be added silently.
/// </summary>
public static class InterfaceMap
{
    private static readonly OperationTemplate Public = new(OperationKind.PublicTrace);
    private static readonly OperationTemplate Platform = new(OperationKind.ReadPlatform);
    private static readonly OperationTemplate Reference = new(OperationKind.ReadReference);
    private static readonly OperationTemplate Keys = new(OperationKind.ManageKeys);
    private static readonly OperationTemplate Devices = new(OperationKind.ManageDevices);

    private static OperationTemplate Capture(RecordKind record, FacilitySource from = FacilitySource.Route) => new(OperationKind.Capture, record, from);

    private static OperationTemplate Read(FacilitySource from) => new(OperationKind.ReadFacility, Facility: from);

    /// <summary>gRPC methods by full path.</summary>
    public static FrozenDictionary<string, OperationTemplate> GrpcMethods { get; } = new Dictionary<string, OperationTemplate>
    {
        ["/traceability.v1.Registry/RegisterFacility"] = new(OperationKind.RegisterFacility),
        ["/traceability.v1.Registry/GetFacility"] = Read(FacilitySource.Route),
        ["/traceability.v1.Registry/RegisterSite"] = Capture(RecordKind.Site),
        ["/traceability.v1.Registry/GetSite"] = Read(FacilitySource.SiteOwner),
        ["/traceability.v1.Registry/RegisterArea"] = Capture(RecordKind.Area),
        ["/traceability.v1.Registry/GetArea"] = Read(FacilitySource.AreaOwner),
        ["/traceability.v1.Registry/RegisterProduct"] = Capture(RecordKind.Product),
        ["/traceability.v1.Registry/GetProduct"] = Read(FacilitySource.ProductOwner),
        ["/traceability.v1.Batches/Harvest"] = Capture(RecordKind.Harvest),
        ["/traceability.v1.Batches/HarvestBatch"] = Capture(RecordKind.Harvest),
        ["/traceability.v1.Batches/GetBatch"] = Read(FacilitySource.BatchOwner),
        ["/traceability.v1.Processing/RecordStep"] = Capture(RecordKind.Step),
        ["/traceability.v1.Processing/GetStep"] = Read(FacilitySource.StepOwner),
        ["/traceability.v1.Processing/RecordStorage"] = Capture(RecordKind.Storage),
        ["/traceability.v1.Processing/GetStorage"] = Read(FacilitySource.StorageOwner),
        ["/traceability.v1.Lots/Pack"] = Capture(RecordKind.Lot),
        ["/traceability.v1.Lots/GetLot"] = Read(FacilitySource.LotOwner),
        ["/traceability.v1.Lots/ListLots"] = Platform,
        // The body's facilityId is not trusted: the recall is the lot packer's to make.
        ["/traceability.v1.Lots/RecallLot"] = Capture(RecordKind.Recall, FacilitySource.LotOwner),
        ["/traceability.v1.Trace/TraceLot"] = Public,
        // The trace with the values its producers withhold from the public (docs/public-fields.md).
        ["/traceability.v1.Trace/TraceLotFull"] = Read(FacilitySource.LotOwner),
        // A forward trace reveals where a batch went downstream: the batch owner's read.
        ["/traceability.v1.Trace/RecallBatch"] = Read(FacilitySource.BatchOwner),
        // The contract: only /healthz, the Digital Link pages, the trace and the proof are
        // open. Buyers compare a bundle's key with the one the trace page names.
        ["/traceability.v1.Ledger/GetSigningKey"] = Reference,
        ["/traceability.v1.Ledger/ListLogs"] = Platform,
        ["/traceability.v1.Ledger/GetCheckpoint"] = Read(FacilitySource.Route),
        ["/traceability.v1.Ledger/CutCheckpoints"] = new(OperationKind.OperateLedger),
        ["/traceability.v1.Ledger/GetConsistencyProof"] = Read(FacilitySource.Route),
        ["/traceability.v1.Ledger/ListAnchors"] = Platform,
        ["/traceability.v1.Ledger/GetLotAnchorStatus"] = Read(FacilitySource.LotOwner),
        ["/traceability.v1.Ledger/GetLotProof"] = Public,
        ["/traceability.v1.Readings/ListSiteReadings"] = Read(FacilitySource.SiteOwner),
        ["/traceability.v1.Readings/ListDeadLetters"] = Platform,
        ["/traceability.v1.Readings/ListDevices"] = Platform,
        ["/traceability.v1.Readings/GetIngestionStatus"] = Platform,
        ["/traceability.v1.Conditions/GetLotConditions"] = Read(FacilitySource.LotOwner),
        ["/traceability.v1.Conditions/GetSiteConditions"] = Read(FacilitySource.SiteOwner),
        ["/traceability.v1.Conditions/ListAssessments"] = Platform,
        ["/traceability.v1.Conditions/ListProfiles"] = Reference,
        ["/traceability.v1.Conditions/GetProfile"] = Reference,
        ["/traceability.v1.Conditions/PutProfile"] = new(OperationKind.ChangeConditionProfile),
        // Any signed-in person may ask who the platform takes them for.
        ["/traceability.v1.Access/WhoAmI"] = Reference,
        ["/traceability.v1.Access/IssueKey"] = Keys,
        ["/traceability.v1.Access/ListKeys"] = Keys,
        ["/traceability.v1.Access/RotateKey"] = Keys,
        ["/traceability.v1.Access/RevokeKey"] = Keys,
        // The audit log names every principal and what each was refused: the key managers' read.
        ["/traceability.v1.Access/ListAudit"] = Keys,
        ["/traceability.v1.Access/VerifyAudit"] = Keys,
        ["/traceability.v1.DeviceAccounts/RegisterDevice"] = Devices,
        ["/traceability.v1.DeviceAccounts/RotateDevice"] = Devices,
        ["/traceability.v1.DeviceAccounts/RevokeDevice"] = Devices,
        ["/traceability.v1.DeviceAccounts/ListDeviceAccounts"] = Devices,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The HTTP/JSON transcoding of each gRPC method (its <c>google.api.http</c> rule), by full gRPC path.</summary>
    public static FrozenDictionary<string, HttpRoute> TranscodedRoutes { get; } = new Dictionary<string, HttpRoute>
    {
        ["/traceability.v1.Registry/RegisterFacility"] = new("POST", "/v1/facilities"),
        ["/traceability.v1.Registry/GetFacility"] = new("GET", "/v1/facilities/{facility_id}"),
        ["/traceability.v1.Registry/RegisterSite"] = new("POST", "/v1/facilities/{facility_id}/sites"),
        ["/traceability.v1.Registry/GetSite"] = new("GET", "/v1/sites/{site_id}"),
        ["/traceability.v1.Registry/RegisterArea"] = new("POST", "/v1/facilities/{facility_id}/areas"),
        ["/traceability.v1.Registry/GetArea"] = new("GET", "/v1/areas/{area_code}"),
        ["/traceability.v1.Registry/RegisterProduct"] = new("POST", "/v1/facilities/{facility_id}/products"),
        ["/traceability.v1.Registry/GetProduct"] = new("GET", "/v1/products/{gtin}"),
        ["/traceability.v1.Batches/Harvest"] = new("POST", "/v1/facilities/{facility_id}/harvests"),
        ["/traceability.v1.Batches/HarvestBatch"] = new("POST", "/v1/facilities/{facility_id}/harvests:batch"),
        ["/traceability.v1.Batches/GetBatch"] = new("GET", "/v1/batches/{batch_id}"),
        ["/traceability.v1.Processing/RecordStep"] = new("POST", "/v1/facilities/{facility_id}/steps"),
        ["/traceability.v1.Processing/GetStep"] = new("GET", "/v1/steps/{step_id}"),
        ["/traceability.v1.Processing/RecordStorage"] = new("POST", "/v1/facilities/{facility_id}/storage"),
        ["/traceability.v1.Processing/GetStorage"] = new("GET", "/v1/storage/{storage_id}"),
        ["/traceability.v1.Lots/Pack"] = new("POST", "/v1/facilities/{facility_id}/lots"),
        ["/traceability.v1.Lots/GetLot"] = new("GET", "/v1/lots/{gtin}/{lot}"),
        ["/traceability.v1.Lots/ListLots"] = new("GET", "/v1/lots"),
        ["/traceability.v1.Lots/RecallLot"] = new("POST", "/v1/lots/{gtin}/{lot}/recall"),
        ["/traceability.v1.Trace/TraceLot"] = new("GET", "/v1/lots/{gtin}/{lot}/trace"),
        ["/traceability.v1.Trace/TraceLotFull"] = new("GET", "/v1/lots/{gtin}/{lot}/trace/full"),
        ["/traceability.v1.Trace/RecallBatch"] = new("GET", "/v1/batches/{batch_id}/recall"),
        ["/traceability.v1.Ledger/GetSigningKey"] = new("GET", "/v1/ledger/key"),
        ["/traceability.v1.Ledger/ListLogs"] = new("GET", "/v1/ledger/logs"),
        ["/traceability.v1.Ledger/GetCheckpoint"] = new("GET", "/v1/ledger/logs/{facility_id}/checkpoint"),
        ["/traceability.v1.Ledger/CutCheckpoints"] = new("POST", "/v1/ledger/checkpoints"),
        ["/traceability.v1.Ledger/GetConsistencyProof"] = new("GET", "/v1/ledger/logs/{facility_id}/consistency"),
        ["/traceability.v1.Ledger/ListAnchors"] = new("GET", "/v1/ledger/anchors"),
        ["/traceability.v1.Ledger/GetLotAnchorStatus"] = new("GET", "/v1/lots/{gtin}/{lot}/anchor"),
        ["/traceability.v1.Ledger/GetLotProof"] = new("GET", "/v1/lots/{gtin}/{lot}/proof"),
        ["/traceability.v1.Readings/ListSiteReadings"] = new("GET", "/v1/sites/{site_id}/readings"),
        ["/traceability.v1.Readings/ListDeadLetters"] = new("GET", "/v1/ingestion/dead-letters"),
        ["/traceability.v1.Readings/ListDevices"] = new("GET", "/v1/ingestion/devices"),
        ["/traceability.v1.Readings/GetIngestionStatus"] = new("GET", "/v1/ingestion/status"),
        ["/traceability.v1.Conditions/GetLotConditions"] = new("GET", "/v1/lots/{gtin}/{lot}/conditions"),
        ["/traceability.v1.Conditions/GetSiteConditions"] = new("GET", "/v1/sites/{site_id}/conditions"),
        ["/traceability.v1.Conditions/ListAssessments"] = new("GET", "/v1/conditions/assessments"),
        ["/traceability.v1.Conditions/ListProfiles"] = new("GET", "/v1/conditions/profiles"),
        ["/traceability.v1.Conditions/GetProfile"] = new("GET", "/v1/conditions/profiles/{profile_id}"),
        ["/traceability.v1.Conditions/PutProfile"] = new("PUT", "/v1/conditions/profiles/{profile_id}"),
        ["/traceability.v1.Access/WhoAmI"] = new("GET", "/v1/access/me"),
        ["/traceability.v1.Access/IssueKey"] = new("POST", "/v1/access/keys"),
        ["/traceability.v1.Access/ListKeys"] = new("GET", "/v1/access/keys"),
        ["/traceability.v1.Access/RotateKey"] = new("POST", "/v1/access/keys/{key_id}/rotate"),
        ["/traceability.v1.Access/RevokeKey"] = new("POST", "/v1/access/keys/{key_id}/revoke"),
        ["/traceability.v1.Access/ListAudit"] = new("GET", "/v1/access/audit"),
        ["/traceability.v1.Access/VerifyAudit"] = new("GET", "/v1/access/audit/verify"),
        ["/traceability.v1.DeviceAccounts/RegisterDevice"] = new("POST", "/v1/facilities/{facility_id}/sites/{site_id}/devices"),
        ["/traceability.v1.DeviceAccounts/RotateDevice"] = new("POST", "/v1/devices/{device_id}/rotate"),
        ["/traceability.v1.DeviceAccounts/RevokeDevice"] = new("POST", "/v1/devices/{device_id}/revoke"),
        ["/traceability.v1.DeviceAccounts/ListDeviceAccounts"] = new("GET", "/v1/devices"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The routes the server maps itself (services/Traceability.Web), outside the transcoded API.</summary>
    public static FrozenDictionary<HttpRoute, OperationTemplate> WebRoutes { get; } = new Dictionary<HttpRoute, OperationTemplate>
    {
        [new("GET", "/healthz")] = new(OperationKind.Health),
        [new("GET", "/01/{**rest}")] = Public,
        [new("GET", "/gtin/{**rest}")] = Public,
        // The trace page's verifier script: part of the public page.
        [new("GET", "/assets/{name}")] = Public,
        // QR codes and label sheets are printed by the lot's packer.
        [new("GET", "/v1/lots/{gtin}/{lot}/qr.svg")] = Read(FacilitySource.LotOwner),
        [new("GET", "/v1/lots/{gtin}/{lot}/qr.png")] = Read(FacilitySource.LotOwner),
        [new("GET", "/v1/lots/{gtin}/{lot}/labels")] = Read(FacilitySource.LotOwner),
    }.ToFrozenDictionary();

    /// <summary>The template for an HTTP route, whether transcoded or the Web project's own; null when it has none.</summary>
    public static OperationTemplate? ForHttp(HttpRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (WebRoutes.TryGetValue(route, out var web))
        {
            return web;
        }

        foreach (var (method, transcoded) in TranscodedRoutes)
        {
            if (transcoded == route)
            {
                return GrpcMethods.GetValueOrDefault(method);
            }
        }

        return null;
    }
}
