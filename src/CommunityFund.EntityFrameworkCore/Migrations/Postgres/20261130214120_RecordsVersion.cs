using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20 (ADR 0045): <c>ledgers.records_version</c>, moved by every record written or deleted without journals. With
    /// the head it tells the group commit's planner whether the record lists it read for the group before are still the
    /// stored ones, so a group of sales reads its package and policy lists again only when they may have changed.
    /// </summary>
    public partial class RecordsVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "records_version",
                table: "ledgers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "records_version",
                table: "ledgers");
        }
    }
}
