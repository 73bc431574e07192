using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Sqlite
{
    /// <summary>
    /// Issue 20: each distinct set of line dimensions is stored once, in <c>dimension_sets</c> (append-only), and a line
    /// refers to it by id; <c>journal_lines</c> becomes a <c>WITHOUT ROWID</c> table clustered on its key (ledger,
    /// sequence, line), so the key is not stored a second time in an index of its own. Existing lines are copied with
    /// their sets' ids; what the chain hashes (the lines' dimensions) reads back the same. The stored HTTP replies of
    /// earlier versions are deleted (replays are answered from the command's record; nothing reads them).
    /// </summary>
    public partial class CompactLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "dimension_sets" (
                    "id" INTEGER NOT NULL CONSTRAINT "PK_dimension_sets" PRIMARY KEY AUTOINCREMENT,
                    "json" TEXT NOT NULL
                );
                """);
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "ux_dimension_sets_json" ON "dimension_sets" ("json");""");
            migrationBuilder.Sql("""INSERT INTO "dimension_sets" ("json") SELECT DISTINCT "dimensions" FROM "journal_lines" ORDER BY 1;""");
            migrationBuilder.Sql("""
                CREATE TABLE "journal_lines_compact" (
                    "ledger_id" TEXT NOT NULL,
                    "sequence" INTEGER NOT NULL,
                    "line_number" INTEGER NOT NULL,
                    "entity_id" TEXT NOT NULL,
                    "account" TEXT NOT NULL,
                    "side" INTEGER NOT NULL,
                    "amount_minor" INTEGER NOT NULL,
                    "unit" TEXT NOT NULL,
                    "dimension_set" INTEGER NOT NULL CONSTRAINT "FK_journal_lines_dimension_sets" REFERENCES "dimension_sets" ("id"),
                    CONSTRAINT "PK_journal_lines" PRIMARY KEY ("ledger_id", "sequence", "line_number"),
                    CONSTRAINT "FK_journal_lines_journals_ledger_id_sequence" FOREIGN KEY ("ledger_id", "sequence") REFERENCES "journals" ("ledger_id", "sequence") ON DELETE CASCADE
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "journal_lines_compact"
                SELECT l."ledger_id", l."sequence", l."line_number", l."entity_id", l."account", l."side", l."amount_minor", l."unit", d."id"
                FROM "journal_lines" l JOIN "dimension_sets" d ON d."json" = l."dimensions"
                ORDER BY l."ledger_id", l."sequence", l."line_number";
                """);
            migrationBuilder.Sql("""DROP TABLE "journal_lines";""");
            migrationBuilder.Sql("""ALTER TABLE "journal_lines_compact" RENAME TO "journal_lines";""");
            // The HTTP layer's stored replies (kind http-idempotency, the whole answer JSON-escaped inside JSON, ~2 KB
            // each): unread since replays are answered from the command's own record, so nothing is lost.
            migrationBuilder.Sql("DELETE FROM documents WHERE kind = 'http-idempotency';");
            AddIndexAndTriggers(migrationBuilder);
            foreach (var operation in new[] { "UPDATE", "DELETE" })
            {
                migrationBuilder.Sql($"CREATE TRIGGER dimension_sets_no_{operation.ToLowerInvariant()} BEFORE {operation} ON dimension_sets BEGIN SELECT RAISE(ABORT, 'dimension_sets is append-only: correct the books with a reversal'); END;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "journal_lines_text" (
                    "ledger_id" TEXT NOT NULL,
                    "sequence" INTEGER NOT NULL,
                    "line_number" INTEGER NOT NULL,
                    "entity_id" TEXT NOT NULL,
                    "account" TEXT NOT NULL,
                    "side" INTEGER NOT NULL,
                    "amount_minor" INTEGER NOT NULL,
                    "unit" TEXT NOT NULL,
                    "dimensions" TEXT NOT NULL,
                    CONSTRAINT "PK_journal_lines" PRIMARY KEY ("ledger_id", "sequence", "line_number"),
                    CONSTRAINT "FK_journal_lines_journals_ledger_id_sequence" FOREIGN KEY ("ledger_id", "sequence") REFERENCES "journals" ("ledger_id", "sequence") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "journal_lines_text"
                SELECT l."ledger_id", l."sequence", l."line_number", l."entity_id", l."account", l."side", l."amount_minor", l."unit", d."json"
                FROM "journal_lines" l JOIN "dimension_sets" d ON d."id" = l."dimension_set";
                """);
            migrationBuilder.Sql("""DROP TABLE "journal_lines";""");
            migrationBuilder.Sql("""ALTER TABLE "journal_lines_text" RENAME TO "journal_lines";""");
            migrationBuilder.Sql("""DROP TABLE "dimension_sets";""");
            AddIndexAndTriggers(migrationBuilder);
        }

        /// <summary>What dropping the old table took with it: the account index and the append-only triggers.</summary>
        private static void AddIndexAndTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE INDEX "ix_journal_lines_account" ON "journal_lines" ("ledger_id", "entity_id", "account", "sequence");""");
            foreach (var operation in new[] { "UPDATE", "DELETE" })
            {
                migrationBuilder.Sql($"CREATE TRIGGER journal_lines_no_{operation.ToLowerInvariant()} BEFORE {operation} ON journal_lines BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only: correct the books with a reversal'); END;");
            }
        }
    }
}
