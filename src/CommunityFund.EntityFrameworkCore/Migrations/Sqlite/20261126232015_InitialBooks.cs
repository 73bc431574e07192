using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialBooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "balances",
                columns: table => new
                {
                    ledger_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    account = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    debit = table.Column<long>(type: "INTEGER", nullable: false),
                    credit = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_balances", x => new { x.ledger_id, x.entity_id, x.account, x.unit });
                });

            migrationBuilder.CreateTable(
                name: "daily_balances",
                columns: table => new
                {
                    ledger_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    account = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    date = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    debit = table.Column<long>(type: "INTEGER", nullable: false),
                    credit = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_balances", x => new { x.ledger_id, x.entity_id, x.account, x.unit, x.date });
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    ledger_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    first_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    journal_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => new { x.ledger_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "journals",
                columns: table => new
                {
                    ledger_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    accounting_date = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    memo = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    source_reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    reversal_of = table.Column<Guid>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false),
                    previous_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journals", x => new { x.ledger_id, x.sequence });
                });

            migrationBuilder.CreateTable(
                name: "ledgers",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    head_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    head_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    closed_through = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledgers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "journal_lines",
                columns: table => new
                {
                    ledger_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    line_number = table.Column<int>(type: "INTEGER", nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    account = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    side = table.Column<short>(type: "INTEGER", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    dimensions = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journal_lines", x => new { x.ledger_id, x.sequence, x.line_number });
                    table.ForeignKey(
                        name: "FK_journal_lines_journals_ledger_id_sequence",
                        columns: x => new { x.ledger_id, x.sequence },
                        principalTable: "journals",
                        principalColumns: new[] { "ledger_id", "sequence" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_journal_lines_account",
                table: "journal_lines",
                columns: new[] { "ledger_id", "entity_id", "account" });

            migrationBuilder.CreateIndex(
                name: "ix_journals_date",
                table: "journals",
                columns: new[] { "ledger_id", "accounting_date" });

            migrationBuilder.CreateIndex(
                name: "ux_journals_id",
                table: "journals",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_journals_reversal_of",
                table: "journals",
                columns: new[] { "ledger_id", "reversal_of" },
                unique: true,
                filter: "reversal_of IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "balances");

            migrationBuilder.DropTable(
                name: "daily_balances");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "journal_lines");

            migrationBuilder.DropTable(
                name: "ledgers");

            migrationBuilder.DropTable(
                name: "journals");
        }
    }
}
