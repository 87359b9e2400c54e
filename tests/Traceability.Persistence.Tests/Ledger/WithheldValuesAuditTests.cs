using Traceability.Events;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;

namespace Traceability.Persistence.Tests.Ledger;

/// <summary>
/// The audit re-renders each stored fact and checks its hash: a fact with withheld values renders
/// from its stored salts, so it audits like any other; a changed salt or value is a changed fact.
/// </summary>
public sealed class WithheldValuesAuditTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WhenTheChainWithholdsValues_TheAuditRerendersEveryEventFromItsStoredSaltsAndFindsNothing()
    {
        await OcopChain.CreateAsync(_folder.StoreFile, OcopChain.WithheldFacts());

        var report = await LedgerAudit.RunAsync(_folder.Path);

        Assert.Empty(report.Divergences);
        Assert.Equal(11, report.Events);
    }

    [Fact]
    public async Task WhenEventsFromBeforeAndAfterTheMarkingShareALog_TheAuditFindsNothing()
    {
        var withheld = OcopChain.WithheldFacts();
        var mixed = OcopChain.Facts().Select((fact, i) => i % 2 == 0 ? fact : withheld[i]).ToList();
        await OcopChain.CreateAsync(_folder.StoreFile, mixed);

        var report = await LedgerAudit.RunAsync(_folder.Path);

        Assert.Empty(report.Divergences);
    }

    [Fact]
    public async Task WhenAWithheldHarvestersSaltIsChangedInTheStoredFact_TheAuditNamesTheHarvest()
    {
        var facts = OcopChain.WithheldFacts();
        var salt = ((BatchHarvested)facts[(int)OcopChain.FirstHarvestSeq - 1]).HarvesterDisclosure!.Salt!;
        await OcopChain.CreateAsync(_folder.StoreFile, facts);
        StoreTampering.AlterBody(_folder.StoreFile, OcopChain.FirstHarvestSeq, salt, (salt[0] == 'A' ? "B" : "A") + salt[1..]);

        var report = await LedgerAudit.RunAsync(_folder.Path);

        var divergence = Assert.Single(report.Divergences);
        Assert.Equal((OcopChain.FirstHarvestSeq, $"batch:{OcopChain.FirstHarvest}"), (divergence.Sequence, divergence.Record));
        Assert.Contains("the fact was altered", divergence.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAWithheldHarvestersNameIsChangedInTheStoredFact_TheAuditNamesTheHarvest()
    {
        await OcopChain.CreateAsync(_folder.StoreFile, OcopChain.WithheldFacts());
        StoreTampering.AlterBody(_folder.StoreFile, OcopChain.FirstHarvestSeq, "\"harvester\":\"A", "\"harvester\":\"Y");

        var report = await LedgerAudit.RunAsync(_folder.Path);

        var divergence = Assert.Single(report.Divergences);
        Assert.Equal(OcopChain.FirstHarvestSeq, divergence.Sequence);
        Assert.Contains("the fact was altered", divergence.What, StringComparison.Ordinal);
    }
}
