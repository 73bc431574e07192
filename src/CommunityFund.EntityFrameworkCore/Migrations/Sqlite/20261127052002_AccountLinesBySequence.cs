using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountLinesBySequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_journal_lines_account",
                table: "journal_lines");

            migrationBuilder.CreateIndex(
                name: "ix_journal_lines_account",
                table: "journal_lines",
                columns: new[] { "ledger_id", "entity_id", "account", "sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_journal_lines_account",
                table: "journal_lines");

            migrationBuilder.CreateIndex(
                name: "ix_journal_lines_account",
                table: "journal_lines",
                columns: new[] { "ledger_id", "entity_id", "account" });
        }
    }
}
