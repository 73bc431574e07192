using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EconomyDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    ledger_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    position = table.Column<long>(type: "INTEGER", nullable: false),
                    json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_documents", x => new { x.ledger_id, x.kind, x.key });
                });

            migrationBuilder.CreateIndex(
                name: "ix_documents_owner",
                table: "documents",
                columns: new[] { "ledger_id", "kind", "owner", "position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "documents");
        }
    }
}
