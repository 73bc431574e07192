using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20 (ADR 0035): a record's JSON is stored in a <c>bytea</c> as SQLite stores it since <c>CompactChain</c>
    /// (<see cref="StoredJson"/>: raw DEFLATE after a fixed dictionary, format byte 1, when shorter), or as format byte 0
    /// and the UTF-8 text. The records written before become format 0 (the same text; PostgreSQL cannot compress them
    /// here): they read as before. Down inflates the compressed records in PL/pgSQL (<see cref="PostgresInflate"/>) and
    /// makes the column text again.
    /// </summary>
    public partial class PackedRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE documents ALTER COLUMN json TYPE bytea USING decode('00', 'hex') || convert_to(json, 'UTF8');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresInflate.Create);
            migrationBuilder.Sql($"""
                ALTER TABLE documents ALTER COLUMN json TYPE text USING convert_from(CASE get_byte(json, 0)
                    WHEN {StoredJson.Text} THEN substring(json FROM 2)
                    WHEN {StoredJson.Deflated} THEN cf_inflate(decode('{System.Convert.ToHexString(StoredJson.Dictionary)}', 'hex'), substring(json FROM 2)) END, 'UTF8');
                """);
            migrationBuilder.Sql(PostgresInflate.Drop);
        }
    }
}
