using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.EntityFrameworkCore.Migrations.Postgres
{
    /// <summary>
    /// Issue 20 (ADR 0037): a line's three references — to its journal, its set of dimensions and its account — are
    /// checked once per <c>INSERT</c> statement instead of once per line. PostgreSQL checks a foreign key with a trigger
    /// per inserted row (a lookup that also locks the referenced row <c>FOR KEY SHARE</c>): three per line, thirty per
    /// sale, the largest part of the server's work for a sale. The referenced tables are append-only (their triggers
    /// refuse <c>UPDATE</c>, <c>DELETE</c> and <c>TRUNCATE</c>), so the only check left to make is the inserting side's:
    /// one statement-level trigger reads the statement's new lines (a transition table) and refuses the statement with
    /// the very error the foreign key raised (SQLSTATE 23503, the constraint's name, the missing key), which
    /// <c>DatabaseErrors</c> translates as before. The way down puts the foreign keys back.
    /// </summary>
    public partial class LineReferencesPerStatement : Migration
    {
        private static readonly (string Constraint, string Definition)[] ForeignKeys =
        [
            ("FK_journal_lines_journals_ledger_id_sequence", "FOREIGN KEY (ledger_id, sequence) REFERENCES journals (ledger_id, sequence) ON DELETE CASCADE"),
            ("FK_journal_lines_dimension_sets", "FOREIGN KEY (dimension_set) REFERENCES dimension_sets (id)"),
            ("FK_journal_lines_line_accounts", "FOREIGN KEY (account_key) REFERENCES line_accounts (id)"),
        ];

        /// <summary>The statement-level check of the lines' references (also put back by <see cref="LinesInJournals"/>'s way
        /// down).</summary>
        internal const string ReferFunction = """
                CREATE FUNCTION cf_lines_refer() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
                DECLARE
                    r record;
                BEGIN
                    -- One primary-key probe per distinct reference (two journals, a few sets and accounts a sale), each
                    -- planned for its own values at the table's size of the moment: a plan kept from the table's first
                    -- rows (a new database's) probed journals through another index, at ~16 pages a probe instead of 3.
                    FOR r IN SELECT DISTINCT ledger_id, sequence FROM new_lines LOOP
                        PERFORM 1 FROM journals WHERE ledger_id = r.ledger_id AND sequence = r.sequence;
                        IF NOT FOUND THEN
                            RAISE EXCEPTION 'insert or update on table "journal_lines" violates foreign key constraint "FK_journal_lines_journals_ledger_id_sequence"'
                                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'FK_journal_lines_journals_ledger_id_sequence', TABLE = 'journal_lines',
                                      DETAIL = format('Key (ledger_id, sequence)=(%s, %s) is not present in table "journals".', r.ledger_id, r.sequence);
                        END IF;
                    END LOOP;
                    FOR r IN SELECT DISTINCT dimension_set FROM new_lines LOOP
                        PERFORM 1 FROM dimension_sets WHERE id = r.dimension_set;
                        IF NOT FOUND THEN
                            RAISE EXCEPTION 'insert or update on table "journal_lines" violates foreign key constraint "FK_journal_lines_dimension_sets"'
                                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'FK_journal_lines_dimension_sets', TABLE = 'journal_lines',
                                      DETAIL = format('Key (dimension_set)=(%s) is not present in table "dimension_sets".', r.dimension_set);
                        END IF;
                    END LOOP;
                    FOR r IN SELECT DISTINCT account_key FROM new_lines LOOP
                        PERFORM 1 FROM line_accounts WHERE id = r.account_key;
                        IF NOT FOUND THEN
                            RAISE EXCEPTION 'insert or update on table "journal_lines" violates foreign key constraint "FK_journal_lines_line_accounts"'
                                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'FK_journal_lines_line_accounts', TABLE = 'journal_lines',
                                      DETAIL = format('Key (account_key)=(%s) is not present in table "line_accounts".', r.account_key);
                        END IF;
                    END LOOP;
                    RETURN NULL;
                END $$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ReferFunction);
            migrationBuilder.Sql("CREATE TRIGGER journal_lines_refer AFTER INSERT ON journal_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION cf_lines_refer();");
            foreach (var (constraint, _) in ForeignKeys)
            {
                migrationBuilder.Sql($"ALTER TABLE journal_lines DROP CONSTRAINT \"{constraint}\";");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (constraint, definition) in ForeignKeys)
            {
                migrationBuilder.Sql($"ALTER TABLE journal_lines ADD CONSTRAINT \"{constraint}\" {definition};");
            }

            migrationBuilder.Sql("DROP TRIGGER journal_lines_refer ON journal_lines;");
            migrationBuilder.Sql("DROP FUNCTION cf_lines_refer();");
        }
    }
}
