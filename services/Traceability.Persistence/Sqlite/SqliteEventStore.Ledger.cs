using Microsoft.Data.Sqlite;
using Traceability.Ledger;
using Traceability.Storage;

namespace Traceability.Persistence.Sqlite;

/// <summary>The ledger side of the store: one log per facility, named by the facility id, and its checkpoints.</summary>
public sealed partial class SqliteEventStore : ILedger
{
    private readonly string _ledgerName;
    private readonly CheckpointSigner _signer;
    private readonly SqliteMerkleLogs _logs;
    private readonly SqliteCheckpoints _checkpoints;
    private LedgerKey? _key;

    /// <inheritdoc />
    public LedgerKey SigningKey => _key ??= new LedgerKey(_signer.KeyName, _signer.VerifierKey, PublicKeyOf(_signer.VerifierKey));

    /// <inheritdoc />
    public string OriginOf(string facilityId) => LedgerOrigins.Of(_ledgerName, facilityId);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerLog>> LogsAsync(CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<LedgerLog>>(() => [.. _logs.Logs().Select(log => new LedgerLog(log, OriginOf(log), _logs.Size(log), ToLedger(_checkpoints.Latest(log))))], cancellationToken);

    /// <inheritdoc />
    public Task<LedgerCheckpoint?> LatestAsync(string facilityId, CancellationToken cancellationToken = default) =>
        Task.Run(() => ToLedger(_checkpoints.Latest(facilityId)), cancellationToken);

    /// <inheritdoc />
    public Task<LedgerCheckpoint?> CheckpointAsync(string facilityId, long size, CancellationToken cancellationToken = default) =>
        Task.Run(() => _checkpoints.AtOrAfter(facilityId, size) is { } found && found.Size == size ? ToLedger(found) : null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerCheckpoint>> CutAsync(string? facilityId = null, CancellationToken cancellationToken = default)
    {
        var cut = new Cut(facilityId, new TaskCompletionSource<IReadOnlyList<LedgerCheckpoint>>());
        ObjectDisposedException.ThrowIf(!_appends.Writer.TryWrite(cut), this);
        return cut.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<LedgerCheckpoint> CoveringAsync(string facilityId, long leafIndex, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        if (_checkpoints.AtOrAfter(facilityId, leafIndex + 1) is { } covering)
        {
            return ToLedger(covering)!;
        }

        await CutAsync(facilityId, cancellationToken).ConfigureAwait(false);
        return ToLedger(_checkpoints.AtOrAfter(facilityId, leafIndex + 1))
            ?? throw new InvalidOperationException($"The log of '{facilityId}' has no leaf {leafIndex}.");
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<byte[]>> InclusionProofAsync(string facilityId, long leafIndex, long treeSize, CancellationToken cancellationToken = default) =>
        Task.FromResult(_logs.InclusionProof(facilityId, leafIndex, treeSize));

    /// <inheritdoc />
    public Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(string facilityId, long fromSize, long toSize, CancellationToken cancellationToken = default) =>
        Task.FromResult(_logs.ConsistencyProof(facilityId, fromSize, toSize));

    /// <summary>In the writer's transaction: a checkpoint for each log (or the one named) that has grown; the new ones.</summary>
    private List<LedgerCheckpoint> CutCheckpoints(SqliteTransaction transaction, string? facilityId)
    {
        var cut = new List<LedgerCheckpoint>();
        foreach (var log in facilityId is null ? LogNames(transaction) : [facilityId])
        {
            var before = _checkpoints.Latest(log)?.Size ?? 0;
            if (_checkpoints.Cut(transaction, log, OriginOf(log), _signer) is { } latest && latest.Size > before)
            {
                cut.Add(ToLedger(latest)!);
            }
        }

        return cut;
    }

    /// <summary>Every log, as the writer's transaction sees it (logs created in this group included).</summary>
    private static List<string> LogNames(SqliteTransaction transaction)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM ledger_logs ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private LedgerCheckpoint? ToLedger(StoredCheckpoint? stored) =>
        stored is null ? null : new LedgerCheckpoint(stored.Log, OriginOf(stored.Log), stored.Size, stored.Root, stored.Note, stored.CutAt);

    /// <summary>The raw Ed25519 key of a signed-note verifier key (<c>name+id+base64(0x01 ‖ key)</c>).</summary>
    private static byte[] PublicKeyOf(string verifierKey) =>
        NoteVerifierKey.TryParse(verifierKey, out var key, out var failure)
            ? key.RawPublicKey
            : throw new InvalidOperationException($"The signer's own verifier key does not parse: {failure}");
}
