namespace Traceability.Api.Mapping;

/// <summary>Who an answer is for, which decides whether values producers withhold are in it (docs/public-fields.md).</summary>
public enum Audience
{
    /// <summary>Anyone: withheld values are left out, their digests kept; a withheld outline is generalised.</summary>
    Public,

    /// <summary>A reader the access policy let through to the facility's records: every value, with its digest and salt.</summary>
    Entitled,
}
