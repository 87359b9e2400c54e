using System.Text.Json.Nodes;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Persistence.Tests.Ledger;

namespace Traceability.Proofs.Tests;

/// <summary>Builds the lot's bundle from a store in a temporary folder, and edits bundles as JSON.</summary>
internal static class BundleFixture
{
    public static readonly DateTimeOffset BuiltAt = new(2026, 6, 2, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The lot's bundle from the store at <paramref name="folder"/> (the chain is recorded first when <paramref name="record"/>).</summary>
    public static async Task<(ProofBundle Bundle, string VerifierKey)> BuildAsync(StoreFolder folder, bool record = true)
    {
        if (record)
        {
            await OcopChain.CreateAsync(folder.StoreFile);
        }

        await using var store = new SqliteEventStore(folder.StoreFile);
        var bundle = await new ProofBundleBuilder(store, store, new Traceability.Storage.NoAnchors(), new FixedTime(BuiltAt)).BuildAsync(OcopChain.Gtin, OcopChain.LotCode);
        return (bundle ?? throw new InvalidOperationException("no bundle for the lot"), store.SigningKey.VerifierKey);
    }

    /// <summary><paramref name="bundle"/> written out, changed as JSON by <paramref name="edit"/>, and read back.</summary>
    public static ProofBundle Edited(ProofBundle bundle, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(bundle.ToJson())!.AsObject();
        edit(json);
        return ProofBundle.Parse(json.ToJsonString());
    }

    /// <summary>The bundle's event (as JSON) that created <paramref name="record"/>.</summary>
    public static JsonObject EventOf(JsonObject bundle, string record) =>
        bundle["events"]!.AsArray().OfType<JsonObject>().Single(e => e["record"]!.GetValue<string>() == record);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
