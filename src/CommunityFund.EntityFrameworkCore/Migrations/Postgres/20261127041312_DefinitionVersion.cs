using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DefinitionVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "definition_version",
                table: "ledgers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "definition_version",
                table: "ledgers");
        }
    }
}
