using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20 (ADR 0028): each account lines are posted to — entity, account code, unit — is stored once, in
    /// <c>line_accounts</c> (append-only), and a line refers to it by id; the lines' account index is on (ledger, that
    /// id, sequence). Existing lines get their accounts' ids (their append-only trigger paused for that one update) and
    /// lose the three texts; what the chain hashes reads back the same. Roles that may append lines may read and add
    /// accounts. (The freed space is reused after a <c>VACUUM</c>; <c>VACUUM FULL</c> or <c>pg_repack</c> gives it back.)
    /// </summary>
    public partial class CompactLineAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "line_accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entity_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    account = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_line_accounts", x => x.id);
                });
            migrationBuilder.CreateIndex(name: "ux_line_accounts", table: "line_accounts", columns: ["entity_id", "account", "unit"], unique: true);
            migrationBuilder.Sql("INSERT INTO line_accounts (entity_id, account, unit) SELECT DISTINCT entity_id, account, unit FROM journal_lines ORDER BY 1, 2, 3;");
            migrationBuilder.AddColumn<long>(name: "account_key", table: "journal_lines", type: "bigint", nullable: true);
            migrationBuilder.Sql("ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_append_only;");
            migrationBuilder.Sql("UPDATE journal_lines l SET account_key = a.id FROM line_accounts a WHERE a.entity_id = l.entity_id AND a.account = l.account AND a.unit = l.unit;");
            migrationBuilder.Sql("ALTER TABLE journal_lines ENABLE TRIGGER journal_lines_append_only;");
            migrationBuilder.Sql("ALTER TABLE journal_lines ALTER COLUMN account_key SET NOT NULL;");
            migrationBuilder.DropIndex(name: "ix_journal_lines_account", table: "journal_lines");
            migrationBuilder.DropColumn(name: "entity_id", table: "journal_lines");
            migrationBuilder.DropColumn(name: "account", table: "journal_lines");
            migrationBuilder.DropColumn(name: "unit", table: "journal_lines");
            migrationBuilder.CreateIndex(name: "ix_journal_lines_account", table: "journal_lines", columns: ["ledger_id", "account_key", "sequence"]);
            migrationBuilder.Sql("ALTER TABLE journal_lines ADD CONSTRAINT \"FK_journal_lines_line_accounts\" FOREIGN KEY (account_key) REFERENCES line_accounts (id);");
            migrationBuilder.Sql("CREATE TRIGGER line_accounts_append_only BEFORE UPDATE OR DELETE ON line_accounts FOR EACH ROW EXECUTE FUNCTION cf_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER line_accounts_no_truncate BEFORE TRUNCATE ON line_accounts FOR EACH STATEMENT EXECUTE FUNCTION cf_refuse_change();");
            migrationBuilder.Sql("""
                DO $$
                DECLARE r record;
                BEGIN
                    FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                             WHERE table_name = 'journal_lines' AND privilege_type = 'INSERT' AND grantee <> current_user LOOP
                        EXECUTE format('GRANT SELECT, INSERT ON line_accounts TO %I', r.grantee);
                        EXECUTE format('GRANT USAGE ON SEQUENCE line_accounts_id_seq TO %I', r.grantee);
                    END LOOP;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "entity_id", table: "journal_lines", type: "character varying(64)", maxLength: 64, nullable: true);
            migrationBuilder.AddColumn<string>(name: "account", table: "journal_lines", type: "character varying(32)", maxLength: 32, nullable: true);
            migrationBuilder.AddColumn<string>(name: "unit", table: "journal_lines", type: "character varying(8)", maxLength: 8, nullable: true);
            migrationBuilder.Sql("ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_append_only;");
            migrationBuilder.Sql("UPDATE journal_lines l SET entity_id = a.entity_id, account = a.account, unit = a.unit FROM line_accounts a WHERE a.id = l.account_key;");
            migrationBuilder.Sql("ALTER TABLE journal_lines ENABLE TRIGGER journal_lines_append_only;");
            migrationBuilder.Sql("ALTER TABLE journal_lines ALTER COLUMN entity_id SET NOT NULL, ALTER COLUMN account SET NOT NULL, ALTER COLUMN unit SET NOT NULL;");
            migrationBuilder.DropIndex(name: "ix_journal_lines_account", table: "journal_lines");
            migrationBuilder.DropColumn(name: "account_key", table: "journal_lines");
            migrationBuilder.CreateIndex(name: "ix_journal_lines_account", table: "journal_lines", columns: ["ledger_id", "entity_id", "account", "sequence"]);
            migrationBuilder.DropTable(name: "line_accounts");
        }
    }
}
