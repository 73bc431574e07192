using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20: the statement-level check of a journal's line references (<c>cf_journal_lines_refer</c>, ADR 0037 and
    /// 0038) makes two queries a statement instead of one primary-key probe per distinct set and account, and keeps
    /// their plans. The probes ran with <c>plan_cache_mode = force_custom_plan</c>, so each was planned on every call —
    /// ≈ 16 plannings a group of sales, on the one stage a ledger's commits wait for: under the HTTP load on PostgreSQL a
    /// function that checks nothing gave 1,226 sales/s, the probes 1,032–1,077. The two queries (each distinct reference
    /// of the statement, joined laterally to its table's primary key) have no parameters, so PL/pgSQL plans them once a
    /// connection; <c>enable_seqscan = off</c> on the function keeps that plan on the primary key even when it is made
    /// while a table is tiny (the reason the probes were planned afresh). Same refusal: SQLSTATE 23503 with the lines'
    /// constraint names and the missing key. The way down restores the probes.
    /// </summary>
    public partial class LineReferencesInTwoQueries : Migration
    {
        /// <summary>The check in two planned-once queries.</summary>
        internal const string ReferFunction = """
            CREATE OR REPLACE FUNCTION cf_journal_lines_refer() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
            DECLARE
                missing integer;
            BEGIN
                SELECT n.s INTO missing FROM (SELECT DISTINCT unnest(line_sets) AS s FROM new_journals) AS n
                    LEFT JOIN LATERAL (SELECT true AS present FROM dimension_sets d WHERE d.id = n.s LIMIT 1) AS f ON true
                    WHERE f.present IS NULL LIMIT 1;
                IF FOUND THEN
                    RAISE EXCEPTION 'insert or update on table "journals" violates foreign key constraint "FK_journal_lines_dimension_sets"'
                        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'FK_journal_lines_dimension_sets', TABLE = 'journals',
                              DETAIL = format('Key (dimension_set)=(%s) is not present in table "dimension_sets".', missing);
                END IF;
                SELECT n.a INTO missing FROM (SELECT DISTINCT unnest(line_accounts) AS a FROM new_journals) AS n
                    LEFT JOIN LATERAL (SELECT true AS present FROM line_accounts l WHERE l.id = n.a LIMIT 1) AS f ON true
                    WHERE f.present IS NULL LIMIT 1;
                IF FOUND THEN
                    RAISE EXCEPTION 'insert or update on table "journals" violates foreign key constraint "FK_journal_lines_line_accounts"'
                        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'FK_journal_lines_line_accounts', TABLE = 'journals',
                              DETAIL = format('Key (account_key)=(%s) is not present in table "line_accounts".', missing);
                END IF;
                RETURN NULL;
            END $$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(ReferFunction);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(LinesInJournals.ReferFunction.Replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", StringComparison.Ordinal));
    }
}
