using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Traceability.Api.Conditions;
using Traceability.Grains.Tracing;
using Traceability.Proofs;
using Traceability.Storage;
using Traceability.Views;
using Traceability.Web.DigitalLinks;

namespace Traceability.Web.Page;

/// <summary>
/// What the trace page of a lot shows, gathered from the platform: the backward trace, the
/// conditions of every step and storage period, and the server's own check of the lot's proof
/// bundle. Thread-safe; the server's check is kept for a while per lot
/// and redone as soon as any log of the lot's facilities has grown or a new anchor is confirmed.
/// </summary>
public sealed class TracePages(TraceQueries trace, ConditionQueries conditions, ProofBundleBuilder proofs, ILedger ledger, IAnchorReader anchors, TimeProvider time, IOptions<DigitalLinkOptions> options)
{
    /// <summary>How long the server's verdict on a lot's bundle is reused while its logs have not grown.</summary>
    private readonly TimeSpan _serverCheckLifetime = TimeSpan.FromSeconds(options.Value.ServerCheckSeconds);

    private readonly ConcurrentDictionary<string, ServerCheck> _checks = new(StringComparer.Ordinal);

    /// <summary>The page's data for <paramref name="link"/>'s lot, or null when no such lot exists.</summary>
    public async Task<TracePageData?> LoadAsync(DigitalLinkPath link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var lotTrace = await trace.BackwardAsync(link.Gtin, link.Lot).ConfigureAwait(false);
        if (lotTrace is null)
        {
            return null;
        }

        var report = conditions.LotAsync(link.Gtin, link.Lot, cancellationToken);
        var check = ServerCheckAsync(link, lotTrace, cancellationToken);
        return new TracePageData(link, lotTrace, await report.ConfigureAwait(false), await check.ConfigureAwait(false), ledger.SigningKey.VerifierKey);
    }

    /// <summary>
    /// The server's verdict on the lot's proof bundle, checked with the same verifier the CLI
    /// uses and the platform's published key; reused while fresh and no involved log has grown.
    /// </summary>
    private async Task<ServerCheck> ServerCheckAsync(DigitalLinkPath link, LotTrace lotTrace, CancellationToken cancellationToken)
    {
        var key = link.LotPath;
        var logs = await ledger.LogsAsync(cancellationToken).ConfigureAwait(false);
        var sizes = lotTrace.Facilities
            .Select(f => logs.FirstOrDefault(l => l.FacilityId == f.Record.FacilityId)?.Size ?? 0)
            .ToArray();

        // A newly confirmed anchor changes what the bundle proves as much as a grown log does.
        var anchor = await anchors.LatestConfirmedAsync(cancellationToken).ConfigureAwait(false);
        sizes = [.. sizes, anchor?.Sequence ?? -1];
        var now = time.GetUtcNow();
        if (_checks.TryGetValue(key, out var cached) && now - cached.CheckedAt < _serverCheckLifetime && cached.LogSizes.AsSpan().SequenceEqual(sizes))
        {
            return cached;
        }

        var bundle = await proofs.BuildAsync(link.Gtin, link.Lot, cancellationToken).ConfigureAwait(false);
        ServerCheck check;
        if (bundle is null)
        {
            check = new ServerCheck(false, 0, "the lot's proof bundle could not be built", now, ProofBundle.NotAnchored, null, null, sizes);
        }
        else
        {
            var report = BundleVerifier.Verify(bundle, ledger.SigningKey.VerifierKey);
            check = new ServerCheck(report.Verified, bundle.Events.Count, report.Failures.FirstOrDefault()?.ToString(), now, bundle.AnchorStatus, bundle.Anchor,
                bundle.Checkpoints.Count == 0 ? null : bundle.Checkpoints.Max(c => c.CutAt), sizes);
        }

        _checks[key] = check;
        return check;
    }
}

/// <summary>Everything the trace page of one lot shows.</summary>
public sealed record TracePageData(
    DigitalLinkPath Link,
    LotTrace Trace,
    Contracts.V1.ConditionReport? Conditions,
    ServerCheck Server,
    string VerifierKey);

/// <summary>
/// The server's own check of a lot's proof bundle, shown on the page labelled as the server's;
/// <see cref="LogSizes"/> are the sizes of the lot's facility logs and the newest anchor's sequence it was made at.
/// </summary>
public sealed record ServerCheck(
    bool Verified,
    int Events,
    string? FirstFailure,
    DateTimeOffset CheckedAt,
    string AnchorStatus,
    BundleAnchor? Anchor,
    DateTimeOffset? CheckpointAt,
    long[] LogSizes);
