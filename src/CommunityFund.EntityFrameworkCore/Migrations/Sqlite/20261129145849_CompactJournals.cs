using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Sqlite
{
    /// <summary>
    /// Issue 20 (ADR 0028): a journal's metadata keys are stored once per distinct set, in <c>metadata_keys</c>
    /// (append-only), and a journal written from now on names its set in <c>metadata_keys</c> and keeps only the values
    /// in <c>metadata</c> (a JSON array); journals written before keep their JSON object and read as they did, so every
    /// hash stays. <c>idempotency_keys</c> and <c>documents</c> become <c>WITHOUT ROWID</c> tables clustered on their
    /// keys, so a key is not stored a second time in an index of its own. Journal ids (and reversed ids) become their
    /// 16 bytes, and keys that are UUIDs in their canonical text (idempotency keys, record keys) theirs, converted here
    /// with the functions the store registers on its connections (<c>cf_uuid_bytes</c>, <c>cf_uuid_text</c>). (No foreign key on
    /// <c>journals.metadata_keys</c>: SQLite could not drop the column again on the way down.)
    /// </summary>
    public partial class CompactJournals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "metadata_keys" (
                    "id" INTEGER NOT NULL CONSTRAINT "PK_metadata_keys" PRIMARY KEY AUTOINCREMENT,
                    "json" TEXT NOT NULL
                );
                """);
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "ux_metadata_keys_json" ON "metadata_keys" ("json");""");
            foreach (var operation in new[] { "UPDATE", "DELETE" })
            {
                migrationBuilder.Sql($"CREATE TRIGGER metadata_keys_no_{operation.ToLowerInvariant()} BEFORE {operation} ON metadata_keys BEGIN SELECT RAISE(ABORT, 'metadata_keys is append-only: correct the books with a reversal'); END;");
            }

            migrationBuilder.Sql("""ALTER TABLE "journals" ADD COLUMN "metadata_keys" INTEGER NULL;""");
            ConvertJournalIds(migrationBuilder, """id = cf_uuid_bytes(id, 0), reversal_of = cf_uuid_bytes(reversal_of, 0), idempotency_key = cf_uuid_bytes(idempotency_key, 1)""");
            RebuildKeyTables(migrationBuilder, " WITHOUT ROWID", "cf_uuid_bytes(\"key\", 1)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The journals written with a key set get their metadata back as a JSON object (the same map), with their
            // append-only trigger paused for that one update.
            migrationBuilder.Sql("DROP TRIGGER journals_no_update;");
            migrationBuilder.Sql("""
                UPDATE journals SET metadata = (
                    SELECT json_group_object(k.value, v.value)
                    FROM metadata_keys m, json_each(m.json) k JOIN json_each(journals.metadata) v ON v.key = k.key
                    WHERE m.id = journals.metadata_keys)
                WHERE metadata_keys IS NOT NULL;
                """);
            migrationBuilder.Sql("CREATE TRIGGER journals_no_update BEFORE UPDATE ON journals BEGIN SELECT RAISE(ABORT, 'journals is append-only: correct the books with a reversal'); END;");
            migrationBuilder.Sql("""ALTER TABLE "journals" DROP COLUMN "metadata_keys";""");
            migrationBuilder.Sql("""DROP TABLE "metadata_keys";""");
            ConvertJournalIds(migrationBuilder, """id = cf_uuid_text(id, 1), reversal_of = cf_uuid_text(reversal_of, 1), idempotency_key = cf_uuid_text(idempotency_key, 0)""");
            RebuildKeyTables(migrationBuilder, string.Empty, "cf_uuid_text(\"key\", 0)");
        }

        /// <summary>Sets the journals' ids, reversed ids and idempotency keys to <paramref name="assignments"/> (their
        /// bytes on the way up, their text on the way down), with the journals' append-only trigger paused for that one
        /// update. The ids are not hashed as stored: a journal's canonical form holds the id itself.</summary>
        private static void ConvertJournalIds(MigrationBuilder migrationBuilder, string assignments)
        {
            migrationBuilder.Sql("DROP TRIGGER journals_no_update;");
            migrationBuilder.Sql($"UPDATE journals SET {assignments};");
            migrationBuilder.Sql("CREATE TRIGGER journals_no_update BEFORE UPDATE ON journals BEGIN SELECT RAISE(ABORT, 'journals is append-only: correct the books with a reversal'); END;");
        }

        /// <summary>Copies <c>idempotency_keys</c> and <c>documents</c> into tables of the same columns, keys and indexes
        /// with <paramref name="options"/>, each key as <paramref name="key"/> makes it, and restores the idempotency
        /// records' append-only triggers.</summary>
        private static void RebuildKeyTables(MigrationBuilder migrationBuilder, string options, string key)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE "idempotency_keys_new" (
                    "ledger_id" TEXT NOT NULL,
                    "key" TEXT NOT NULL,
                    "request_hash" TEXT NULL,
                    "first_sequence" INTEGER NOT NULL,
                    "journal_count" INTEGER NOT NULL,
                    CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("ledger_id", "key")
                ){options};
                """);
            migrationBuilder.Sql($"""INSERT INTO "idempotency_keys_new" SELECT "ledger_id", {key}, "request_hash", "first_sequence", "journal_count" FROM "idempotency_keys" ORDER BY 1, 2;""");
            migrationBuilder.Sql("""DROP TABLE "idempotency_keys";""");
            migrationBuilder.Sql("""ALTER TABLE "idempotency_keys_new" RENAME TO "idempotency_keys";""");
            foreach (var operation in new[] { "UPDATE", "DELETE" })
            {
                migrationBuilder.Sql($"CREATE TRIGGER idempotency_keys_no_{operation.ToLowerInvariant()} BEFORE {operation} ON idempotency_keys BEGIN SELECT RAISE(ABORT, 'idempotency_keys is append-only: correct the books with a reversal'); END;");
            }

            migrationBuilder.Sql($"""
                CREATE TABLE "documents_new" (
                    "ledger_id" TEXT NOT NULL,
                    "kind" TEXT NOT NULL,
                    "key" TEXT NOT NULL,
                    "owner" TEXT NOT NULL,
                    "position" INTEGER NOT NULL,
                    "json" TEXT NOT NULL,
                    "schema_version" INTEGER NOT NULL DEFAULT 1,
                    CONSTRAINT "PK_documents" PRIMARY KEY ("ledger_id", "kind", "key")
                ){options};
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "documents_new" SELECT "ledger_id", "kind", {key}, "owner", "position", "json", "schema_version" FROM "documents"
                ORDER BY 1, 2, 3;
                """);
            migrationBuilder.Sql("""DROP TABLE "documents";""");
            migrationBuilder.Sql("""ALTER TABLE "documents_new" RENAME TO "documents";""");
            migrationBuilder.Sql("""CREATE INDEX "ix_documents_owner" ON "documents" ("ledger_id", "kind", "owner", "position");""");
            migrationBuilder.Sql("""CREATE INDEX "ix_documents_position" ON "documents" ("ledger_id", "kind", "position", "key");""");
        }
    }
}
