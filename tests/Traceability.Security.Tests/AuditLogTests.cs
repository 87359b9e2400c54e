using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Traceability.Security.Audit;
using Traceability.Security.Policy;
using Traceability.Security.Principals;

namespace Traceability.Security.Tests;

public sealed class AuditLogTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly AuditLog _log;

    public AuditLogTests() => _log = AuditLog.InDataDirectory(_folder.Path, _time);

    public void Dispose()
    {
        _log.Dispose();
        _folder.Dispose();
    }

    private string DbPath => _folder.File("security.db");

    private void AppendFive()
    {
        var operatorB = Principal.ForOperator("op-b", "FAC-B");
        for (var i = 0; i < 5; i++)
        {
            var operation = Operation.Capture(RecordKind.Harvest, i % 2 == 0 ? "FAC-A" : "FAC-B");
            _log.Record(i == 3 ? null : operatorB, "192.0.2.7", operation, $"batch-{i}", AccessPolicy.Decide(i == 3 ? null : operatorB, operation));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void AnEntryRecordsWhoWhatWhenFromWhereAndTheOutcome()
    {
        var operatorB = Principal.ForOperator("op-b", "FAC-B");
        var operation = Operation.Capture(RecordKind.Lot, "FAC-A");

        var entry = _log.Record(operatorB, "192.0.2.7", operation, "lot 08930000000017/L1", AccessPolicy.Decide(operatorB, operation));

        Assert.Equal(1, entry.Sequence);
        Assert.Equal(_time.GetUtcNow(), entry.At);
        Assert.Equal("operator:op-b", entry.Who);
        Assert.Equal("192.0.2.7", entry.From);
        Assert.Equal("capture Lot of FAC-A", entry.Operation);
        Assert.Equal("lot 08930000000017/L1", entry.Target);
        Assert.False(entry.Allowed);
        Assert.Contains("only the operator of facility FAC-A", entry.Reason, StringComparison.Ordinal);
        Assert.Equal([entry], _log.Read());
    }

    [Fact]
    public void EntriesAndHeadsCompareByTheirBytes()
    {
        AppendFive();

        Assert.Equal(_log.Read(), _log.Read());
        Assert.Equal(_log.Head(), _log.Head());
        Assert.NotEqual(_log.Read()[0], _log.Read()[1]);
    }

    [Fact]
    public void TheAbsenceOfAPrincipalIsRecordedAsAnonymous()
    {
        var entry = _log.Record(null, null, Operation.ReadPlatform(), null, AccessPolicy.Decide(null, Operation.ReadPlatform()));

        Assert.Equal("anonymous", entry.Who);
        Assert.Null(entry.From);
    }

    [Fact]
    public void EachEntryChainsToTheOneBefore()
    {
        AppendFive();

        var entries = _log.Read();

        Assert.Equal(new byte[32], entries[0].PreviousHash.ToArray());
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash.ToArray(), entries[i].PreviousHash.ToArray());
        }

        Assert.Equal(new ChainVerification(true, 5, null, null), _log.VerifyChain());
    }

    [Fact]
    public void AnEmptyLogIsIntact()
    {
        Assert.True(_log.VerifyChain().Intact);
        Assert.Null(_log.Head());
    }

    [Fact]
    public void TheLogRefusesUpdatesAndDeletes()
    {
        AppendFive();

        var update = Assert.Throws<SqliteException>(() => Sql("UPDATE audit_log SET allowed = 1 WHERE seq = 2"));
        var delete = Assert.Throws<SqliteException>(() => Sql("DELETE FROM audit_log WHERE seq = 2"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.True(_log.VerifyChain().Intact);
    }

    [Theory]
    [InlineData("allowed = 1")]
    [InlineData("reason = 'allowed after all'")]
    [InlineData("who = 'operator:op-a'")]
    [InlineData("remote = '10.0.0.1'")]
    [InlineData("remote = NULL")]
    [InlineData("operation = 'capture Harvest of FAC-B'")]
    [InlineData("target = 'batch-9'")]
    [InlineData("at_ticks = at_ticks + 1")]
    public void AnEditMadeAroundTheTriggersIsFoundAtItsEntry(string edit)
    {
        AppendFive();

        Sql($"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET {edit} WHERE seq = 3");
        var verification = _log.VerifyChain();

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBadSequence);
        Assert.Contains("entry 3 was altered", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEditWithItsHashRecomputedBreaksTheLinkToTheNextEntry()
    {
        AppendFive();
        var third = _log.Read()[2];
        var forged = AuditChain.Hash(third.PreviousHash.Span, 3, third.At, third.Who, third.From, third.Operation, third.Target, allowed: true, third.Reason);

        Sql($"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET allowed = 1, hash = x'{Convert.ToHexString(forged)}' WHERE seq = 3");
        var verification = _log.VerifyChain();

        Assert.Equal(4, verification.FirstBadSequence);
        Assert.Contains("does not follow entry 3", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ADeletedEntryIsNamed()
    {
        AppendFive();

        Sql("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2");
        var verification = _log.VerifyChain();

        Assert.False(verification.Intact);
        Assert.Equal(2, verification.FirstBadSequence);
        Assert.Contains("entry 2 is missing", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ADeletedAndRenumberedEntryBreaksTheChain()
    {
        AppendFive();

        Sql("""
            DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;
            DELETE FROM audit_log WHERE seq = 2;
            UPDATE audit_log SET seq = seq - 1 WHERE seq > 2;
            """);

        Assert.Equal(2, _log.VerifyChain().FirstBadSequence);
    }

    [Fact]
    public void EntriesRemovedFromTheEndAreFoundAgainstAKnownHead()
    {
        AppendFive();
        var head = _log.Head()!;

        Sql("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 4");

        Assert.True(_log.VerifyChain().Intact);
        var verification = _log.VerifyChain(head);
        Assert.False(verification.Intact);
        Assert.Equal(4, verification.FirstBadSequence);
        Assert.Contains("missing from the end", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ARewrittenTailIsFoundAgainstAKnownHead()
    {
        AppendFive();
        var head = _log.Head()!;
        Sql("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 5");
        _log.Append("operator:op-b", null, "something else", null, true, "rewritten");

        Assert.True(_log.VerifyChain().Intact);
        Assert.Equal(5, _log.VerifyChain(head).FirstBadSequence);
    }

    [Fact]
    public void EntriesAfterAKnownHeadAreFine()
    {
        AppendFive();
        var head = _log.Head()!;
        _log.Append("admin:root", null, "ManageKeys", "key 1", true, "only an admin may manage keys");

        Assert.True(_log.VerifyChain(head).Intact);
        Assert.Equal(6, _log.Head()!.Sequence);
    }

    [Fact]
    public void ConcurrentAppendsKeepOneUnbrokenChain()
    {
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            _log.Append($"operator:op-{i % 7}", "192.0.2.1", "capture Step of F1", $"step-{i}", i % 3 != 0, "reason"));

        var verification = _log.VerifyChain();

        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(200, verification.EntriesChecked);
    }

    [Fact]
    public void TheChainContinuesAcrossReopening()
    {
        AppendFive();
        _log.Dispose();

        using var reopened = AuditLog.InDataDirectory(_folder.Path, _time);
        var sixth = reopened.Append("admin:root", "::1", "RegisterFacility", "FAC-C", true, "only an admin may register a facility");

        Assert.Equal(6, sixth.Sequence);
        Assert.True(reopened.VerifyChain().Intact);
    }

    [Fact]
    public void TheAuditLogAndTheKeysShareTheSecurityFile()
    {
        using var keys = Traceability.Security.ApiKeys.ApiKeyStore.InDataDirectory(_folder.Path, _time);
        keys.Issue(Principal.ForAdmin("root"), "first admin");
        AppendFive();

        Assert.True(_log.VerifyChain().Intact);
        Assert.Single(keys.List());
    }

    [Fact]
    public void TheHashCoversEveryFieldSoNoTwoFieldSplitsCollide()
    {
        var at = _time.GetUtcNow();
        var a = AuditChain.Hash(AuditChain.Genesis, 1, at, "ab", "c", "op", null, true, "r");
        var b = AuditChain.Hash(AuditChain.Genesis, 1, at, "a", "bc", "op", null, true, "r");
        var c = AuditChain.Hash(AuditChain.Genesis, 1, at, "ab", "c", "op", "", true, "r");

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }
}
