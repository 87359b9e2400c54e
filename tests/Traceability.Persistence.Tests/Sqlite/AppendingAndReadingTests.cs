using Traceability.Events;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Storage;

namespace Traceability.Persistence.Tests.Sqlite;

public sealed class AppendingAndReadingTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static FacilityEvent[] FirstSeason() =>
    [
        DakGlei.Facility(),
        DakGlei.DryingHouse(),
        DakGlei.Area(),
        DakGlei.Harvest("SD-2026-001"),
        DakGlei.Drying("SAY-2026-001", "SD-2026-001", "SD-2026-001-KHO"),
    ];

    private static async Task<List<AppendOutcome>> RecordAsync(SqliteEventStore store, IEnumerable<FacilityEvent> facts)
    {
        var outcomes = new List<AppendOutcome>();
        foreach (var fact in facts)
        {
            outcomes.Add(await store.AppendAsync(DakGlei.Pending(fact)));
        }

        return outcomes;
    }

    [Fact]
    public async Task WhenACooperativeRecordsItsFirstSeason_EachFactGetsAHigherSequence()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);

        var outcomes = await RecordAsync(store, FirstSeason());

        Assert.All(outcomes, o => Assert.Null(o.Conflict));
        var sequences = outcomes.Select(o => o.Recorded!.Sequence).ToList();
        Assert.True(sequences[0] > 0, $"the first sequence is {sequences[0]}");
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task WhenEveryEventIsReadBack_ItsSequenceTimeFactAndEpcisTextAreUnchanged()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        var facts = FirstSeason();
        var outcomes = await RecordAsync(store, facts);

        var stored = await store.AllAsync();

        Assert.Equal(outcomes.Select(o => o.Recorded!.Sequence), stored.Select(s => s.Recorded.Sequence));
        Assert.Equal(facts.Select(f => f.Json()), stored.Select(s => s.Recorded.Event.Json()));
        Assert.Equal(facts.Select(DakGlei.Epcis), stored.Select(s => s.Epcis));
        Assert.All(stored, s =>
        {
            Assert.Equal(DakGlei.RecordedAt, s.Recorded.RecordedAt);
            Assert.Equal(DakGlei.RecordedAt.Offset, s.Recorded.RecordedAt.Offset);
        });
    }

    [Fact]
    public async Task WhenABatchStreamIsRead_OnlyTheHarvestAndTheStepThatTookFromItComeBack()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        var outcomes = await RecordAsync(store, FirstSeason());

        var stream = await store.StreamAsync(new RecordKey(RecordKind.Batch, "SD-2026-001"));

        Assert.Equal([outcomes[3].Recorded!.Sequence, outcomes[4].Recorded!.Sequence], stream.Select(r => r.Sequence));
        Assert.Equal([DakGlei.Harvest("SD-2026-001").Json(), FirstSeason()[4].Json()], stream.Select(r => r.Event.Json()));
    }

    [Fact]
    public async Task WhenAFacilityStreamIsRead_EveryFactOfTheFacilityComesBackInOrder()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        var outcomes = await RecordAsync(store, FirstSeason());
        await store.AppendAsync(DakGlei.Pending(DakGlei.Facility(DakGlei.Xop)));

        var stream = await store.StreamAsync(new RecordKey(RecordKind.Facility, DakGlei.NgocLinh));

        Assert.Equal(outcomes.Select(o => o.Recorded!.Sequence), stream.Select(r => r.Sequence));
        Assert.Equal(FirstSeason().Select(f => f.Json()), stream.Select(r => r.Event.Json()));
    }

    [Fact]
    public async Task WhenAReaderCatchesUpAfterASequence_OnlyLaterEventsComeBack()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        var outcomes = await RecordAsync(store, FirstSeason());
        var seen = outcomes[2].Recorded!.Sequence;

        var later = await store.AllAsync(afterSequence: seen);
        var laterOfFacility = await store.StreamAsync(new RecordKey(RecordKind.Facility, DakGlei.NgocLinh), afterSequence: seen);

        Assert.Equal(outcomes.Skip(3).Select(o => o.Recorded!.Sequence), later.Select(s => s.Recorded.Sequence));
        Assert.Equal(outcomes.Skip(3).Select(o => o.Recorded!.Sequence), laterOfFacility.Select(r => r.Sequence));
    }

    [Fact]
    public async Task WhenNothingWasEverRecordedForAKey_ItsStreamIsEmpty()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        await RecordAsync(store, FirstSeason());

        var stream = await store.StreamAsync(new RecordKey(RecordKind.Batch, "SD-2026-999"));

        Assert.Empty(stream);
    }
}
