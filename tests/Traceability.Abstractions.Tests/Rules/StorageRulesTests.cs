using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>
/// A storage period holds the facility's own batches and lots at one of its sites, over a past
/// time window that starts once every one of them exists.
/// </summary>
public sealed class StorageRulesTests
{
    private const string ForeignBatchId = "XOP-2026-017";

    /// <summary>A lot of the neighbouring cooperative (GTIN-13 893 852100002 0).</summary>
    private const string ForeignLotKey = "08938521000020/XOP-2605";

    private static readonly StorageRecorded Stored = NgocLinh.Storage();

    private static CaptureDecision Check(StorageRecorded storage, FacilityHistory? history = null, CaptureContext? context = null) =>
        CaptureRules.Check((history ?? FacilityHistory.Packed()).Records, storage, context ?? NgocLinh.Context());

    /// <summary>The dried roots held in the store between drying and packing.</summary>
    private static StorageRecorded DriedRootsStored() =>
        Stored with
        {
            StorageId = "KHO-2026-000",
            StartedAt = NgocLinh.DryingEndedAt.AddHours(1),
            EndedAt = NgocLinh.StoredFrom.AddHours(-2),
            BatchIds = [NgocLinh.DriedBatchId],
            LotKeys = [],
        };

    [Fact]
    public void WhenThePackedLotIsHeldInTheStore_TheStorageIsAccepted() =>
        Decision.Accepted(Check(Stored));

    [Fact]
    public void WhenTheDriedRootsAreHeldBetweenDryingAndPacking_TheStorageIsAccepted() =>
        Decision.Accepted(Check(DriedRootsStored()));

    [Fact]
    public void WhenBatchesAndLotsAreHeldTogether_TheStorageIsAccepted() =>
        Decision.Accepted(Check(Stored with { BatchIds = [NgocLinh.HarvestBatchId, NgocLinh.DriedBatchId] }));

    [Theory]
    [InlineData(NgocLinh.StorageSiteId)]
    [InlineData(NgocLinh.DryingSiteId)]
    [InlineData(NgocLinh.ProcessingSiteId)]
    [InlineData(NgocLinh.ShopSiteId)]
    public void WhenGoodsAreHeldAtAnyOfTheFacilitysSites_TheStorageIsAccepted(string siteId) =>
        Decision.Accepted(Check(Stored with { SiteId = siteId }));

    [Theory]
    [InlineData("KHO 2026 001")]
    [InlineData("")]
    [InlineData("KHO/2026")]
    public void WhenTheStorageIdCannotBeAnIdentifier_ItIsRefusedOnStorageId(string storageId) =>
        Decision.Invalid(Check(Stored with { StorageId = storageId }), "storage_id");

    [Theory]
    [InlineData("NL KHO")]
    [InlineData("")]
    public void WhenTheSiteIdCannotBeAnIdentifier_ItIsRefusedOnSiteId(string siteId) =>
        Decision.Invalid(Check(Stored with { SiteId = siteId }), "site_id");

    [Fact]
    public void WhenTheStartIsMissing_ItIsRequired() =>
        Assert.Equal("is required", Decision.Invalid(Check(Stored with { StartedAt = default }), "started_at").Message);

