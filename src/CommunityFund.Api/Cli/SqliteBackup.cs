using Microsoft.Data.Sqlite;

namespace CommunityFund.Api.Cli;

/// <summary>
/// An online backup of the books on SQLite, taken while the API keeps writing: <c>VACUUM INTO</c> on a read-only
/// connection to the database.
/// </summary>
/// <remarks>
/// Why <c>VACUUM INTO</c> rather than the backup API (<c>SqliteConnection.BackupDatabase</c>): both copy inside one read
/// transaction, which in WAL mode is a snapshot of the last commit and blocks no writer — the API's group commits go
/// on during the copy; meanwhile the WAL cannot be checkpointed past the snapshot, so it grows until the copy ends.
/// <c>VACUUM INTO</c> also reads every row through the b-trees (a corrupt page fails the backup instead of being copied),
/// writes a compact file in rollback-journal mode with no <c>-wal</c> or <c>-shm</c> beside it (one file to keep and to
/// restore), needs no write access to the source, and refuses an output file that is not empty. The backup API, driven
/// step by step, restarts whenever another connection writes, so under steady load it would have to copy in one step
/// anyway. The copy is flushed to disk (fsync) before its heads are read back.
/// </remarks>
public static class SqliteBackup
{
    /// <summary>Copies the database to <paramref name="target"/>, which must not exist.</summary>
    /// <param name="connectionString">The books' SQLite connection string (<c>Books:ConnectionString</c>).</param>
    /// <param name="target">The copy's path.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The copy, its size and each ledger's head in it.</returns>
    /// <exception cref="InvalidOperationException">The target exists, or there is no database file to copy.</exception>
    public static async Task<BackupResult> BackupAsync(string connectionString, string target, CancellationToken cancellationToken = default)
    {
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        if (source.DataSource is "" or ":memory:" || !File.Exists(source.DataSource))
        {
            throw new InvalidOperationException($"There is no database file at '{source.DataSource}' to back up (Books:ConnectionString).");
        }

        var path = Path.GetFullPath(target);
        Claim(path);
        try
        {
            await using (var connection = new SqliteConnection(source.ToString()))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout = 30000; VACUUM INTO $target;";
                command.Parameters.AddWithValue("$target", path);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var written = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
            {
                written.Flush(flushToDisk: true);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return new BackupResult(path, new FileInfo(path).Length, await SqliteCopy.HeadsAsync(path, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Creates the target empty, so that an existing file is refused atomically (<c>VACUUM INTO</c> accepts an
    /// empty file).</summary>
    private static void Claim(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (IOException) when (File.Exists(path) || Directory.Exists(path))
        {
            throw new InvalidOperationException($"'{path}' already exists; a backup never overwrites a file. Choose another name.");
        }
    }
}
