using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReadPages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_journals_date",
                table: "journals");

            migrationBuilder.CreateIndex(
                name: "ix_journals_date",
                table: "journals",
                columns: new[] { "ledger_id", "accounting_date", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_position",
                table: "documents",
                columns: new[] { "ledger_id", "kind", "position", "key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_journals_date",
                table: "journals");

            migrationBuilder.DropIndex(
                name: "ix_documents_position",
                table: "documents");

            migrationBuilder.CreateIndex(
                name: "ix_journals_date",
                table: "journals",
                columns: new[] { "ledger_id", "accounting_date" });
        }
    }
}
