using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20 (ADR 0028): a journal's metadata keys are stored once per distinct set, in <c>metadata_keys</c>
    /// (append-only; its unique index on <c>md5(json)</c>, as the dimension sets'), and a journal written from now on
    /// names its set in <c>metadata_keys</c> and keeps only the values in <c>metadata</c> (a JSON array); journals
    /// written before keep their JSON object and read as they did, so no journal is rewritten and every hash stays.
    /// Roles that may append journals may read and add key sets.
    /// </summary>
    public partial class CompactJournals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "metadata_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    json = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metadata_keys", x => x.id);
                });
            migrationBuilder.Sql("CREATE UNIQUE INDEX ux_metadata_keys_json ON metadata_keys (md5(json));");
            migrationBuilder.Sql("CREATE TRIGGER metadata_keys_append_only BEFORE UPDATE OR DELETE ON metadata_keys FOR EACH ROW EXECUTE FUNCTION cf_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER metadata_keys_no_truncate BEFORE TRUNCATE ON metadata_keys FOR EACH STATEMENT EXECUTE FUNCTION cf_refuse_change();");
            migrationBuilder.AddColumn<long>(name: "metadata_keys", table: "journals", type: "bigint", nullable: true);
            migrationBuilder.Sql("ALTER TABLE journals ADD CONSTRAINT \"FK_journals_metadata_keys\" FOREIGN KEY (metadata_keys) REFERENCES metadata_keys (id);");
            migrationBuilder.Sql("""
                DO $$
                DECLARE r record;
                BEGIN
                    FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                             WHERE table_name = 'journals' AND privilege_type = 'INSERT' AND grantee <> current_user LOOP
                        EXECUTE format('GRANT SELECT, INSERT ON metadata_keys TO %I', r.grantee);
                        EXECUTE format('GRANT USAGE ON SEQUENCE metadata_keys_id_seq TO %I', r.grantee);
                    END LOOP;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The journals written with a key set get their metadata back as a JSON object (the same map), with their
            // append-only trigger paused for that one update.
            migrationBuilder.Sql("ALTER TABLE journals DISABLE TRIGGER journals_append_only;");
            migrationBuilder.Sql("""
                UPDATE journals j SET metadata = (
                    SELECT json_object_agg(k.value, v.value ORDER BY k.i)::text
                    FROM metadata_keys m
                    CROSS JOIN LATERAL json_array_elements_text(m.json::json) WITH ORDINALITY AS k(value, i)
                    JOIN json_array_elements_text(j.metadata::json) WITH ORDINALITY AS v(value, i) ON v.i = k.i
                    WHERE m.id = j.metadata_keys)
                WHERE j.metadata_keys IS NOT NULL;
                """);
            migrationBuilder.Sql("ALTER TABLE journals ENABLE TRIGGER journals_append_only;");
            migrationBuilder.DropColumn(name: "metadata_keys", table: "journals");
            migrationBuilder.DropTable(name: "metadata_keys");
        }
    }
}
