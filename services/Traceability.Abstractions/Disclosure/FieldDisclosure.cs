namespace Traceability.Disclosure;

/// <summary>
/// The producer's choice about one private-by-default value of an event, kept in the event:
/// <see cref="Published"/> in clear, or withheld behind a salted commitment whose 16-byte
/// <see cref="Salt"/> (base64url) is drawn once at capture. An event recorded before values were
/// marked carries none (null): it shows the value in clear, as it always did.
/// </summary>
/// <remarks>
/// A candidate may carry <see cref="Withhold"/> (withheld, salt not yet drawn) or no choice at all
/// (the catalogue's default); <see cref="Disclosures.Resolve"/> settles both before the rules run.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record FieldDisclosure(bool Published, string? Salt)
{
    /// <summary>The value is published in clear.</summary>
    public static FieldDisclosure Publish { get; } = new(true, null);

    /// <summary>The value is withheld; its salt is drawn at capture.</summary>
    public static FieldDisclosure Withhold { get; } = new(false, null);
}
