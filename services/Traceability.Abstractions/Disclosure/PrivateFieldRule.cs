namespace Traceability.Disclosure;

/// <summary>
/// One entry of the <see cref="PublicFields"/> catalogue: the private-by-default value, the event
/// that holds it, the request option by which the producer publishes it, and the EPCIS keys that
/// carry it in clear (published) or as its digest (withheld).
/// </summary>
public sealed record PrivateFieldRule(
    PrivateField Field,
    string Event,
    string RequestOption,
    string ClearKey,
    string DigestKey,
    string PrivateWhen);
