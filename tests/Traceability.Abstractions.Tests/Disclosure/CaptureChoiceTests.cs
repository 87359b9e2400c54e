using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Disclosure;

/// <summary>
/// The producer's choice at capture (<see cref="Disclosures.Resolve"/>, as the facility grain applies
/// it before the rules): the default when it says nothing, a salt drawn once per withheld value, and
/// a resent request that is the same fact although it drew another salt.
/// </summary>
public sealed class CaptureChoiceTests
{
    private static int _salts;

    /// <summary>Distinct valid salts, so that a test sees which one a value got.</summary>
    private static string NextSalt() => Convert.ToBase64String(BitConverter.GetBytes((long)Interlocked.Increment(ref _salts)).Concat(new byte[8]).ToArray())
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static T Resolve<T>(T candidate, FacilityKind? kind = FacilityKind.Cooperative)
        where T : FacilityEvent => (T)Disclosures.Resolve(candidate, kind, NextSalt);

    [Fact]
    public void WhenTheProducerSaysNothing_TheHarvesterAndOperatorAreWithheldEachWithItsOwnSalt()
    {
        var harvest = Resolve(NgocLinh.Harvest());
        var drying = Resolve(NgocLinh.Drying());

        Assert.False(harvest.HarvesterDisclosure!.Published);
        Assert.True(Commitment.IsSalt(harvest.HarvesterDisclosure.Salt));
        Assert.False(drying.OperatorDisclosure!.Published);
        Assert.NotEqual(harvest.HarvesterDisclosure.Salt, drying.OperatorDisclosure.Salt);
        Assert.Equal("A Thị Bến", harvest.Harvester);
    }

    [Fact]
    public void WhenTheProducerPublishesTheHarvester_ItHasNoSalt() =>
        Assert.Equal(FieldDisclosure.Publish, Resolve(NgocLinh.Harvest() with { HarvesterDisclosure = FieldDisclosure.Publish }).HarvesterDisclosure);

    [Theory]
    [InlineData(FacilityKind.Household, false)]
    [InlineData(FacilityKind.Cooperative, true)]
    [InlineData(FacilityKind.Enterprise, true)]
    public void WhenTheProducerSaysNothing_AnAreasExactOutlineIsPublicUnlessItsFacilityIsAHousehold(FacilityKind kind, bool published)
    {
        var area = Resolve(NgocLinh.Area(), kind);

        Assert.Equal(published, area.OutlineDisclosure!.Published);
        Assert.Equal(published, area.OutlineDisclosure.Salt is null);
        Assert.False(area.OwnerDisclosure!.Published);
    }

    [Fact]
    public void ACooperativeMayWithholdItsOutlineAndAHouseholdPublishIt()
    {
        Assert.False(Resolve(NgocLinh.Area() with { OutlineDisclosure = FieldDisclosure.Withhold }, FacilityKind.Cooperative).OutlineDisclosure!.Published);
        Assert.Equal(FieldDisclosure.Publish, Resolve(NgocLinh.Area() with { OutlineDisclosure = FieldDisclosure.Publish }, FacilityKind.Household).OutlineDisclosure);
    }

    [Fact]
    public void AnEventThatAlreadyHasItsSalt_KeepsIt()
    {
        var once = Resolve(NgocLinh.Harvest());

        Assert.Equal(once, Resolve(once));
    }

    [Fact]
    public void EventsWithoutPrivateValuesAreLeftAsTheyAre()
    {
        var lot = NgocLinh.Lot();

        Assert.Same(lot, Disclosures.Resolve(lot, FacilityKind.Cooperative, () => throw new InvalidOperationException("no salt is needed")));
    }

    /// <summary>A new area, a harvest and a drying step: each with a private-by-default value.</summary>
    private static readonly Dictionary<string, Func<FacilityEvent>> WithPrivateValues = new()
    {
        [nameof(AreaRegistered)] = () => NgocLinh.Area() with { AreaCode = "NL-TK124-K1-L1" },
        [nameof(BatchHarvested)] = () => NgocLinh.Harvest(),
        [nameof(StepRecorded)] = () => NgocLinh.Drying(),
    };

    public static TheoryData<string> Facts() => [.. WithPrivateValues.Keys];

    [Theory]
    [MemberData(nameof(Facts))]
    public void WhenAWithheldRecordIsSentAgain_ItsNewSaltDoesNotMakeItAnotherFact(string fact)
    {
        var history = FacilityHistory.Registered();
        if (fact == nameof(StepRecorded))
        {
            history.With(Resolve(NgocLinh.Harvest()));
        }

        var original = history.Record(Resolve(WithPrivateValues[fact]()));
        var resent = Resolve(WithPrivateValues[fact]());

        var decision = CaptureRules.Check(history.Records, resent, NgocLinh.Context(NgocLinh.Area(), NgocLinh.Product()));

        Assert.NotEqual(EventJson.Serialize(original.Event), EventJson.Serialize(resent));
        Assert.Same(original, decision.Repeats);
    }

    [Fact]
    public void WhenTheSameHarvestIsSentAgainWithTheOtherChoice_ItAlreadyExists()
    {
        var history = FacilityHistory.Registered().With(Resolve(NgocLinh.Harvest()));

        var published = Resolve(NgocLinh.Harvest() with { HarvesterDisclosure = FieldDisclosure.Publish });

        Decision.Exists(CaptureRules.Check(history.Records, published, NgocLinh.HarvestContext()), "batch_id");
    }

    [Fact]
    public void WhenAHarvestRecordedBeforeTheMarkingIsSentAgain_ItIsAnsweredWithThatRecord()
    {
        var history = FacilityHistory.Harvested();

        var decision = CaptureRules.Check(history.Records, Resolve(NgocLinh.Harvest()), NgocLinh.HarvestContext());

        Assert.NotNull(decision.Repeats);
        Assert.Null(((BatchHarvested)decision.Repeats.Event).HarvesterDisclosure);
    }

    [Fact]
    public void AWithheldValueWithoutAValidSaltIsRefused()
    {
        var history = FacilityHistory.Registered();

        Decision.Invalid(CaptureRules.Check(history.Records, NgocLinh.Harvest() with { HarvesterDisclosure = FieldDisclosure.Withhold }, NgocLinh.HarvestContext()), "publish_harvester");
        Decision.Invalid(CaptureRules.Check(history.Records, NgocLinh.Drying() with { OperatorDisclosure = new(false, "short") }, NgocLinh.Context()), "publish_operator");
        Decision.Invalid(CaptureRules.Check(history.Records, NgocLinh.Area() with { AreaCode = "NL-TK124-K1-L1", OwnerDisclosure = new(true, NextSalt()) }, NgocLinh.Context()), "publish_owner");
    }
}
