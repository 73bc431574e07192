using System.CommandLine;
using System.Globalization;
using CommunityFund.Api.Security;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CommunityFund.Api.Cli;

/// <summary>
/// <c>books backup &lt;file&gt;</c>, <c>books verify &lt;file&gt;</c> and <c>books rotate-checkpoint-key</c>: the
/// operator's care of the books' database and of the key that signs checkpoints. The work is done by
/// <see cref="SqliteBackup"/>, <see cref="BooksCopyVerifier"/> and <see cref="CheckpointKeyRing"/>; this class parses and
/// prints. Exit codes: 0 done (and sound), 1 refused, failed or not sound.
/// </summary>
internal static class BooksCommand
{
    /// <summary>What to do instead for books on PostgreSQL (docs/operations.md, "Backups", has the same).</summary>
    internal const string PostgresBackupAdvice =
        "The books are on PostgreSQL: back them up with PostgreSQL's own tools, which take a consistent snapshot while the API writes:\n" +
        "  pg_dump --format=custom --no-owner --file=communityfund.dump \"$DATABASE_URL\"\n" +
        "and restore into an empty database with:\n" +
        "  pg_restore --no-owner --exit-on-error --dbname=\"$RESTORE_URL\" communityfund.dump";

    /// <summary>The <c>books</c> command.</summary>
    /// <param name="books">The configured books.</param>
    /// <returns>The command.</returns>
    internal static Command Create(BooksOnDisk books)
    {
        var command = new Command("books", "The books' database and the checkpoint-signing key: online backup, verification of a copy, key rotation.");
        command.Subcommands.Add(Backup(books));
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(RotateCheckpointKey(books));
        return command;
    }

    private static Command Backup(BooksOnDisk books)
    {
        var file = new Argument<string>("file") { Description = "Where to write the copy; refused when the file exists." };
        var backup = new Command("backup", "Copies the SQLite books consistently while the API keeps writing (VACUUM INTO), then prints each ledger's head in the copy and its size.") { file };
        backup.SetAction(async (parse, ct) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var settings = books.GetAsIs<Books.BooksSettings>();
            if (settings.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync(PostgresBackupAdvice).ConfigureAwait(false);
                return 1;
            }

            try
            {
                var result = await SqliteBackup.BackupAsync(settings.ConnectionString, parse.GetValue(file)!, ct).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Backed up the books to {result.File} ({result.Bytes:N0} bytes), {result.Heads.Length} ledger(s):")).ConfigureAwait(false);
                foreach (var head in result.Heads)
                {
                    await output.WriteLineAsync($"  {head.Ledger}\thead {head.Sequence}\t{head.Hash}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"Check it with: books verify {result.File}").ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or SqliteException)
            {
                await error.WriteLineAsync($"Backup failed: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return backup;
    }

    private static Command Verify()
    {
        var file = new Argument<string>("file") { Description = "A copy of the SQLite books (a backup); opened read-only, never migrated or written." };
        var verify = new Command("verify", "Verifies a copy of the books: every ledger's hash chain and balances rebuilt from its journals, and the trustees' audit. Exits 1 when a chain breaks or the audit finds an error.") { file };
        verify.SetAction(async (parse, ct) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            try
            {
                var result = await BooksCopyVerifier.VerifyAsync(parse.GetValue(file)!, ct).ConfigureAwait(false);
                await WriteAsync(result, output).ConfigureAwait(false);
                return result.IsSound ? 0 : 1;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or SqliteException)
            {
                await error.WriteLineAsync($"Verification failed: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return verify;
    }

    private static async Task WriteAsync(CopyVerification result, TextWriter output)
    {
        foreach (var problem in result.Problems)
        {
            await output.WriteLineAsync($"FILE: {problem}").ConfigureAwait(false);
        }

        foreach (var ledger in result.Ledgers)
        {
            var chain = ledger.Integrity.Chain;
            var verdict = chain.IsIntact ? "chain intact" : $"CHAIN BROKEN at sequence {chain.FirstBadSequence}: {chain.Problem}";
            await output.WriteLineAsync($"Ledger {ledger.Head.Ledger}: head {ledger.Head.Sequence} {ledger.Head.Hash}; {chain.JournalsChecked} journal(s) checked, {verdict}; " +
                $"{ledger.Integrity.BalanceMismatches.Length} balance mismatch(es); {ledger.Audit.Findings.Length} audit finding(s).").ConfigureAwait(false);
            foreach (var finding in ledger.Audit.Findings)
            {
                var at = (finding.Sequence is { } s ? $" at sequence {s}" : string.Empty) + (finding.Entity is { } e ? $" ({e})" : string.Empty);
                await output.WriteLineAsync($"  {finding.Severity.ToString().ToLowerInvariant()} {finding.Code}{at}: {finding.Message}").ConfigureAwait(false);
            }
        }

        var bad = result.Ledgers.Where(l => !l.IsSound).Select(l => l.Head.Ledger).ToList();
        await output.WriteLineAsync(result.IsSound
            ? $"{result.File}: sound ({result.Ledgers.Length} ledger(s))."
            : $"{result.File}: NOT SOUND{(bad.Count > 0 ? $" (ledgers: {string.Join(", ", bad)})" : string.Empty)}.").ConfigureAwait(false);
    }

    private static Command RotateCheckpointKey(BooksOnDisk books)
    {
        var rotate = new Command("rotate-checkpoint-key", "Makes a new key to sign checkpoints; the earlier keys' public keys stay in the key ring, so checkpoints they signed still verify. Restart the API to sign with the new key.");
        rotate.SetAction(async (parse, ct) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var files = books.GetAsIs<CheckpointKeyFiles>();
            try
            {
                var ring = CheckpointKeyRing.Rotate(files, books.GetAsIs<IClock>().GetCurrentInstant());
                foreach (var key in ring.Keys)
                {
                    await output.WriteLineAsync($"{key.KeyId}\tcreated {key.CreatedAt}\t{(key.RetiredAt is { } at ? $"retired {at}" : "current")}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"New checkpoint key {ring.Current.KeyId} in {files.KeyFile}; public keys kept in {files.KeyRingFile}. " +
                    "Restart the API to sign with it (until then it signs with the key it started with, which still verifies).").ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                await error.WriteLineAsync($"Rotation failed: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return rotate;
    }
}
