using Microsoft.Data.Sqlite;

namespace Traceability.Ledger;

/// <summary>
/// The ledger's tables, prefixed <c>ledger_</c> so that they can share a database file with the event
/// store. Leaves, nodes, logs and checkpoints are append-only: triggers refuse every UPDATE and
/// DELETE, and primary keys refuse a second row at the same place.
/// </summary>
internal static class LedgerSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS ledger_logs (
            log_id INTEGER PRIMARY KEY,
            name   TEXT NOT NULL UNIQUE
        );
        -- One row per leaf: the leaf data (SHA-256(0x00 || data) is its hash) and the caller's reference.
        CREATE TABLE IF NOT EXISTS ledger_leaves (
            log_id     INTEGER NOT NULL,
            leaf_index INTEGER NOT NULL,
            data       BLOB    NOT NULL,
            reference  INTEGER NOT NULL,
            PRIMARY KEY (log_id, leaf_index)
        ) WITHOUT ROWID;
        -- Every complete subtree above the leaves (level >= 1), keyed by the order in which the log
        -- completes its nodes (MerkleNodeId.StoredPosition), so that appends only ever write at the end.
        CREATE TABLE IF NOT EXISTS ledger_nodes (
            log_id   INTEGER NOT NULL,
            position INTEGER NOT NULL,
            hash     BLOB    NOT NULL,
            PRIMARY KEY (log_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS ledger_checkpoints (
            log_id INTEGER NOT NULL,
            size   INTEGER NOT NULL,
            root   BLOB    NOT NULL,
            note   TEXT    NOT NULL,
            cut_at TEXT    NOT NULL,
            PRIMARY KEY (log_id, size)
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS ledger_logs_no_update BEFORE UPDATE ON ledger_logs
            BEGIN SELECT RAISE(ABORT, 'ledger logs are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS ledger_logs_no_delete BEFORE DELETE ON ledger_logs
            BEGIN SELECT RAISE(ABORT, 'ledger logs are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS ledger_leaves_no_update BEFORE UPDATE ON ledger_leaves
            BEGIN SELECT RAISE(ABORT, 'ledger leaves are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS ledger_leaves_no_delete BEFORE DELETE ON ledger_leaves
            BEGIN SELECT RAISE(ABORT, 'ledger leaves are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS ledger_nodes_no_update BEFORE UPDATE ON ledger_nodes
            BEGIN SELECT RAISE(ABORT, 'ledger nodes are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS ledger_nodes_no_delete BEFORE DELETE ON ledger_nodes
            BEGIN SELECT RAISE(ABORT, 'ledger nodes are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
            BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
            BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
        """;
}
