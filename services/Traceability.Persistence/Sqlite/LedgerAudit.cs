using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Traceability.Epcis;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Ledger;

namespace Traceability.Persistence.Sqlite;

/// <summary>Something the audit found that does not hold, tied to the event (store sequence) or log it concerns.</summary>
public sealed record LedgerDivergence(long? Sequence, string Facility, string? Record, string What)
{
    public override string ToString() => Sequence is { } seq
        ? $"event seq {seq} ({Record ?? "unknown record"}, facility '{Facility}'): {What}"
        : $"log of facility '{Facility}': {What}";
}

/// <summary>What the audit re-read and recomputed, and every divergence it found (store order, first first).</summary>
public sealed record LedgerAuditReport(long Events, int Logs, int Checkpoints, IReadOnlyList<LedgerDivergence> Divergences);

/// <summary>
/// Re-reads a data folder's whole event store and recomputes, without trusting anything derived:
/// each event's CBV 2.0 hash from its stored EPCIS text and from its recorded fact (re-rendered);
/// each facility log's leaves against the facility's events in store order; every complete
/// subtree node stored for proofs; the root at every checkpoint and the checkpoint's signature.
/// An altered event, a removed one, two swapped, or a truncated log each show as a divergence
/// naming the event. Reads only; safe while the server runs (WAL).
/// </summary>
public static class LedgerAudit
{
    private const int MaxDivergences = 100;

    /// <summary>Audits <c>{dataDir}/events.db</c>; <paramref name="verifierKey"/> defaults to the folder's own signing key.</summary>
    public static Task<LedgerAuditReport> RunAsync(string dataDir, string? verifierKey = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Run(dataDir, verifierKey, cancellationToken), cancellationToken);

    private static LedgerAuditReport Run(string dataDir, string? verifierKey, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDir, "events.db");
        if (!File.Exists(path))
        {
            throw new IOException($"no event store at {path}");
        }

        var key = verifierKey ?? OwnKey(dataDir);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var divergences = new List<LedgerDivergence>();
        var byFacility = new Dictionary<string, List<(long Seq, byte[] Digest, string Record)>>(StringComparer.Ordinal);
        var events = ReadEvents(connection, byFacility, divergences, cancellationToken);

        var logs = LogNames(connection);
        var checkpoints = 0;
        foreach (var facility in byFacility.Keys.Where(f => !logs.Contains(f)))
        {
            var first = byFacility[facility][0];
            divergences.Add(new LedgerDivergence(first.Seq, facility, first.Record, "the facility has events but no log: its log was removed"));
        }

        foreach (var log in logs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            checkpoints += AuditLog(connection, log, byFacility.GetValueOrDefault(log) ?? [], key, divergences);
        }

