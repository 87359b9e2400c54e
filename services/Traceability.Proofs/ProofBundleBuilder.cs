using System.Text.Json.Nodes;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Identifiers;
using Traceability.Storage;

namespace Traceability.Proofs;

/// <summary>
/// Builds a lot's proof bundle from the event store and the ledger: the lot's packing event,
/// then, transitively, the event that created every record an included event names (its input
/// batches, its site, area, product and facility), and the lot's withdrawal and recall, each
/// proved against the latest checkpoint of
/// its facility's log that covers all of that facility's events in the bundle (a checkpoint is
/// cut when none covers them yet). Thread-safe.
/// </summary>
public sealed class ProofBundleBuilder(IEventStore store, ILedger ledger, IAnchorReader anchors, TimeProvider time)
{
    /// <summary>
    /// Whether the newest confirmed anchor covers every event of the lot's backward trace, and
    /// which anchor; null when no such lot exists. The same closure as the bundle, without proofs.
    /// </summary>
    public async Task<LotAnchorStatus?> AnchorStatusAsync(string gtin, string lot, CancellationToken cancellationToken = default)
    {
        if (await TraceEventsAsync(gtin, lot, cancellationToken).ConfigureAwait(false) is not { } events)
        {
            return null;
        }

        var anchor = await anchors.LatestConfirmedAsync(cancellationToken).ConfigureAwait(false);
        var covered = anchor is not null && events.GroupBy(e => e.Recorded.Event.FacilityId, StringComparer.Ordinal)
            .All(g => anchor.Checkpoints.Any(c => c.FacilityId == g.Key && c.Size > g.Max(e => e.LeafIndex)));
        return new LotAnchorStatus(covered ? ProofBundle.Anchored : ProofBundle.NotAnchored, events.Count, covered ? anchor : null);
    }

    /// <summary>
    /// The EPCIS events of the lot's packing and backward closure (the bundle's events), as
    /// recorded and in store order, without proofs or checkpoints; null when no such lot exists.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>?> EventsAsync(string gtin, string lot, CancellationToken cancellationToken = default) =>
        await TraceEventsAsync(gtin, lot, cancellationToken).ConfigureAwait(false) is { } events
            ? [.. events.Select(e => JsonNode.Parse(e.Epcis)!.AsObject())]
            : null;

    /// <summary>The bundle of the lot <paramref name="gtin"/>/<paramref name="lot"/>, or null when no such lot exists.</summary>
    public async Task<ProofBundle?> BuildAsync(string gtin, string lot, CancellationToken cancellationToken = default)
    {
        if (await TraceEventsAsync(gtin, lot, cancellationToken).ConfigureAwait(false) is not { } events)
        {
            return null;
        }

        var anchor = await anchors.LatestConfirmedAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = new Dictionary<string, LedgerCheckpoint>(StringComparer.Ordinal);
        var allAnchored = anchor is not null;
        foreach (var group in events.GroupBy(e => e.Recorded.Event.FacilityId, StringComparer.Ordinal))
        {
            // The anchored checkpoint of the facility when it covers the facility's events; otherwise the earliest that does.
            var last = group.Max(e => e.LeafIndex);
            var anchored = anchor?.Checkpoints.FirstOrDefault(c => c.FacilityId == group.Key && c.Size > last);
            var checkpoint = anchored is null ? null : await ledger.CheckpointAsync(group.Key, anchored.Size, cancellationToken).ConfigureAwait(false);
            allAnchored &= checkpoint is not null;
            checkpoints[group.Key] = checkpoint ?? await ledger.CoveringAsync(group.Key, last, cancellationToken).ConfigureAwait(false);
        }

        var proved = new List<BundleEvent>(events.Count);
        foreach (var stored in events)
        {
            var facility = stored.Recorded.Event.FacilityId;
            var checkpoint = checkpoints[facility];
            var path = await ledger.InclusionProofAsync(facility, stored.LeafIndex, checkpoint.Size, cancellationToken).ConfigureAwait(false);
            proved.Add(new BundleEvent(
                stored.EventId,
                stored.Recorded.Event.Subject().Stream,
                facility,
                checkpoint.Origin,
                stored.LeafIndex,
                checkpoint.Size,
                [.. path.Select(Convert.ToBase64String)],
                JsonNode.Parse(stored.Epcis)!.AsObject()));
        }

        return new ProofBundle
        {
            Format = ProofBundle.FormatV1,
            Lot = new BundleLot(gtin, lot, EpcisVocabulary.Lot(gtin, lot)),
            CreatedAt = time.GetUtcNow(),
            SigningKey = ledger.SigningKey.VerifierKey,
            Events = proved,
            Checkpoints = [.. checkpoints.Values.OrderBy(c => c.FacilityId, StringComparer.Ordinal).Select(c =>
                new BundleCheckpoint(c.FacilityId, c.Origin, c.Size, Convert.ToBase64String(c.Root), c.Note, c.CutAt))],
            AnchorStatus = allAnchored ? ProofBundle.Anchored : ProofBundle.NotAnchored,
            Anchor = allAnchored ? Anchor(anchor!, checkpoints.Values) : null,
        };
    }

