using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Sqlite
{
    /// <summary>
    /// Issue 20 (ADR 0031): a journal row leaves to the journal one sequence before it what it shares with it — its
    /// previous hash (that journal's hash), its idempotency key with its request hash, its source reference — and stores
    /// an empty value instead (<c>SameAsBefore</c>; a key or reference only where the journal before stores its own — the
    /// second of a run, not the third — so that a reader finds it one journal back); a record's JSON is stored compressed after a fixed dictionary when
    /// that is shorter (<c>StoredJson</c>, through the function <c>cf_json_stored</c> the store registers on its
    /// connections). No column changes: the rows written before are converted here (the journals' append-only trigger
    /// paused for those updates), and both forms read the same, so no hash changes. Down writes every value out again.
    /// </summary>
    public partial class CompactChain : Migration
    {
        private const string Marker = "typeof({0}) = 'blob' AND length({0}) = 0";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            UpdateJournals(migrationBuilder, """
                UPDATE journals SET previous_hash = X'' WHERE sequence > 1 AND previous_hash =
                    (SELECT p.hash FROM journals p WHERE p.ledger_id = journals.ledger_id AND p.sequence = journals.sequence - 1);
                """,
                """
                UPDATE journals SET idempotency_key = X'', request_hash = NULL WHERE idempotency_key IS NOT NULL AND length(idempotency_key) > 0 AND EXISTS
                    (SELECT 1 FROM journals p WHERE p.ledger_id = journals.ledger_id AND p.sequence = journals.sequence - 1
                        AND p.idempotency_key = journals.idempotency_key AND p.request_hash IS journals.request_hash)
                    AND NOT EXISTS (SELECT 1 FROM journals q WHERE q.ledger_id = journals.ledger_id AND q.sequence = journals.sequence - 2
                        AND q.idempotency_key = journals.idempotency_key AND q.request_hash IS journals.request_hash);
                """,
                """
                UPDATE journals SET source_reference = X'' WHERE source_reference IS NOT NULL AND length(source_reference) > 0 AND EXISTS
                    (SELECT 1 FROM journals p WHERE p.ledger_id = journals.ledger_id AND p.sequence = journals.sequence - 1
                        AND p.source_reference = journals.source_reference)
                    AND NOT EXISTS (SELECT 1 FROM journals q WHERE q.ledger_id = journals.ledger_id AND q.sequence = journals.sequence - 2
                        AND q.source_reference = journals.source_reference);
                """);
            migrationBuilder.Sql("UPDATE documents SET json = cf_json_stored(json, 1) WHERE typeof(json) = 'text';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Each value from the nearest journal before that stores its own (a chain of journals sharing one key is
            // resolved whatever order the rows are updated in).
            UpdateJournals(migrationBuilder, $"""
                UPDATE journals SET previous_hash =
                    (SELECT p.hash FROM journals p WHERE p.ledger_id = journals.ledger_id AND p.sequence = journals.sequence - 1)
                WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, Marker, "previous_hash")};
                """,
                $"""
                UPDATE journals SET (idempotency_key, request_hash) =
                    (SELECT p.idempotency_key, p.request_hash FROM journals p WHERE p.ledger_id = journals.ledger_id AND p.sequence < journals.sequence
                        AND NOT ({string.Format(System.Globalization.CultureInfo.InvariantCulture, Marker, "p.idempotency_key")}) ORDER BY p.sequence DESC LIMIT 1)
                WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, Marker, "idempotency_key")};
                """,
                $"""
                UPDATE journals SET source_reference =
                    (SELECT p.source_reference FROM journals p WHERE p.ledger_id = journals.ledger_id AND p.sequence < journals.sequence
                        AND NOT ({string.Format(System.Globalization.CultureInfo.InvariantCulture, Marker, "p.source_reference")}) ORDER BY p.sequence DESC LIMIT 1)
                WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, Marker, "source_reference")};
                """);
            migrationBuilder.Sql("UPDATE documents SET json = cf_json_stored(json, 0) WHERE typeof(json) = 'blob';");
        }

        /// <summary>Runs <paramref name="updates"/> on the journals with their append-only trigger paused.</summary>
        private static void UpdateJournals(MigrationBuilder migrationBuilder, params string[] updates)
        {
            migrationBuilder.Sql("DROP TRIGGER journals_no_update;");
            foreach (var update in updates)
            {
                migrationBuilder.Sql(update);
            }

            migrationBuilder.Sql("CREATE TRIGGER journals_no_update BEFORE UPDATE ON journals BEGIN SELECT RAISE(ABORT, 'journals is append-only: correct the books with a reversal'); END;");
        }
    }
}
