using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20, target 2 (ADR 0038): a journal's lines move from rows of <c>journal_lines</c> (a heap tuple and two index
    /// entries each, ≈ 197 bytes a line) into three arrays of the journal's own row — each line's account id
    /// (<c>line_accounts</c>, <c>integer[]</c>), dimension set id (<c>line_sets</c>) and signed amount in minor units
    /// (<c>line_amounts</c>, <c>bigint[]</c>: positive a debit, negative a credit; a line's amount is never zero) — in
    /// line order, with a GIN index on the account ids for the register. The references the lines make to their sets
    /// and accounts are checked per statement on <c>journals</c> under the constraint names the lines had; a check
    /// constraint keeps the three arrays one-dimensional, of one length, the amounts without null or zero. The journals
    /// stay append-only (their triggers cover the new columns). <c>journal_lines</c> becomes a view with the table's
    /// columns that unnests the arrays (for the store's line reads, and for auditors' SQL); the rights granted on the
    /// table are granted on the view. The way down puts the table back with the lines, its indexes, triggers and
    /// rights, and drops the arrays.
    /// </summary>
    public partial class LinesInJournals : Migration
    {
        /// <summary>The rights granted on <c>journal_lines</c> to other roles than the owner, kept for the end of the
        /// migration (a table or view dropped takes its grants with it).</summary>
        private const string KeepGrants =
            "CREATE TEMP TABLE cf_line_grants ON COMMIT DROP AS SELECT grantee::text AS grantee, privilege_type::text AS privilege FROM information_schema.role_table_grants " +
            "WHERE table_schema = current_schema() AND table_name = 'journal_lines' AND grantee::text <> current_user AND privilege_type IN ('SELECT', 'INSERT');";

        private const string Regrant = """
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT grantee, privilege FROM cf_line_grants LOOP
                    EXECUTE format('GRANT %s ON journal_lines TO %I', r.privilege, r.grantee);
                END LOOP;
            END $$;
            DROP TABLE cf_line_grants;
            """;

        /// <summary>The references of a statement's journals' lines, each distinct set and account probed once by primary
        /// key (as <c>cf_lines_refer</c> did for the lines' table, ADR 0037), refused with the lines' constraint names.</summary>
        internal const string ReferFunction = """
            CREATE FUNCTION cf_journal_lines_refer() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
            DECLARE
                r record;
            BEGIN
                FOR r IN SELECT DISTINCT s FROM new_journals, unnest(line_sets) AS s LOOP
                    PERFORM 1 FROM dimension_sets WHERE id = r.s;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'insert or update on table "journals" violates foreign key constraint "FK_journal_lines_dimension_sets"'
                            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'FK_journal_lines_dimension_sets', TABLE = 'journals',
                                  DETAIL = format('Key (dimension_set)=(%s) is not present in table "dimension_sets".', r.s);
                    END IF;
                END LOOP;
                FOR r IN SELECT DISTINCT a FROM new_journals, unnest(line_accounts) AS a LOOP
                    PERFORM 1 FROM line_accounts WHERE id = r.a;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'insert or update on table "journals" violates foreign key constraint "FK_journal_lines_line_accounts"'
                            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'FK_journal_lines_line_accounts', TABLE = 'journals',
                                  DETAIL = format('Key (account_key)=(%s) is not present in table "line_accounts".', r.a);
                    END IF;
                END LOOP;
                RETURN NULL;
            END $$;
            """;

        /// <summary>The view of the lines with the table's columns (line numbers from 0, the side 1 a debit and 2 a credit,
        /// the amount positive).</summary>
        internal const string LinesView = """
            CREATE VIEW journal_lines AS
            SELECT j.ledger_id, j.sequence, (l.n - 1)::integer AS line_number, (CASE WHEN l.amount > 0 THEN 1 ELSE 2 END)::smallint AS side,
                   abs(l.amount) AS amount_minor, l.dimension_set::bigint AS dimension_set, l.account_key::bigint AS account_key
            FROM journals j CROSS JOIN LATERAL unnest(j.line_accounts, j.line_sets, j.line_amounts) WITH ORDINALITY AS l(account_key, dimension_set, amount, n);
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(KeepGrants);
            migrationBuilder.Sql("ALTER TABLE journals ADD COLUMN line_accounts integer[], ADD COLUMN line_sets integer[], ADD COLUMN line_amounts bigint[];");
            migrationBuilder.Sql("ALTER TABLE journals DISABLE TRIGGER journals_append_only;");
            migrationBuilder.Sql("""
                UPDATE journals j SET line_accounts = l.accounts, line_sets = l.sets, line_amounts = l.amounts
                FROM (SELECT ledger_id, sequence, array_agg(account_key::integer ORDER BY line_number) AS accounts, array_agg(dimension_set::integer ORDER BY line_number) AS sets,
                             array_agg(CASE WHEN side = 1 THEN amount_minor ELSE -amount_minor END ORDER BY line_number) AS amounts
                      FROM journal_lines GROUP BY ledger_id, sequence) l
                WHERE l.ledger_id = j.ledger_id AND l.sequence = j.sequence;
                """);
            migrationBuilder.Sql("UPDATE journals SET line_accounts = '{}', line_sets = '{}', line_amounts = '{}' WHERE line_accounts IS NULL;");
            migrationBuilder.Sql("ALTER TABLE journals ENABLE TRIGGER journals_append_only;");
            migrationBuilder.Sql("""
                ALTER TABLE journals ALTER COLUMN line_accounts SET NOT NULL, ALTER COLUMN line_sets SET NOT NULL, ALTER COLUMN line_amounts SET NOT NULL,
                    ADD CONSTRAINT ck_journals_lines CHECK (array_ndims(line_accounts) = 1 AND array_ndims(line_sets) = 1 AND array_ndims(line_amounts) = 1
                        AND cardinality(line_sets) = cardinality(line_accounts) AND cardinality(line_amounts) = cardinality(line_accounts)
                        AND array_position(line_amounts, NULL) IS NULL AND 0 <> ALL (line_amounts));
                """);
            migrationBuilder.Sql("CREATE INDEX ix_journals_line_accounts ON journals USING gin (line_accounts) WITH (fastupdate = off);");
            migrationBuilder.Sql(ReferFunction);
            migrationBuilder.Sql("CREATE TRIGGER journals_lines_refer AFTER INSERT ON journals REFERENCING NEW TABLE AS new_journals FOR EACH STATEMENT EXECUTE FUNCTION cf_journal_lines_refer();");
            migrationBuilder.Sql("DROP TABLE journal_lines;");
            migrationBuilder.Sql("DROP FUNCTION cf_lines_refer();");
            migrationBuilder.Sql(LinesView);
            migrationBuilder.Sql(Regrant);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(KeepGrants);
            migrationBuilder.Sql("DROP VIEW journal_lines;");
            migrationBuilder.Sql("""
                CREATE TABLE journal_lines (ledger_id character varying(64) NOT NULL, sequence bigint NOT NULL, line_number integer NOT NULL, side smallint NOT NULL,
                    amount_minor bigint NOT NULL, dimension_set bigint NOT NULL, account_key bigint NOT NULL,
                    CONSTRAINT "PK_journal_lines" PRIMARY KEY (ledger_id, sequence, line_number));
                """);
            migrationBuilder.Sql("""
                INSERT INTO journal_lines (ledger_id, sequence, line_number, side, amount_minor, dimension_set, account_key)
                SELECT j.ledger_id, j.sequence, l.n - 1, CASE WHEN l.amount > 0 THEN 1 ELSE 2 END, abs(l.amount), l.dimension_set, l.account_key
                FROM journals j CROSS JOIN LATERAL unnest(j.line_accounts, j.line_sets, j.line_amounts) WITH ORDINALITY AS l(account_key, dimension_set, amount, n);
                """);
            migrationBuilder.Sql("CREATE INDEX ix_journal_lines_account ON journal_lines (ledger_id, account_key, sequence);");
            migrationBuilder.Sql("CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON journal_lines FOR EACH ROW EXECUTE FUNCTION cf_refuse_change();");
            migrationBuilder.Sql("CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines FOR EACH STATEMENT EXECUTE FUNCTION cf_refuse_change();");
            migrationBuilder.Sql(LineReferencesPerStatement.ReferFunction);
            migrationBuilder.Sql("CREATE TRIGGER journal_lines_refer AFTER INSERT ON journal_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION cf_lines_refer();");
            migrationBuilder.Sql("DROP TRIGGER journals_lines_refer ON journals;");
            migrationBuilder.Sql("DROP FUNCTION cf_journal_lines_refer();");
            migrationBuilder.Sql("DROP INDEX ix_journals_line_accounts;");
            migrationBuilder.Sql("ALTER TABLE journals DROP CONSTRAINT ck_journals_lines, DROP COLUMN line_accounts, DROP COLUMN line_sets, DROP COLUMN line_amounts;");
            migrationBuilder.Sql(Regrant);
        }
    }
}