    /// <summary>The anchor's coordinates and each used checkpoint's audit path in its tree.</summary>
    private static BundleAnchor Anchor(ChainAnchor anchor, IEnumerable<LedgerCheckpoint> used)
    {
        var (leaves, tree) = AnchorTree.Build(anchor.Checkpoints);
        var order = leaves.Select((leaf, index) => (leaf, index)).ToDictionary(x => (x.leaf.Origin, x.leaf.Size), x => x.index);
        var proofs = used.OrderBy(c => c.Origin, StringComparer.Ordinal).Select(c =>
        {
            var index = order[(c.Origin, c.Size)];
            return new AnchorProof(c.Origin, c.Size, index, [.. tree.InclusionProof(index).Select(Convert.ToBase64String)]);
        });
        return new BundleAnchor(anchor.ChainId, anchor.Contract, anchor.TransactionHash, anchor.BlockNumber, anchor.BlockHash, anchor.LogIndex,
            anchor.Sequence, leaves.Count, Convert.ToBase64String(anchor.Root), anchor.AnchoredAt, [.. proofs]);
    }

    /// <summary>
    /// The lot's packing event and its backward closure, with the lot's withdrawal and recall (so
    /// that what a buyer is told about them is proved too), in store order; null when no such lot exists.
    /// </summary>
    private async Task<List<StoredEvent>?> TraceEventsAsync(string gtin, string lot, CancellationToken cancellationToken)
    {
        var lotKey = new RecordKey(RecordKind.Lot, LotKeys.Of(gtin, lot));
        var packed = await store.ReadCreatorAsync(lotKey, cancellationToken).ConfigureAwait(false);
        if (packed is null)
        {
            return null;
        }

        var events = await BackwardClosure(packed, cancellationToken).ConfigureAwait(false);
        var recalls = new List<StoredEvent>();
        await foreach (var stored in store.ReadStoredStreamAsync(lotKey, cancellationToken).ConfigureAwait(false))
        {
            if (stored.Recorded.Event is LotRecalled)
            {
                recalls.Add(stored);
            }
        }

        return recalls.Count == 0 ? events : [.. events.Concat(recalls).OrderBy(e => e.Recorded.Sequence)];
    }

    /// <summary>The lot's event and the creators of every record reachable backwards from it, in store order.</summary>
    private async Task<List<StoredEvent>> BackwardClosure(StoredEvent packed, CancellationToken cancellationToken)
    {
        var included = new Dictionary<long, StoredEvent> { [packed.Recorded.Sequence] = packed };
        var visited = new HashSet<RecordKey>(packed.Recorded.Event.Creates());
        var pending = new Queue<StoredEvent>([packed]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var key in current.Recorded.Event.Touches())
            {
                if (!visited.Add(key))
                {
                    continue;
                }

                var creator = await store.ReadCreatorAsync(key, cancellationToken).ConfigureAwait(false);
                if (creator is not null && included.TryAdd(creator.Recorded.Sequence, creator))
                {
                    foreach (var created in creator.Recorded.Event.Creates())
                    {
                        visited.Add(created);
                    }

                    pending.Enqueue(creator);
                }
            }
        }

        return [.. included.Values.OrderBy(e => e.Recorded.Sequence)];
    }
}

/// <summary>A lot's anchor status: "anchored" (with the covering anchor) or "signed, not anchored", over how many events.</summary>
public sealed record LotAnchorStatus(string Status, int Events, ChainAnchor? Anchor);