        var ordered = divergences.OrderBy(d => d.Sequence ?? long.MaxValue).Take(MaxDivergences).ToList();
        return new LedgerAuditReport(events, logs.Count, checkpoints, ordered);
    }

    /// <summary>Checks every event's hash ID against its EPCIS text and its fact; collects each facility's events in store order.</summary>
    private static long ReadEvents(SqliteConnection connection, Dictionary<string, List<(long, byte[], string)>> byFacility, List<LedgerDivergence> divergences, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, facility, recorded_at, body, epcis, event_id, leaf_index FROM events ORDER BY seq";
        using var reader = command.ExecuteReader();
        long count = 0;
        while (reader.Read())
        {
            if (++count % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var seq = reader.GetInt64(0);
            var facility = reader.GetString(1);
            var eventId = reader.GetString(5);
            FacilityEvent? fact = null;
            string record = "unreadable record";
            byte[] digest;
            try
            {
                fact = EventJson.Deserialize(reader.GetString(3));
                record = fact.Subject().Stream;
                digest = EventHash.Digest(eventId);
            }
#pragma warning disable CA1031 // Whatever cannot be read is a divergence of this event; the audit goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                divergences.Add(new LedgerDivergence(seq, facility, record, $"cannot be read back ({exception.Message}): altered"));
                digest = new byte[MerkleHash.Size];
            }

            if (fact is not null)
            {
                CheckHashes(seq, facility, record, fact, reader.GetString(2), reader.GetString(4), eventId, divergences);
                if (fact.FacilityId != facility)
                {
                    divergences.Add(new LedgerDivergence(seq, facility, record, $"its fact names facility '{fact.FacilityId}' but it is stored under '{facility}': altered"));
                }
            }

            if (!byFacility.TryGetValue(facility, out var list))
            {
                byFacility[facility] = list = [];
            }

            if (reader.GetInt64(6) != list.Count)
            {
                divergences.Add(new LedgerDivergence(seq, facility, record,
                    $"is recorded as leaf {reader.GetInt64(6)} of its log but is the facility's event number {list.Count} in store order: an earlier event was removed, or events were reordered"));
            }

            list.Add((seq, digest, record));
        }

        return count;
    }

    private static void CheckHashes(long seq, string facility, string record, FacilityEvent fact, string recordedAtText, string epcis, string eventId, List<LedgerDivergence> divergences)
    {
        try
        {
            var stored = JsonNode.Parse(epcis)!.AsObject();
            var fromText = EventHash.Compute(stored);
            if (fromText != eventId)
            {
                divergences.Add(new LedgerDivergence(seq, facility, record, $"its stored EPCIS event hashes to {fromText}, not to its hash ID {eventId}: altered after it was recorded"));
                return;
            }

            if (stored["eventID"]?.ToString() is { } id && id != eventId)
            {
                divergences.Add(new LedgerDivergence(seq, facility, record, $"its EPCIS eventID {id} is not its hash ID {eventId}: altered"));
                return;
            }

            var recordedAt = DateTimeOffset.Parse(recordedAtText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            var fromFact = EventHash.Compute(EpcisRendering.ToJson(fact, recordedAt));
            if (fromFact != eventId)
            {
                divergences.Add(new LedgerDivergence(seq, facility, record, $"its recorded fact renders to an EPCIS event hashing to {fromFact}, not to its hash ID {eventId}: the fact was altered after it was recorded"));
            }
        }
#pragma warning disable CA1031 // Whatever cannot be parsed is a divergence of this event.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            divergences.Add(new LedgerDivergence(seq, facility, record, $"its EPCIS text or time cannot be read ({exception.Message}): altered"));
        }
    }

    /// <summary>
    /// Walks the log's leaves against the facility's events, recomputes every stored node in the
    /// order the log completed them, and every checkpoint's root; returns the checkpoints checked.
    /// </summary>
    private static int AuditLog(SqliteConnection connection, string log, List<(long Seq, byte[] Digest, string Record)> events, string? key, List<LedgerDivergence> divergences)
    {
        var logId = LogId(connection, log);
        var checkpoints = ReadCheckpoints(connection, logId);
        var nodes = ReadNodes(connection, logId);
        var frontier = new List<(int Level, byte[] Hash)>();
        var roots = new Dictionary<long, byte[]>();
        var wanted = new HashSet<long>(checkpoints.Select(c => c.Size));
        long size = 0;
        long lastReference = 0;
        var nodesOk = true;
        var bySeq = new Dictionary<long, int>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            bySeq[events[i].Seq] = i;
        }

        var logged = new bool[events.Count];
        Dictionary<string, int>? byDigest = null;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT leaf_index, data, reference FROM ledger_leaves WHERE log_id = $log ORDER BY leaf_index";
            command.Parameters.AddWithValue("$log", logId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var index = reader.GetInt64(0);
                var data = (byte[])reader.GetValue(1);
                var reference = reader.GetInt64(2);
                if (index != size)
                {
                    divergences.Add(new LedgerDivergence(null, log, null, $"leaf {size} is missing (the next stored leaf is {index}): the log was rewritten"));
                    return checkpoints.Count;
                }

                // The leaf names its event by seq: compare with that event, wherever it now is, so that
                // one removed event is named as such and does not shift the blame onto every later one.
                string? record = null;
                if (bySeq.TryGetValue(reference, out var at))
                {
                    logged[at] = true;
                    record = events[at].Record;
                    if (!data.AsSpan().SequenceEqual(events[at].Digest))
                    {
                        var holder = HolderOf(events, data, ref byDigest);
                        divergences.Add(new LedgerDivergence(reference, log, record, holder is { } h && h != at
                            ? $"its hash ID is not what leaf {size} of the log holds; that leaf's hash ID is now held by event seq {events[h].Seq} ({events[h].Record}): the contents of events were swapped or reordered"
                            : $"its hash ID is not what leaf {size} of the log holds: the event was altered after it was recorded"));
                    }
                }
                else
                {
                    divergences.Add(new LedgerDivergence(reference, log, null, $"leaf {size} of the log holds event seq {reference}, which is missing from the store: the event was removed"));
                }

                // Fold the leaf into the frontier; each merge completes one stored node, in storage order.
                var hash = MerkleHash.Leaf(data);
                var level = 0;
                while (frontier.Count > 0 && frontier[^1].Level == level)
                {
                    hash = MerkleHash.Node(frontier[^1].Hash, hash);
                    frontier.RemoveAt(frontier.Count - 1);
                    level++;
                    if (nodesOk && !NextNodeMatches(nodes, hash))
                    {
                        nodesOk = false;
                        divergences.Add(new LedgerDivergence(reference, log, record, $"the stored proof node completed by leaf {size} differs from the recomputed one: the log's nodes were altered, so proofs served from them are wrong"));
                    }
                }

                frontier.Add((level, hash));
                lastReference = reference;
                size++;
                if (wanted.Contains(size))
                {
                    roots[size] = RootOf(frontier);
                }
            }
        }

        // Events in no leaf: past the log's last leaf, the log was cut short; before it, they were slipped in.
        var truncated = false;
        for (var i = 0; i < events.Count; i++)
        {
            if (logged[i])
            {
                continue;
            }

            if (events[i].Seq > lastReference)
            {
                if (!truncated)
                {
                    truncated = true;
                    divergences.Add(new LedgerDivergence(events[i].Seq, log, events[i].Record,
                        $"the log ends after {size} leaves but this event and {events.Count - i - 1} later ones of the facility are in no leaf: the log was truncated"));
                }
            }
            else
            {
                divergences.Add(new LedgerDivergence(events[i].Seq, log, events[i].Record, "no leaf of the log holds this event: it was added to the store after the fact"));
            }
        }

        foreach (var checkpoint in checkpoints)
        {
            CheckCheckpoint(log, checkpoint, roots, size, key, divergences);
        }

        return checkpoints.Count;
    }

    private static void CheckCheckpoint(string log, (long Size, byte[] Root, string Note) checkpoint, Dictionary<long, byte[]> roots, long size, string? key, List<LedgerDivergence> divergences)
    {
        if (checkpoint.Size > size)
        {
            divergences.Add(new LedgerDivergence(null, log, null, $"a checkpoint was signed at size {checkpoint.Size} but the log has only {size} leaves: the log was truncated"));
            return;
        }

        if (!roots[checkpoint.Size].AsSpan().SequenceEqual(checkpoint.Root))
        {
            divergences.Add(new LedgerDivergence(null, log, null, $"the recomputed root at size {checkpoint.Size} differs from the checkpoint's: the log's first {checkpoint.Size} leaves changed since it was signed"));
            return;
        }

        if (key is null)
        {
            return;
        }

        var opened = SignedNotes.Verify(checkpoint.Note, key);
        if (!opened.Ok)
        {
            divergences.Add(new LedgerDivergence(null, log, null, $"the checkpoint at size {checkpoint.Size} does not verify: {opened.Failure}"));
        }
        else if (opened.Checkpoint!.Size != checkpoint.Size || !opened.Checkpoint.Root.AsSpan().SequenceEqual(checkpoint.Root))
        {
            divergences.Add(new LedgerDivergence(null, log, null, $"the signed note of the checkpoint at size {checkpoint.Size} says size {opened.Checkpoint.Size}, another root: altered"));
        }
    }

    /// <summary>The facility's event whose hash ID digest is <paramref name="data"/>, if any (the index is built on first use).</summary>
    private static int? HolderOf(List<(long Seq, byte[] Digest, string Record)> events, byte[] data, ref Dictionary<string, int>? byDigest)
    {
        if (byDigest is null)
        {
            byDigest = new Dictionary<string, int>(events.Count, StringComparer.Ordinal);
            for (var i = 0; i < events.Count; i++)
            {
                byDigest.TryAdd(Convert.ToHexString(events[i].Digest), i);
            }
        }

        return byDigest.TryGetValue(Convert.ToHexString(data), out var index) ? index : null;
    }

    private static bool NextNodeMatches(Queue<byte[]> nodes, byte[] hash) =>
        nodes.TryDequeue(out var stored) && stored.AsSpan().SequenceEqual(hash);

    /// <summary>The RFC 6962 root of the leaves folded into <paramref name="frontier"/> (largest subtree first).</summary>
    private static byte[] RootOf(List<(int Level, byte[] Hash)> frontier)
    {
        var root = frontier[^1].Hash;
        for (var i = frontier.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.Node(frontier[i].Hash, root);
        }

        return root;
    }

    private static HashSet<string> LogNames(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM ledger_logs";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static long LogId(SqliteConnection connection, string log)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT log_id FROM ledger_logs WHERE name = $name";
        command.Parameters.AddWithValue("$name", log);
        return (long)command.ExecuteScalar()!;
    }

    private static List<(long Size, byte[] Root, string Note)> ReadCheckpoints(SqliteConnection connection, long logId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT size, root, note FROM ledger_checkpoints WHERE log_id = $log ORDER BY size";
        command.Parameters.AddWithValue("$log", logId);
        using var reader = command.ExecuteReader();
        var list = new List<(long, byte[], string)>();
        while (reader.Read())
        {
            list.Add((reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetString(2)));
        }

        return list;
    }

    /// <summary>The log's stored nodes in the order the log completed them.</summary>
    private static Queue<byte[]> ReadNodes(SqliteConnection connection, long logId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM ledger_nodes WHERE log_id = $log ORDER BY position";
        command.Parameters.AddWithValue("$log", logId);
        using var reader = command.ExecuteReader();
        var nodes = new Queue<byte[]>();
        while (reader.Read())
        {
            nodes.Enqueue((byte[])reader.GetValue(0));
        }

        return nodes;
    }

    /// <summary>The verifier key of the folder's own signing key, or null when the folder has none.</summary>
    private static string? OwnKey(string dataDir)
    {
        var file = Path.Combine(dataDir, LedgerSettings.DefaultKeyFile);
        if (!File.Exists(file))
        {
            return null;
        }

        using var signer = CheckpointSigner.FromPrivateKey(File.ReadAllText(file).Trim());
        return signer.VerifierKey;
    }
}
