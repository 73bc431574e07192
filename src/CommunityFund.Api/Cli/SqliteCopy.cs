using System.Collections.Immutable;
using Microsoft.Data.Sqlite;

namespace CommunityFund.Api.Cli;

/// <summary>Reading a copy of the books (a SQLite file) without ever writing it.</summary>
internal static class SqliteCopy
{
    /// <summary>A connection string that opens the file read-only (SQLite refuses every write), unpooled so the file is
    /// let go when the work is done.</summary>
    internal static string ReadOnly(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    /// <summary>Each ledger's head as the file's <c>ledgers</c> table records it, by ledger id. Also the list of ledgers
    /// to verify: a plain query, as the store has no listing of ledgers yet (it can move to the store's
    /// <c>ListLedgersAsync</c> once that is in the store contract).</summary>
    internal static async Task<ImmutableArray<BackupHead>> HeadsAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ReadOnly(path));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, head_sequence, head_hash FROM ledgers ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var heads = ImmutableArray.CreateBuilder<BackupHead>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            heads.Add(new BackupHead(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return heads.ToImmutable();
    }

    /// <summary>What is wrong with the file as a database of this version of the books: SQLite's quick check, and
    /// migrations it lacks (an older version made it) or does not know (a newer one did). Reads only.</summary>
    /// <returns>The problems, and whether this version can read the ledgers in it (its migrations are exactly this
    /// version's).</returns>
    internal static async Task<(ImmutableArray<string> Problems, bool Readable)> ProblemsAsync(string path, IReadOnlyCollection<string> migrations, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ReadOnly(path));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var quick = await ColumnAsync(connection, "PRAGMA quick_check", cancellationToken).ConfigureAwait(false);
        var problems = ImmutableArray.CreateBuilder<string>();
        if (quick is not ["ok"])
        {
            problems.AddRange(quick.Select(q => $"SQLite's quick_check: {q}"));
        }

        if ((await ColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'", cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            problems.Add("The file is not a CommunityFund database: it has no migrations history.");
            return (problems.ToImmutable(), false);
        }

        var count = problems.Count;
        var applied = await ColumnAsync(connection, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", cancellationToken).ConfigureAwait(false);
        if (migrations.Except(applied, StringComparer.Ordinal).ToList() is { Count: > 0 } missing)
        {
            problems.Add($"The copy lacks the migrations {string.Join(", ", missing)}: an older version of the server made it. Verify it with that version.");
        }

        if (applied.Except(migrations, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
        {
            problems.Add($"The copy has migrations this server does not know ({string.Join(", ", unknown)}): a newer version made it. Verify it with that version.");
        }

        return (problems.ToImmutable(), problems.Count == count);
    }

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
