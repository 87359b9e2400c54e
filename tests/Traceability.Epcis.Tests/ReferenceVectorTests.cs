namespace Traceability.Epcis.Tests;

/// <summary>
/// The GS1 reference implementation's own vectors (RalphTro/epcis-event-hash-generator): for every
/// event of every document, in order, the same pre-hash string and the same hash ID.
/// </summary>
public sealed class ReferenceVectorTests
{
    public static TheoryData<string> Vectors() => [.. Fixture.Vectors()];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void EveryEventHasTheReferencePreHashString(string vector)
    {
        var events = EpcisDocuments.Events(Fixture.Json(Fixture.Path_("epcis-hash", vector + ".jsonld")));

        var preHashes = events.Select(e => EventHash.PreHash(e)).ToArray();

        Assert.Equal(Fixture.Lines(Fixture.Path_("epcis-hash", vector + ".prehashes")), preHashes);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void EveryEventHasTheReferenceHashId(string vector)
    {
        var events = EpcisDocuments.Events(Fixture.Json(Fixture.Path_("epcis-hash", vector + ".jsonld")));

        var hashes = events.Select(e => EventHash.Compute(e)).ToArray();

        Assert.Equal(Fixture.Lines(Fixture.Path_("epcis-hash", vector + ".hashes")), hashes);
    }

    [Fact]
    public void EveryVectorIsThere() => Assert.Equal(7, Fixture.Vectors().Count());
}
