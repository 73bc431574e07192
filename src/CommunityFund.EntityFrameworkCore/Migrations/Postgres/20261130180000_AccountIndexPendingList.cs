using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20 (ADR 0044): the GIN index of the journals' line accounts (<c>ix_journals_line_accounts</c>, ADR 0038)
    /// takes a new journal's entries into its pending list — at most 256 kB, merged into the index by the writer that
    /// fills it or by (auto)vacuum — instead of inserting one entry per distinct account into the tree on every append.
    /// Under the HTTP load on PostgreSQL that was +4–13% sales a second (ADR 0044); a read through the index also scans the pending
    /// list (≈ 0.3 ms at 1,500 pending journals). The way down turns the pending list off and merges what it holds.
    /// </summary>
    public partial class AccountIndexPendingList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("ALTER INDEX ix_journals_line_accounts SET (fastupdate = on, gin_pending_list_limit = 256);");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER INDEX ix_journals_line_accounts SET (fastupdate = off);");
            migrationBuilder.Sql("ALTER INDEX ix_journals_line_accounts RESET (gin_pending_list_limit);");
            migrationBuilder.Sql("SELECT gin_clean_pending_list('ix_journals_line_accounts');");
        }
    }
}
