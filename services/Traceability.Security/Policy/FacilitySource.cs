namespace Traceability.Security.Policy;

/// <summary>
/// Where the facility an operation is about comes from. Never the request body: either a route
/// parameter or the registered owner of the record the route names, looked up by the caller.
/// </summary>
public enum FacilitySource
{
    /// <summary>The operation is not about one facility.</summary>
    None,

    /// <summary>The <c>facility_id</c> route parameter (or request field bound from the route).</summary>
    Route,

    /// <summary>The facility that registered the site named by <c>site_id</c>.</summary>
    SiteOwner,

    /// <summary>The facility that registered the area named by <c>area_code</c>.</summary>
    AreaOwner,

    /// <summary>The facility that registered the product named by <c>gtin</c>.</summary>
    ProductOwner,

    /// <summary>The facility whose harvest or step produced the batch named by <c>batch_id</c>.</summary>
    BatchOwner,

    /// <summary>The facility that recorded the step named by <c>step_id</c>.</summary>
    StepOwner,

    /// <summary>The facility that recorded the storage period named by <c>storage_id</c>.</summary>
    StorageOwner,

    /// <summary>The facility that packed the lot named by <c>gtin</c> and <c>lot</c>.</summary>
    LotOwner,
}
