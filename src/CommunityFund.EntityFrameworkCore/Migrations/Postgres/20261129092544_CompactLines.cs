using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20: each distinct set of line dimensions is stored once, in <c>dimension_sets</c> (append-only), and a line
    /// refers to it by id. Existing lines get their sets' ids (their append-only trigger is paused for that one update);
    /// what the chain hashes (the lines' dimensions) reads back the same. The sets' unique index is on
    /// <c>md5(json)</c>: a B-tree entry is limited to a third of a page, a set's JSON is not. Roles that may append
    /// lines may read and add sets. The stored HTTP replies of earlier versions are deleted (replays are answered from the
    /// command's record; nothing reads them). (The freed space is reused after a <c>VACUUM</c>.)
    /// </summary>
    public partial class CompactLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dimension_sets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    json = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dimension_sets", x => x.id);
                });
            migrationBuilder.Sql("CREATE UNIQUE INDEX ux_dimension_sets_json ON dimension_sets (md5(json));");
            migrationBuilder.Sql("INSERT INTO dimension_sets (json) SELECT DISTINCT dimensions FROM journal_lines ORDER BY 1;");
            migrationBuilder.AddColumn<long>(name: "dimension_set", table: "journal_lines", type: "bigint", nullable: true);
            migrationBuilder.Sql("ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_append_only;");
            migrationBuilder.Sql("UPDATE journal_lines l SET dimension_set = d.id FROM dimension_sets d WHERE d.json = l.dimensions;");
            migrationBuilder.Sql("ALTER TABLE journal_lines ENABLE TRIGGER journal_lines_append_only;");
            migrationBuilder.Sql("ALTER TABLE journal_lines ALTER COLUMN dimension_set SET NOT NULL;");
            migrationBuilder.DropColumn(name: "dimensions", table: "journal_lines");
            migrationBuilder.Sql("ALTER TABLE journal_lines ADD CONSTRAINT \"FK_journal_lines_dimension_sets\" FOREIGN KEY (dimension_set) REFERENCES dimension_sets (id);");
            // The HTTP layer's stored replies (kind http-idempotency, the whole answer JSON-escaped inside JSON, ~2 KB
            // each): unread since replays are answered from the command's own record, so nothing is lost.
            migrationBuilder.Sql("DELETE FROM documents WHERE kind = 'http-idempotency';");
            migrationBuilder.Sql("CREATE TRIGGER dimension_sets_append_only BEFORE UPDATE OR DELETE ON dimension_sets FOR EACH ROW EXECUTE FUNCTION cf_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER dimension_sets_no_truncate BEFORE TRUNCATE ON dimension_sets FOR EACH STATEMENT EXECUTE FUNCTION cf_refuse_change();");
            migrationBuilder.Sql("""
                DO $$
                DECLARE r record;
                BEGIN
                    FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                             WHERE table_name = 'journal_lines' AND privilege_type = 'INSERT' AND grantee <> current_user LOOP
                        EXECUTE format('GRANT SELECT, INSERT ON dimension_sets TO %I', r.grantee);
                        EXECUTE format('GRANT USAGE ON SEQUENCE dimension_sets_id_seq TO %I', r.grantee);
                    END LOOP;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "dimensions", table: "journal_lines", type: "text", nullable: true);
            migrationBuilder.Sql("ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_append_only;");
            migrationBuilder.Sql("UPDATE journal_lines l SET dimensions = d.json FROM dimension_sets d WHERE d.id = l.dimension_set;");
            migrationBuilder.Sql("ALTER TABLE journal_lines ENABLE TRIGGER journal_lines_append_only;");
            migrationBuilder.Sql("ALTER TABLE journal_lines ALTER COLUMN dimensions SET NOT NULL;");
            migrationBuilder.DropColumn(name: "dimension_set", table: "journal_lines");
            migrationBuilder.DropTable(name: "dimension_sets");
        }
    }
}
