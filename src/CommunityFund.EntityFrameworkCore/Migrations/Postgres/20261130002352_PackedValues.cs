using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20 (ADR 0035): the journals' hashes, previous hashes, request hashes, idempotency keys and source references,
    /// the idempotency records' keys and request hashes and the records' keys are stored in <c>bytea</c>
    /// (<c>PackedText</c>: a canonical UUID as its 16 bytes, a canonical hash as its 32, any other text as a zero byte and
    /// its UTF-8 — a text of 15 or 31 bytes as the byte 1, its UTF-8 and a zero byte, so that 16 and 32 bytes are always
    /// a UUID and a hash) — so every text reads back as written, and the empty <c>bytea</c>, no text's form, is free to mean "the
    /// same as the journal before": a journal row now leaves its key with its request hash and its source reference to
    /// the journal before it as on SQLite (<c>SameAsBefore</c>; the rows written before are converted here, the journals'
    /// append-only trigger paused). The previous hashes left to the journal before as an empty text become the empty
    /// <c>bytea</c>. No hash changes. Down writes every value out again and makes the columns text.
    /// </summary>
    public partial class PackedValues : Migration
    {
        private static readonly string[] JournalColumns = ["hash", "previous_hash", "request_hash", "idempotency_key", "source_reference"];

        /// <summary>The text of a <c>PackedText</c> (a function for the conversion only).</summary>
        private const string Unpacked = """
            CREATE FUNCTION cf_unpacked(b bytea) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
              SELECT CASE WHEN length(b) = 0 THEN '' WHEN length(b) = 16 THEN encode(b, 'hex')::uuid::text WHEN length(b) = 32 THEN encode(b, 'hex')
                          WHEN get_byte(b, 0) = 1 THEN convert_from(substring(b FROM 2 FOR length(b) - 2), 'UTF8')
                          ELSE convert_from(substring(b FROM 2), 'UTF8') END $$;
            """;

        /// <summary>The <c>PackedText</c> of a text (the empty text, a previous hash left to the journal before, the empty bytes).</summary>
        private const string Packed = """
            CREATE FUNCTION cf_packed(t text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
              SELECT CASE WHEN t ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN decode(replace(t, '-', ''), 'hex')
                          WHEN t ~ '^[0-9a-f]{64}$' THEN decode(t, 'hex')
                          WHEN octet_length(t) IN (15, 31) THEN decode('01', 'hex') || convert_to(t, 'UTF8') || decode('00', 'hex')
                          ELSE decode('00', 'hex') || convert_to(t, 'UTF8') END $$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Packed);
            migrationBuilder.Sql("ALTER TABLE journals " + string.Join(", ", JournalColumns.Select(c =>
                c == "previous_hash"
                    ? "ALTER COLUMN previous_hash TYPE bytea USING CASE previous_hash WHEN '' THEN ''::bytea ELSE cf_packed(previous_hash) END"
                    : $"ALTER COLUMN {c} TYPE bytea USING cf_packed({c})")) + ";");
            migrationBuilder.Sql("ALTER TABLE idempotency_keys ALTER COLUMN key TYPE bytea USING cf_packed(key), ALTER COLUMN request_hash TYPE bytea USING cf_packed(request_hash);");
            migrationBuilder.Sql("ALTER TABLE documents ALTER COLUMN key TYPE bytea USING cf_packed(key);");
            migrationBuilder.Sql("DROP FUNCTION cf_packed(text);");

            // A key or reference is left only where the journal before stores its own (the second of a run, not the third).
            migrationBuilder.Sql("ALTER TABLE journals DISABLE TRIGGER journals_append_only;");
            migrationBuilder.Sql("""
                UPDATE journals j SET idempotency_key = ''::bytea, request_hash = NULL FROM journals p
                WHERE p.ledger_id = j.ledger_id AND p.sequence = j.sequence - 1 AND length(j.idempotency_key) > 0
                    AND p.idempotency_key = j.idempotency_key AND p.request_hash IS NOT DISTINCT FROM j.request_hash
                    AND NOT EXISTS (SELECT 1 FROM journals q WHERE q.ledger_id = j.ledger_id AND q.sequence = j.sequence - 2
                        AND q.idempotency_key = j.idempotency_key AND q.request_hash IS NOT DISTINCT FROM j.request_hash);
                """);
            migrationBuilder.Sql("""
                UPDATE journals j SET source_reference = ''::bytea FROM journals p
                WHERE p.ledger_id = j.ledger_id AND p.sequence = j.sequence - 1 AND length(j.source_reference) > 0
                    AND p.source_reference = j.source_reference
                    AND NOT EXISTS (SELECT 1 FROM journals q WHERE q.ledger_id = j.ledger_id AND q.sequence = j.sequence - 2
                        AND q.source_reference = j.source_reference);
                """);
            migrationBuilder.Sql("ALTER TABLE journals ENABLE TRIGGER journals_append_only;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Each key and reference from the journal one before, which stores its own.
            migrationBuilder.Sql("ALTER TABLE journals DISABLE TRIGGER journals_append_only;");
            migrationBuilder.Sql("""
                UPDATE journals j SET idempotency_key = p.idempotency_key, request_hash = p.request_hash FROM journals p
                WHERE p.ledger_id = j.ledger_id AND p.sequence = j.sequence - 1 AND length(j.idempotency_key) = 0;
                """);
            migrationBuilder.Sql("""
                UPDATE journals j SET source_reference = p.source_reference FROM journals p
                WHERE p.ledger_id = j.ledger_id AND p.sequence = j.sequence - 1 AND length(j.source_reference) = 0;
                """);
            migrationBuilder.Sql("ALTER TABLE journals ENABLE TRIGGER journals_append_only;");
            migrationBuilder.Sql(Unpacked);
            migrationBuilder.Sql("ALTER TABLE journals " + string.Join(", ", JournalColumns.Select(c =>
                $"ALTER COLUMN {c} TYPE character varying({(c.EndsWith("hash", System.StringComparison.Ordinal) ? 64 : 200)}) USING cf_unpacked({c})")) + ";");
            migrationBuilder.Sql("""
                ALTER TABLE idempotency_keys ALTER COLUMN key TYPE character varying(200) USING cf_unpacked(key),
                    ALTER COLUMN request_hash TYPE character varying(64) USING cf_unpacked(request_hash);
                """);
            migrationBuilder.Sql("ALTER TABLE documents ALTER COLUMN key TYPE character varying(200) USING cf_unpacked(key);");
            migrationBuilder.Sql("DROP FUNCTION cf_unpacked(bytea);");
        }
    }
}
