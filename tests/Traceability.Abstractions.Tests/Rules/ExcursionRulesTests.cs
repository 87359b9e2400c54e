using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>
/// A live excursion names its site, device, sensor and profile, crossed a limit one way by a
/// finite amount, and closed no later than a device clock a little ahead of the server allows.
/// </summary>
public sealed class ExcursionRulesTests
{
    private static readonly ExcursionRecorded TooWarm = NgocLinh.Excursion();

    private static CaptureDecision Check(ExcursionRecorded excursion, FacilityHistory? history = null) =>
        CaptureRules.Check((history ?? FacilityHistory.Registered()).Records, excursion, NgocLinh.Context());

    [Fact]
    public void WhenTheStoreWasTooWarm_TheExcursionIsAccepted() =>
        Decision.Accepted(Check(TooWarm));

    [Fact]
    public void WhenTheDryingHouseWasTooHumid_TheExcursionIsAccepted() =>
        Decision.Accepted(Check(TooWarm with { SiteId = NgocLinh.DryingSiteId, Quantity = "relative_humidity", Unit = "P1", Direction = "below", Limit = 40, Peak = 31.5 }));

    [Theory]
    [InlineData("site_id")]
    [InlineData("excursion_id")]
    [InlineData("device_id")]
    [InlineData("sensor_id")]
    [InlineData("profile_id")]
    public void WhenAnIdCannotBeAnIdentifier_ItIsRefusedOnThatId(string field)
    {
        foreach (var bad in new[] { "", "NL KHO", "T1/2", new string('x', 65) })
        {
            var excursion = field switch
            {
                "site_id" => TooWarm with { SiteId = bad },
                "excursion_id" => TooWarm with { ExcursionId = bad },
                "device_id" => TooWarm with { DeviceId = bad },
                "sensor_id" => TooWarm with { SensorId = bad },
                _ => TooWarm with { ProfileId = bad },
            };

            Decision.Invalid(Check(excursion), field);
        }
    }

    [Theory]
    [MemberData(nameof(RegistrationRulesTests.UnusableTexts), MemberType = typeof(RegistrationRulesTests))]
    public void WhenTheQuantityIsMissingOrUnusable_ItIsRefusedOnQuantity(string? quantity) =>
        Decision.Invalid(Check(TooWarm with { Quantity = quantity! }), "quantity");

    [Theory]
    [MemberData(nameof(RegistrationRulesTests.UnusableTexts), MemberType = typeof(RegistrationRulesTests))]
    public void WhenTheUnitIsMissingOrUnusable_ItIsRefusedOnUnit(string? unit) =>
        Decision.Invalid(Check(TooWarm with { Unit = unit! }), "unit");

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Above")]
    [InlineData("over")]
    [InlineData("above ")]
    public void WhenTheDirectionIsNeitherAboveNorBelow_ItIsRefusedOnDirection(string? direction)
    {
        var violation = Decision.Invalid(Check(TooWarm with { Direction = direction! }), "direction");

        Assert.StartsWith("must be above or below", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void WhenAValueIsNotFinite_ItIsRefusedOnThatValue(double value)
    {
        Decision.Invalid(Check(TooWarm with { Limit = value }), "limit");
        Decision.Invalid(Check(TooWarm with { Peak = value }), "peak");
        Decision.Invalid(Check(TooWarm with { Area = value }), "area");
    }

    [Fact]
    public void WhenTheAreaIsNegative_ItIsRefusedOnArea() =>
        Decision.Invalid(Check(TooWarm with { Area = -0.1 }), "area");

    [Fact]
    public void WhenTheAreaIsZero_ItIsAccepted() =>
        Decision.Accepted(Check(TooWarm with { Area = 0 }));

    [Fact]
    public void WhenALimitIsBelowZero_ItIsStillALimit() =>
        Decision.Accepted(Check(TooWarm with { Direction = "below", Limit = -18, Peak = -21.5 }));

    [Fact]
    public void WhenTheStartIsMissing_ItIsRequired() =>
        Assert.Equal("is required", Decision.Invalid(Check(TooWarm with { StartedAt = default }), "started_at").Message);

    [Fact]
    public void WhenTheEndIsMissing_ItIsRequired() =>
        Assert.Equal("is required", Decision.Invalid(Check(TooWarm with { EndedAt = default }), "ended_at").Message);

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void WhenTheExcursionEndsAtOrBeforeItsStart_ItIsRefusedOnEndedAt(int secondsAfterStart) =>
        Decision.Invalid(Check(TooWarm with { EndedAt = TooWarm.StartedAt.AddSeconds(secondsAfterStart) }), "ended_at");

    [Fact]
    public void WhenTheDeviceClockIsUpToFiveMinutesAhead_ItIsAccepted() =>
        Decision.Accepted(Check(TooWarm with { StartedAt = NgocLinh.Now, EndedAt = NgocLinh.Now.AddMinutes(5) }));

    [Fact]
    public void WhenTheExcursionEndsMoreThanFiveMinutesAhead_ItIsRefusedOnEndedAt()
    {
        var violation = Decision.Invalid(Check(TooWarm with { StartedAt = NgocLinh.Now, EndedAt = NgocLinh.Now.AddMinutes(5).AddSeconds(1) }), "ended_at");

        Assert.Contains("is in the future", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void WhenTheProfileVersionIsNotOneOrMore_ItIsRefusedOnProfileVersion(int version) =>
        Decision.Invalid(Check(TooWarm with { ProfileVersion = version }), "profile_version");

    [Fact]
    public void WhenTheSiteIsNotOneOfTheFacilitysSites_ItIsNotFoundOnSiteId()
    {
        var violation = Decision.NotFound(Check(TooWarm with { SiteId = "XOP-KHO-01" }), "site_id");

        Assert.Equal("facility 'HTX-NGOCLINH' has no site 'XOP-KHO-01'", violation.Message);
    }

    [Fact]
    public void WhenTheFacilityIsNotRegistered_TheExcursionWaitsForTheRegistration() =>
        Decision.Precondition(Check(TooWarm, FacilityHistory.Empty()), "facility_id");

    [Fact]
    public void WhenTheSameExcursionIsSentAgain_TheAnswerIsTheOriginalRecord()
    {
        var history = FacilityHistory.Registered();
        var original = history.Record(TooWarm);

        Assert.Same(original, Check(TooWarm with { }, history).Repeats);
    }

    [Fact]
    public void WhenTheSameExcursionIdComesWithAnotherPeak_ItAlreadyExists()
    {
        var history = FacilityHistory.Registered().With(TooWarm);

        Decision.Exists(Check(TooWarm with { Peak = 28 }, history), "excursion_id");
    }
}
