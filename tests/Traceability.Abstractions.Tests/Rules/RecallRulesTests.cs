using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>
/// Only the facility that packed a lot can take it back, with a reason, once the lot exists and
/// not in the future; a lot is withdrawn once and recalled once, and a withdrawal may be
/// escalated to a recall but not the other way round.
/// </summary>
public sealed class RecallRulesTests
{
    /// <summary>A lot of the neighbouring cooperative (GTIN-13 893 852100002 0).</summary>
    private const string ForeignGtin = "08938521000020";

    private const string ForeignLot = "XOP-2605";

    private static readonly LotRecalled Withdrawal = NgocLinh.Withdrawal();

    private static readonly LotRecalled Recall = NgocLinh.Recall();

    private static CaptureDecision Check(LotRecalled recall, FacilityHistory? history = null, CaptureContext? context = null) =>
        CaptureRules.Check((history ?? FacilityHistory.Packed()).Records, recall, context ?? NgocLinh.Context());

    private static FacilityHistory Withdrawn() => FacilityHistory.Packed().With(Withdrawal);

    [Fact]
    public void WhenThePackerWithdrawsItsLot_TheWithdrawalIsAccepted() =>
        Decision.Accepted(Check(Withdrawal));

    [Fact]
    public void WhenThePackerRecallsItsLotStraightAway_TheRecallIsAccepted() =>
        Decision.Accepted(Check(Recall));

    [Fact]
    public void WhenAWithdrawnLotIsRecalledLater_TheEscalationIsAccepted() =>
        Decision.Accepted(Check(Recall, Withdrawn()));

    [Fact]
    public void WhenTheLotIsStoredAndTheStoreWasTooWarm_ItCanStillBeWithdrawn() =>
        Decision.Accepted(Check(Withdrawal, FacilityHistory.Packed().With(NgocLinh.Storage(), NgocLinh.Excursion())));

