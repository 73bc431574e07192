using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20 (ADR 0031): a journal row whose previous hash is the hash of the journal one sequence before it stores an
    /// empty text instead (<c>SameAsBefore</c>; on PostgreSQL only the previous hash: an empty key or source reference
    /// could be a caller's). No column changes: the rows written before are converted here (the journals' append-only
    /// trigger paused for that one update), and both forms read the same, so no hash changes. Down writes the hashes out
    /// again.
    /// </summary>
    public partial class CompactChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE journals DISABLE TRIGGER journals_append_only;");
            migrationBuilder.Sql("""
                UPDATE journals j SET previous_hash = '' FROM journals p
                WHERE p.ledger_id = j.ledger_id AND p.sequence = j.sequence - 1 AND j.sequence > 1 AND p.hash = j.previous_hash;
                """);
            migrationBuilder.Sql("ALTER TABLE journals ENABLE TRIGGER journals_append_only;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE journals DISABLE TRIGGER journals_append_only;");
            migrationBuilder.Sql("""
                UPDATE journals j SET previous_hash = p.hash FROM journals p
                WHERE p.ledger_id = j.ledger_id AND p.sequence = j.sequence - 1 AND j.previous_hash = '';
                """);
            migrationBuilder.Sql("ALTER TABLE journals ENABLE TRIGGER journals_append_only;");
        }
    }
}
