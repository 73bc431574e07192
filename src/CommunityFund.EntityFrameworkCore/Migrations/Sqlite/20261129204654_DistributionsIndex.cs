using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Sqlite
{
    /// <summary>
    /// Issue 21 (ADR 0033): a partial index of the distribution journals by (ledger, accounting date, id), so the
    /// distribution report reads a page from the store instead of an index of every distribution held in memory.
    /// </summary>
    public partial class DistributionsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_journals_distributions",
                table: "journals",
                columns: new[] { "ledger_id", "accounting_date", "id" },
                filter: "kind = 'Distribution'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_journals_distributions",
                table: "journals");
        }
    }
}
