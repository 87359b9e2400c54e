using Traceability.Ingestion.Pipeline;

namespace Traceability.Ingestion.Tests.Pipeline;

public sealed class JournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("journal-").FullName;

    private string PathOf => Path.Combine(_folder, "ingestion.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_committed_sequence_is_stored_and_others_are_not()
    {
        using var journal = new IngestionJournal(PathOf);
        journal.Commit([Entry("d1", 1), Entry("d1", 2), Entry("d2", 7)], T0);

        Assert.True(journal.IsStored("d1", 1));
        Assert.True(journal.IsStored("d1", 2));
        Assert.True(journal.IsStored("d2", 7));
        Assert.False(journal.IsStored("d1", 3));
        Assert.False(journal.IsStored("d2", 6));
        Assert.False(journal.IsStored("d3", 1));
    }

    [Fact]
    public void A_gap_left_by_an_out_of_order_delivery_is_still_new()
    {
        using var journal = new IngestionJournal(PathOf);
        journal.Commit([Entry("d1", 1), Entry("d1", 3)], T0);

        Assert.False(journal.IsStored("d1", 2));
        Assert.True(journal.IsStored("d1", 3));
    }

    [Fact]
    public void What_is_stored_survives_a_reopen()
    {
        using (var journal = new IngestionJournal(PathOf))
        {
            journal.Commit([Entry("d1", 41), Entry("d1", 42)], T0);
        }

        using var reopened = new IngestionJournal(PathOf);
        Assert.True(reopened.IsStored("d1", 41));
        Assert.True(reopened.IsStored("d1", 42));
        Assert.False(reopened.IsStored("d1", 43));
        Assert.Equal(2, reopened.StoredMessages());
        var window = Assert.Single(reopened.AllWindows());
        Assert.Equal((41, 42, 20), (window.FirstSequence, window.LastSequence, window.Count));
    }

    [Fact]
    public void Messages_of_a_device_accumulate_in_one_open_window_per_site()
    {
        using var journal = new IngestionJournal(PathOf);
        journal.Commit([Entry("d1", 1, from: T0, to: T0.AddMinutes(1)), Entry("d1", 2, from: T0.AddMinutes(1), to: T0.AddMinutes(2))], T0);
        journal.Commit([Entry("d1", 3, from: T0.AddMinutes(2), to: T0.AddMinutes(3)), Entry("d2", 1)], T0.AddSeconds(5));

        var windows = journal.AllWindows();
        Assert.Equal(2, windows.Count);
        var d1 = windows.Single(w => w.Device == "d1");
        Assert.Equal((1L, 3L, 30L), (d1.FirstSequence, d1.LastSequence, d1.Count));
        Assert.Equal(T0, d1.From);
        Assert.Equal(T0.AddMinutes(3), d1.To);
        Assert.Equal(T0, d1.OpenedAt);
    }

    [Fact]
    public void Windows_close_when_old_enough_or_full_and_stay_closed_until_released()
    {
        using var journal = new IngestionJournal(PathOf);
        journal.Commit([Entry("old", 1)], T0);
        journal.Commit([Entry("full", 1, count: 500)], T0.AddSeconds(50));
        journal.Commit([Entry("young", 1)], T0.AddSeconds(55));

        var closed = journal.CloseDue(openedBefore: T0.AddSeconds(10), maxReadings: 500);
        Assert.Equal(["full", "old"], closed.Select(w => w.Device).Order());

        // A message after the close opens a new window; the closed one is kept until released.
        journal.Commit([Entry("old", 2)], T0.AddSeconds(60));
        Assert.Equal(4, journal.AllWindows().Count);
        var again = journal.CloseDue(openedBefore: T0, maxReadings: 10_000);
        Assert.Equal(closed.Select(w => w.Id), again.Select(w => w.Id));

        journal.Release(closed.Select(w => w.Id));
        Assert.Equal(["old", "young"], journal.AllWindows().Select(w => w.Device).Order());
        Assert.Empty(journal.CloseDue(openedBefore: T0, maxReadings: 10_000));
    }

    [Fact]
    public void Release_never_removes_an_open_window()
    {
        using var journal = new IngestionJournal(PathOf);
        journal.Commit([Entry("d1", 1)], T0);
        var open = Assert.Single(journal.AllWindows());

        journal.Release([open.Id]);

        Assert.Single(journal.AllWindows());
    }

    private static JournalEntry Entry(string device, long seq, DateTimeOffset? from = null, DateTimeOffset? to = null, int count = 10) =>
        new("coop", "dryer-1", device, seq, from ?? T0, to ?? T0.AddMinutes(1), count);
}