    [Fact]
    public void WhenTheEndIsMissing_ItIsRequired() =>
        Assert.Equal("is required", Decision.Invalid(Check(Stored with { EndedAt = default }), "ended_at").Message);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-86_400)]
    public void WhenThePeriodEndsAtOrBeforeItsStart_ItIsRefusedOnEndedAt(int secondsAfterStart)
    {
        var violation = Decision.Invalid(Check(Stored with { EndedAt = Stored.StartedAt.AddSeconds(secondsAfterStart) }), "ended_at");

        Assert.Contains("must be after started_at", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenThePeriodEndsInTheFuture_ItIsRefusedOnEndedAt()
    {
        var violation = Decision.Invalid(Check(Stored with { EndedAt = NgocLinh.Now.AddSeconds(1) }), "ended_at");

        Assert.Contains("is in the future", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenThePeriodEndsThisVeryMoment_ItIsAccepted() =>
        Decision.Accepted(Check(Stored with { EndedAt = NgocLinh.Now }));

    [Fact]
    public void WhenNothingIsHeld_ItIsRefusedOnBatchIds()
    {
        var violation = Decision.Invalid(Check(Stored with { BatchIds = [], LotKeys = [] }), "batch_ids");

        Assert.Equal("at least one batch or lot is required", violation.Message);
    }

    [Fact]
    public void WhenTheListsAreMissing_TheyAreRefusedRatherThanThrown()
    {
        Decision.Invalid(Check(Stored with { BatchIds = null! }), "batch_ids");
        Decision.Invalid(Check(Stored with { LotKeys = null! }), "lot_keys");
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("SD 2026 001")]
    [InlineData("SD/2026/KHO")]
    public void WhenABatchIdCannotBeAnIdentifier_ItsIndexIsNamed(string? batchId) =>
        Decision.Invalid(Check(Stored with { BatchIds = [NgocLinh.DriedBatchId, batchId!] }), "batch_ids[1]");

    [Fact]
    public void WhenABatchIsListedTwice_TheSecondListingIsNamed()
    {
        var violation = Decision.Invalid(Check(Stored with { BatchIds = [NgocLinh.DriedBatchId, NgocLinh.HarvestBatchId, NgocLinh.DriedBatchId] }), "batch_ids[2]");

        Assert.Equal("batch 'SD-2026-001-KHO' is listed twice", violation.Message);
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData(null, "is required")]
    [InlineData("08938521000013", "is not a lot key {gtin14}/{lot}")]
    [InlineData("L2605-01", "is not a lot key {gtin14}/{lot}")]
    [InlineData("08938521000014/L2605-01", "the GTIN has a wrong check digit: expected 3, got 4")]
    [InlineData("8938521000013/L2605-01", "the GTIN must be given as 14 digits (08938521000013)")]
    [InlineData("0893852100001X/L2605-01", "the GTIN must contain digits only")]
    [InlineData("/L2605-01", "the GTIN is required")]
    [InlineData("08938521000013/", "the lot code is required")]
    [InlineData("08938521000013/L2605 01", "the lot code contains ' ', which is outside GS1 AI encodable character set 82")]
    [InlineData("08938521000013/Lô-01", "the lot code contains 'ô', which is outside GS1 AI encodable character set 82")]
    [InlineData("08938521000013/L2605-01-ABCDEFGHIJKLM", "the lot code must have at most 20 characters (GS1 AI 10), not 22")]
    public void WhenALotKeyIsNotAGtinAndALotCode_ItsIndexIsNamedWithWhatIsWrong(string? lotKey, string expected)
    {
        var violation = Decision.Invalid(Check(Stored with { LotKeys = [NgocLinh.LotKey, lotKey!] }), "lot_keys[1]");

        Assert.EndsWith(expected, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenALotCodeHoldsASlash_OnlyTheFirstSlashSeparatesItFromTheGtin() =>
        Decision.NotFound(Check(Stored with { LotKeys = ["08938521000013/L2605/01"] }), "lot_keys[0]");

    [Fact]
    public void WhenALotIsListedTwice_TheSecondListingIsNamed()
    {
        var violation = Decision.Invalid(Check(Stored with { LotKeys = [NgocLinh.LotKey, NgocLinh.LotKey] }), "lot_keys[1]");

        Assert.Equal("lot '08938521000013/L2605-01' is listed twice", violation.Message);
    }

    [Fact]
    public void WhenTheShapeIsWrong_ItIsReportedBeforeTheRecordsAreLookedAt() =>
        Decision.Invalid(Check(Stored with { SiteId = "XOP-KHO-01", LotKeys = ["nothing"] }), "lot_keys[0]");

    [Fact]
    public void WhenTheSiteIsNotOneOfTheFacilitysSites_ItIsNotFoundOnSiteId()
    {
        var violation = Decision.NotFound(Check(Stored with { SiteId = "XOP-KHO-01" }), "site_id");

        Assert.Equal("facility 'HTX-NGOCLINH' has no site 'XOP-KHO-01'", violation.Message);
    }

    [Fact]
    public void WhenABatchDoesNotExistAnywhere_ItIsNotFoundOnThatBatch()
    {
        var storage = Stored with { BatchIds = [NgocLinh.DriedBatchId, "SD-2026-999"] };

        var violation = Decision.NotFound(Check(storage, context: NgocLinh.Context(batchOwners: new Dictionary<string, string>())), "batch_ids[1]");

        Assert.Equal("batch 'SD-2026-999' does not exist", violation.Message);
    }

    [Fact]
    public void WhenABatchBelongsToAnotherFacility_ItIsRefusedNamingTheOwner()
    {
        var storage = Stored with { BatchIds = [NgocLinh.DriedBatchId, ForeignBatchId] };
        var owners = new Dictionary<string, string> { [ForeignBatchId] = NgocLinh.NeighbourFacilityId };

        var violation = Decision.Precondition(Check(storage, context: NgocLinh.Context(batchOwners: owners)), "batch_ids[1]");

        Assert.Equal("batch 'XOP-2026-017' belongs to facility 'HTX-XOP', not to the storing facility 'HTX-NGOCLINH'", violation.Message);
    }

    [Fact]
    public void WhenALotDoesNotExistAnywhere_ItIsNotFoundOnThatLot()
    {
        var violation = Decision.NotFound(Check(Stored with { LotKeys = [NgocLinh.LotKey, "08938521000013/L2605-99"] }), "lot_keys[1]");

        Assert.Equal("lot '08938521000013/L2605-99' does not exist", violation.Message);
    }

    [Fact]
    public void WhenALotBelongsToAnotherFacility_ItIsRefusedNamingTheOwner()
    {
        var owners = new Dictionary<string, string> { [ForeignLotKey] = NgocLinh.NeighbourFacilityId };
        var context = NgocLinh.Context() with { LotOwners = owners };

        var violation = Decision.Precondition(Check(Stored with { LotKeys = [ForeignLotKey] }, context: context), "lot_keys[0]");

        Assert.Equal("lot '08938521000020/XOP-2605' belongs to facility 'HTX-XOP', not to the storing facility 'HTX-NGOCLINH'", violation.Message);
    }

    [Fact]
    public void WhenTheFacilityPackedTheLot_WhatOthersSayAboutItsOwnerDoesNotMatter()
    {
        var context = NgocLinh.Context() with { LotOwners = new Dictionary<string, string> { [NgocLinh.LotKey] = NgocLinh.NeighbourFacilityId } };

        Decision.Accepted(Check(Stored, context: context));
    }

    [Fact]
    public void WhenTheLotIsNotPackedYet_ItIsNotFound() =>
        Decision.NotFound(Check(Stored, FacilityHistory.Dried()), "lot_keys[0]");

    [Fact]
    public void WhenABatchIsStoredBeforeItWasHarvested_ItIsRefusedNamingTheBatch()
    {
        var early = Stored with { StartedAt = NgocLinh.HarvestedAt.AddMinutes(-1), BatchIds = [NgocLinh.HarvestBatchId], LotKeys = [] };

        var violation = Decision.Precondition(Check(early), "batch_ids[0]");

        Assert.Contains("it cannot be stored from", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenABatchIsStoredFromTheMinuteItWasHarvested_ItIsAccepted() =>
        Decision.Accepted(Check(Stored with { StartedAt = NgocLinh.HarvestedAt, BatchIds = [NgocLinh.HarvestBatchId], LotKeys = [] }));

    [Fact]
    public void WhenTheDriedRootsAreStoredWhileStillBeingDried_ItIsRefused() =>
        Decision.Precondition(Check(DriedRootsStored() with { StartedAt = NgocLinh.DryingEndedAt.AddMinutes(-1) }), "batch_ids[0]");

    [Fact]
    public void WhenALotIsStoredBeforeTheDayItWasProduced_ItIsRefusedNamingTheLot()
    {
        // Produced on 25 May: from 25 May 00:00 UTC, 07:00 in Vietnam.
        var early = Stored with { StartedAt = new DateTimeOffset(2026, 5, 25, 6, 59, 0, TimeSpan.FromHours(7)) };

        var violation = Decision.Precondition(Check(early), "lot_keys[0]");

        Assert.Equal("lot '08938521000013/L2605-01' was produced on 2026-05-25; it cannot be stored from 2026-05-25T06:59:00.0000000+07:00", violation.Message);
    }

    [Fact]
    public void WhenALotIsStoredFromTheStartOfItsProductionDayInUtc_ItIsAccepted() =>
        Decision.Accepted(Check(Stored with { StartedAt = new DateTimeOffset(2026, 5, 25, 0, 0, 0, TimeSpan.Zero) }));

    [Fact]
    public void WhenTheSameGoodsAreStoredAgainInAnotherPeriod_ItIsAnotherRecord()
    {
        var history = FacilityHistory.Packed().With(Stored);

        Decision.Accepted(Check(Stored with { StorageId = "KHO-2026-002", SiteId = NgocLinh.ShopSiteId, StartedAt = NgocLinh.StoredUntil, EndedAt = NgocLinh.Now }, history));
    }

    [Fact]
    public void WhenTheFacilityIsNotRegistered_TheStorageWaitsForTheRegistration() =>
        Decision.Precondition(Check(Stored, FacilityHistory.Empty()), "facility_id");

    [Fact]
    public void WhenTheLotIsPacked_TheFacilityRecordsKnowIt()
    {
        var records = FacilityHistory.Packed().Records;

        var lot = Assert.Single(records.Lots);
        Assert.Equal(NgocLinh.LotKey, lot.Key);
        Assert.Equal(NgocLinh.PackedOn, lot.Value.ProducedOn);
        Assert.Empty(FacilityHistory.Dried().Records.Lots);
    }
}
