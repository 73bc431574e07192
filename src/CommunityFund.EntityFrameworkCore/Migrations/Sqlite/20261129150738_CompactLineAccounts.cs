using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Sqlite
{
    /// <summary>
    /// Issue 20 (ADR 0028): each account lines are posted to — entity, account code, unit — is stored once, in
    /// <c>line_accounts</c> (append-only), and a line refers to it by id; the lines' account index is on (ledger, that
    /// id, sequence). Existing lines are copied into the new <c>WITHOUT ROWID</c> table with their accounts' ids; what
    /// the chain hashes (the lines' entity, account and amount with its unit) reads back the same.
    /// </summary>
    public partial class CompactLineAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "line_accounts" (
                    "id" INTEGER NOT NULL CONSTRAINT "PK_line_accounts" PRIMARY KEY AUTOINCREMENT,
                    "entity_id" TEXT NOT NULL,
                    "account" TEXT NOT NULL,
                    "unit" TEXT NOT NULL
                );
                """);
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "ux_line_accounts" ON "line_accounts" ("entity_id", "account", "unit");""");
            migrationBuilder.Sql("""INSERT INTO "line_accounts" ("entity_id", "account", "unit") SELECT DISTINCT "entity_id", "account", "unit" FROM "journal_lines" ORDER BY 1, 2, 3;""");
            migrationBuilder.Sql("""
                CREATE TABLE "journal_lines_compact" (
                    "ledger_id" TEXT NOT NULL,
                    "sequence" INTEGER NOT NULL,
                    "line_number" INTEGER NOT NULL,
                    "account_key" INTEGER NOT NULL CONSTRAINT "FK_journal_lines_line_accounts" REFERENCES "line_accounts" ("id"),
                    "side" INTEGER NOT NULL,
                    "amount_minor" INTEGER NOT NULL,
                    "dimension_set" INTEGER NOT NULL CONSTRAINT "FK_journal_lines_dimension_sets" REFERENCES "dimension_sets" ("id"),
                    CONSTRAINT "PK_journal_lines" PRIMARY KEY ("ledger_id", "sequence", "line_number"),
                    CONSTRAINT "FK_journal_lines_journals_ledger_id_sequence" FOREIGN KEY ("ledger_id", "sequence") REFERENCES "journals" ("ledger_id", "sequence") ON DELETE CASCADE
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "journal_lines_compact"
                SELECT l."ledger_id", l."sequence", l."line_number", a."id", l."side", l."amount_minor", l."dimension_set"
                FROM "journal_lines" l JOIN "line_accounts" a ON a."entity_id" = l."entity_id" AND a."account" = l."account" AND a."unit" = l."unit"
                ORDER BY l."ledger_id", l."sequence", l."line_number";
                """);
            migrationBuilder.Sql("""DROP TABLE "journal_lines";""");
            migrationBuilder.Sql("""ALTER TABLE "journal_lines_compact" RENAME TO "journal_lines";""");
            migrationBuilder.Sql("""CREATE INDEX "ix_journal_lines_account" ON "journal_lines" ("ledger_id", "account_key", "sequence");""");
            AddTriggers(migrationBuilder, "journal_lines");
            AddTriggers(migrationBuilder, "line_accounts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "journal_lines_wide" (
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
                INSERT INTO "journal_lines_wide"
                SELECT l."ledger_id", l."sequence", l."line_number", a."entity_id", a."account", l."side", l."amount_minor", a."unit", l."dimension_set"
                FROM "journal_lines" l JOIN "line_accounts" a ON a."id" = l."account_key"
                ORDER BY l."ledger_id", l."sequence", l."line_number";
                """);
            migrationBuilder.Sql("""DROP TABLE "journal_lines";""");
            migrationBuilder.Sql("""ALTER TABLE "journal_lines_wide" RENAME TO "journal_lines";""");
            migrationBuilder.Sql("""DROP TABLE "line_accounts";""");
            migrationBuilder.Sql("""CREATE INDEX "ix_journal_lines_account" ON "journal_lines" ("ledger_id", "entity_id", "account", "sequence");""");
            AddTriggers(migrationBuilder, "journal_lines");
        }

        private static void AddTriggers(MigrationBuilder migrationBuilder, string table)
        {
            foreach (var operation in new[] { "UPDATE", "DELETE" })
            {
                migrationBuilder.Sql($"CREATE TRIGGER {table}_no_{operation.ToLowerInvariant()} BEFORE {operation} ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only: correct the books with a reversal'); END;");
            }
        }
    }
}