    [Theory]
    [InlineData("", "is required")]
    [InlineData(null, "is required")]
    [InlineData("8938521000013", "must be given as 14 digits (08938521000013)")]
    [InlineData("08938521000014", "has a wrong check digit: expected 3, got 4")]
    [InlineData("0893852100001X", "must contain digits only")]
    public void WhenTheGtinIsNotAGtin14_ItIsRefusedOnGtin(string? gtin, string expected)
    {
        var violation = Decision.Invalid(Check(Withdrawal with { Gtin = gtin! }), "gtin");

        Assert.EndsWith(expected, violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("L2605 01")]
    [InlineData("Lô-01")]
    [InlineData("L2605-01-ABCDEFGHIJKLM")]
    public void WhenTheLotCodeIsNotAGs1LotCode_ItIsRefusedOnLot(string? lotCode) =>
        Decision.Invalid(Check(Withdrawal with { LotCode = lotCode! }), "lot");

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    public void WhenTheKindIsUnknown_ItIsRefusedNamingTheKnownKinds(int kind)
    {
        var violation = Decision.Invalid(Check(Withdrawal with { Kind = (RecallKind)kind }), "kind");

        Assert.Equal("must be one of Recall, Withdrawal", violation.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    [InlineData(null)]
    public void WhenTheReasonIsMissing_ItIsRequired(string? reason) =>
        Assert.Equal("is required", Decision.Invalid(Check(Withdrawal with { Reason = reason! }), "reason").Message);

    [Fact]
    public void WhenTheReasonIsLongerThan500Characters_ItIsRefusedOnReason()
    {
        var violation = Decision.Invalid(Check(Withdrawal with { Reason = new string('ố', 501) }), "reason");

        Assert.Equal("must have at most 500 characters, not 501", violation.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(201)]
    [InlineData(500)]
    public void WhenTheReasonHas1To500Characters_ItIsAccepted(int length) =>
        Decision.Accepted(Check(Withdrawal with { Reason = new string('ấ', length) }));

    [Fact]
    public void WhenTheReasonHoldsAControlCharacter_ItIsRefusedOnReason() =>
        Decision.Invalid(Check(Withdrawal with { Reason = "Nấm mốc\u0007" }), "reason");

    [Fact]
    public void WhenTheDecisionTimeIsMissing_ItIsRequired() =>
        Assert.Equal("is required", Decision.Invalid(Check(Withdrawal with { DecidedAt = default }), "decided_at").Message);

    [Fact]
    public void WhenTheDecisionIsInTheFuture_ItIsRefusedOnDecidedAt()
    {
        var violation = Decision.Invalid(Check(Withdrawal with { DecidedAt = NgocLinh.Now.AddSeconds(1) }), "decided_at");

        Assert.Contains("is in the future", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheDecisionIsTakenThisVeryMoment_ItIsAccepted() =>
        Decision.Accepted(Check(Withdrawal with { DecidedAt = NgocLinh.Now }));

    [Fact]
    public void WhenTheDecisionIsBeforeTheDayTheLotWasProduced_ItIsRefusedOnDecidedAt()
    {
        // Produced on 25 May: from 25 May 00:00 UTC, 07:00 in Vietnam.
        var early = Withdrawal with { DecidedAt = new DateTimeOffset(2026, 5, 25, 6, 59, 0, TimeSpan.FromHours(7)) };

        var violation = Decision.Precondition(Check(early), "decided_at");

        Assert.Equal("lot '08938521000013/L2605-01' was produced on 2026-05-25; it cannot be withdrawn before, at 2026-05-25T06:59:00.0000000+07:00", violation.Message);
    }

    [Fact]
    public void WhenTheDecisionIsAtTheStartOfTheProductionDayInUtc_ItIsAccepted() =>
        Decision.Accepted(Check(Recall with { DecidedAt = new DateTimeOffset(2026, 5, 25, 0, 0, 0, TimeSpan.Zero) }));

    [Fact]
    public void WhenTheShapeIsWrong_ItIsReportedBeforeTheRecordsAreLookedAt() =>
        Decision.Invalid(Check(Withdrawal with { LotCode = "L2605-99", Reason = "" }), "reason");

    [Fact]
    public void WhenTheLotDoesNotExistAnywhere_ItIsNotFoundOnLot()
    {
        var violation = Decision.NotFound(Check(Withdrawal with { LotCode = "L2605-99" }), "lot");

        Assert.Equal("lot '08938521000013/L2605-99' does not exist", violation.Message);
    }

    [Fact]
    public void WhenTheLotIsNotPackedYet_ItIsNotFound() =>
        Decision.NotFound(Check(Withdrawal, FacilityHistory.Dried()), "lot");

    [Fact]
    public void WhenANeighbourWithdrawsTheCooperativesLot_ItIsRefusedNamingThePacker()
    {
        var neighbours = Withdrawal with { Gtin = ForeignGtin, LotCode = ForeignLot };
        var context = NgocLinh.Context() with { LotOwners = new Dictionary<string, string> { [neighbours.LotKey] = NgocLinh.NeighbourFacilityId } };

        var violation = Decision.Precondition(Check(neighbours, context: context), "lot");

        Assert.Equal("lot '08938521000020/XOP-2605' belongs to facility 'HTX-XOP', not to the withdrawing facility 'HTX-NGOCLINH'", violation.Message);
    }

    [Fact]
    public void WhenANeighbourRecallsTheCooperativesLot_ItIsRefusedNamingThePacker()
    {
        var neighbours = Recall with { Gtin = ForeignGtin, LotCode = ForeignLot };
        var context = NgocLinh.Context() with { LotOwners = new Dictionary<string, string> { [neighbours.LotKey] = NgocLinh.NeighbourFacilityId } };

        var violation = Decision.Precondition(Check(neighbours, context: context), "lot");

        Assert.EndsWith("not to the recalling facility 'HTX-NGOCLINH'", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheFacilityPackedTheLot_WhatOthersSayAboutItsOwnerDoesNotMatter()
    {
        var context = NgocLinh.Context() with { LotOwners = new Dictionary<string, string> { [NgocLinh.LotKey] = NgocLinh.NeighbourFacilityId } };

        Decision.Accepted(Check(Withdrawal, context: context));
    }

    [Fact]
    public void WhenTheFacilityIsNotRegistered_TheWithdrawalWaitsForTheRegistration() =>
        Decision.Precondition(Check(Withdrawal, FacilityHistory.Empty()), "facility_id");

    [Fact]
    public void WhenTheSameWithdrawalIsSentAgain_TheAnswerIsTheFirstRecord()
    {
        var history = FacilityHistory.Packed();
        var first = history.Record(Withdrawal);

        var decision = Check(Withdrawal with { }, history);

        Assert.Same(first, decision.Repeats);
        Assert.Null(decision.Violation);
    }

    [Fact]
    public void WhenTheSameRecallIsSentAgainAfterTheEscalation_TheAnswerIsTheRecallNotTheWithdrawal()
    {
        var history = Withdrawn();
        var recalled = history.Record(Recall);

        Assert.Same(recalled, Check(Recall with { }, history).Repeats);
        Assert.NotSame(recalled, Check(Withdrawal with { }, history).Repeats);
    }

    [Fact]
    public void WhenTheLotIsWithdrawnASecondTimeForAnotherReason_ItAlreadyExistsNamingTheFirstDecision()
    {
        var violation = Decision.Exists(Check(Withdrawal with { Reason = "Bao bì bị rách" }, Withdrawn()), "lot");

        Assert.Equal(
            "lot '08938521000013/L2605-01' is already withdrawn, decided at 2026-05-28T10:00:00.0000000+07:00 for 'Phát hiện nấm mốc trong túi; thu hồi khỏi quầy để kiểm tra'; a lot is withdrawn once",
            violation.Message);
    }

    [Fact]
    public void WhenTheSameWithdrawalIsSentWithAnotherTime_ItIsNotTheSameFact() =>
        Decision.Exists(Check(Withdrawal with { DecidedAt = NgocLinh.WithdrawnAt.AddMinutes(1) }, Withdrawn()), "lot");

    [Fact]
    public void WhenTheLotIsRecalledTwice_TheSecondRecallAlreadyExists()
    {
        var history = FacilityHistory.Packed().With(Recall);

        var violation = Decision.Exists(Check(Recall with { Reason = "Nhãn sai hạn dùng" }, history), "lot");

        Assert.EndsWith("a lot is recalled once", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenARecalledLotIsWithdrawnAfterwards_ItIsRefusedAsAddingNothing()
    {
        var history = FacilityHistory.Packed().With(Recall);

        var violation = Decision.Precondition(Check(Withdrawal with { DecidedAt = NgocLinh.RecalledAt.AddHours(1) }, history), "kind");

        Assert.Equal("lot '08938521000013/L2605-01' is already recalled, decided at 2026-05-30T15:00:00.0000000+07:00; a withdrawal adds nothing to a recall", violation.Message);
    }

    [Fact]
    public void WhenTheRecallIsDecidedBeforeTheWithdrawalItEscalates_ItIsRefusedOnDecidedAt()
    {
        var violation = Decision.Precondition(Check(Recall with { DecidedAt = NgocLinh.WithdrawnAt.AddMinutes(-1) }, Withdrawn()), "decided_at");

        Assert.StartsWith("lot '08938521000013/L2605-01' was withdrawn at 2026-05-28T10:00:00.0000000+07:00", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheRecallIsDecidedAtTheVeryMomentOfTheWithdrawal_ItIsAccepted() =>
        Decision.Accepted(Check(Recall with { DecidedAt = NgocLinh.WithdrawnAt }, Withdrawn()));

    [Fact]
    public void WhenAWithdrawalIsRecorded_TheFacilityRecordsKnowItByLotAndKind()
    {
        var history = FacilityHistory.Packed();
        var recorded = history.Record(Withdrawal);

        Assert.Same(recorded, history.Records.RecallOf(NgocLinh.LotKey, RecallKind.Withdrawal));
        Assert.Null(history.Records.RecallOf(NgocLinh.LotKey, RecallKind.Recall));
        Assert.Null(history.Records.CreatorOf(new RecordKey(RecordKind.Lot, NgocLinh.LotKey))?.Event as LotRecalled);
    }

    [Fact]
    public void ARecallCreatesNothingAndBelongsToTheLotsAndTheFacilitysStreams()
    {
        Assert.Empty(Recall.Creates());
        Assert.Equal(["facility:HTX-NGOCLINH", "lot:08938521000013/L2605-01"], Recall.Touches().Select(k => k.Stream));
        Assert.Equal("lot:08938521000013/L2605-01", Recall.Subject().Stream);
        Assert.Equal("lot:08938521000013/L2605-01", NgocLinh.Lot().Subject().Stream);
    }
}
