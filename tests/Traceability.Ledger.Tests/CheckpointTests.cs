using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Traceability.Ledger.Tests;

public sealed class CheckpointTests : IDisposable
{
    // golang.org/x/mod/sumdb/note/note_test.go (TestSign, TestOpen): a fixed key and its signed note.
    private const string GoSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string GoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string GoText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string GoNote = GoText + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private const string EnochSignature = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private readonly LedgerDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void TheGoNoteKeyProducesTheGoSignedNote()
    {
        using var signer = CheckpointSigner.FromPrivateKey(GoSignerKey);

        Assert.Equal(GoVerifierKey, signer.VerifierKey);
        Assert.Equal(GoNote, signer.SignNote(GoText));
        var opened = SignedNotes.Open(GoNote + EnochSignature, GoVerifierKey);
        Assert.True(opened.Ok, opened.Failure);
        Assert.Equal(GoText, opened.Text);
    }

    [Fact]
    public void GoNotesThatGoRefusesAreRefused()
    {
        var peterSig = GoNote[(GoText.Length + 1)..];
        string[] bad =
        [
            GoText,
            GoText + "\n",
            GoText + "\n" + peterSig[..^1],
            "\u0001" + GoNote,
            GoText + "\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
            GoNote + "Unexpected line.\n",
            GoText + "\n" + peterSig[..60] + "ABCD" + peterSig[60..],
            GoText + "\n" + EnochSignature,
        ];
        Assert.All(bad, note => Assert.False(SignedNotes.Open(note, GoVerifierKey).Ok, note));
    }

    [Fact]
    public void ACheckpointRoundTripsThroughItsNoteText()
    {
        var checkpoint = new Checkpoint("traceability.example/ledger/facility-a", 20852163, SHA(1), ["extension one", "two"]);

        Assert.True(Checkpoint.TryParse(checkpoint.ToNoteText(), out var parsed, out var failure), failure);
        Assert.Equal(checkpoint, parsed);
        Assert.Equal("traceability.example/ledger/facility-a\n20852163\n" + Convert.ToBase64String(SHA(1)) + "\nextension one\ntwo\n", checkpoint.ToNoteText());
    }

    [Theory]
    [InlineData("origin\n012\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    [InlineData("origin\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    [InlineData("origin\n+1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    [InlineData("origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n")]
    [InlineData("origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n")]
    [InlineData("\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    [InlineData("origin\n1\n")]
    [InlineData("origin\n99999999999999999999\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    public void AMalformedCheckpointIsRefused(string text) =>
        Assert.False(Checkpoint.TryParse(text, out _, out _));

    [Fact]
    public void ASignedCheckpointVerifiesAndTamperingIsRefused()
    {
        using var signer = CheckpointSigner.LoadOrCreate(Path.Combine(_db.Folder, "checkpoint.key"), "traceability.example");
        using var other = CheckpointSigner.LoadOrCreate(Path.Combine(_db.Folder, "other.key"), "traceability.example");
        var checkpoint = new Checkpoint("traceability.example/ledger/facility-a", 7, SHA(7));
        var note = signer.Sign(checkpoint);

        var check = SignedNotes.Verify(note, signer.VerifierKey);

        Assert.True(check.Ok, check.Failure);
        Assert.Equal(checkpoint, check.Checkpoint);
        Assert.Contains("signature", SignedNotes.Verify(note.Replace("\n7\n", "\n8\n", StringComparison.Ordinal), signer.VerifierKey).Failure, StringComparison.Ordinal);
        Assert.Contains("unknown key", SignedNotes.Verify(note, other.VerifierKey).Failure, StringComparison.Ordinal);
        Assert.Contains("malformed", SignedNotes.Verify(note[..^10] + "\n", signer.VerifierKey).Failure, StringComparison.Ordinal);
        Assert.False(SignedNotes.Verify(note[..^1], signer.VerifierKey).Ok);
        Assert.False(SignedNotes.Verify(note, signer.VerifierKey[..^2]).Ok);
        Assert.False(SignedNotes.Verify(signer.SignNote("not\na checkpoint\n"), signer.VerifierKey).Ok);
    }

    [Fact]
    public void TheKeyFileIsCreatedOwnerOnlyAndReusedOnReload()
    {
        var keyFile = Path.Combine(_db.Folder, "keys", "checkpoint.key");

        string first;
        using (var signer = CheckpointSigner.LoadOrCreate(keyFile, "traceability.example"))
        {
            first = signer.VerifierKey;
        }
        using var again = CheckpointSigner.LoadOrCreate(keyFile, "traceability.example");

        Assert.Equal(first, again.VerifierKey);
        Assert.StartsWith("traceability.example+", first, StringComparison.Ordinal);
        Assert.StartsWith("PRIVATE+KEY+traceability.example+", File.ReadAllText(keyFile), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            Assert.Throws<InvalidOperationException>(() => CheckpointSigner.LoadOrCreate(keyFile, "traceability.example"));
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        Assert.Throws<InvalidOperationException>(() => CheckpointSigner.LoadOrCreate(keyFile, "another.name"));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(keyFile)!));
    }

    [Fact]
    public void CheckpointsAreCutOnlyWhenTheLogGrewAndSuccessiveOnesAreConsistent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
        var store = new SqliteCheckpoints(_db.ConnectionString, time);
        using var signer = CheckpointSigner.LoadOrCreate(Path.Combine(_db.Folder, "checkpoint.key"), "traceability.example");
        const string Origin = "traceability.example/ledger/facility-a";
        StoredCheckpoint? Cut()
        {
            using var tx = _db.Writer.BeginTransaction();
            var cut = store.Cut(tx, "facility-a", Origin, signer);
            tx.Commit();
            time.Advance(TimeSpan.FromMinutes(1));
            return cut;
        }

        Assert.Null(Cut());
        for (var i = 0; i < 5; i++)
        {
            _db.Append("facility-a", $"leaf {i}", i);
        }
        var first = Cut();
        var unchanged = Cut();
        for (var i = 5; i < 12; i++)
        {
            _db.Append("facility-a", $"leaf {i}", i);
        }
        var second = Cut();

        Assert.Equal(5, first!.Size);
        Assert.Equal(first.Note, unchanged!.Note);
        Assert.Equal(12, second!.Size);
        Assert.Equal([5L, 12L], store.All("facility-a").Select(c => c.Size));
        Assert.Equal(12, store.Latest("facility-a")!.Size);
        Assert.Equal(5, store.AtOrAfter("facility-a", 5)!.Size);
        Assert.Equal(12, store.AtOrAfter("facility-a", 6)!.Size);
        Assert.Null(store.AtOrAfter("facility-a", 13));
        Assert.Equal(first.CutAt, store.All("facility-a")[0].CutAt);

        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        var c1 = SignedNotes.Verify(first.Note, signer.VerifierKey).Checkpoint!;
        var c2 = SignedNotes.Verify(second.Note, signer.VerifierKey).Checkpoint!;
        Assert.Equal(Origin, c2.Origin);
        var consistent = MerkleProofs.VerifyConsistency(c1.Size, c2.Size, reader.ConsistencyProof("facility-a", c1.Size, c2.Size), c1.Root, c2.Root);
        Assert.True(consistent.Ok, consistent.Failure);
        var leaf = reader.LeafAt("facility-a", 7)!;
        var included = MerkleProofs.VerifyInclusion(7, c2.Size, leaf.Hash, reader.InclusionProof("facility-a", 7, c2.Size), c2.Root);
        Assert.True(included.Ok, included.Failure);
    }

    private static byte[] SHA(int seed) => System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"root {seed}"));
}
