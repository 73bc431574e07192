using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Npgsql;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// Statements sent to PostgreSQL together, in one round trip (an <see cref="NpgsqlBatch"/>), inside the caller's
/// transaction: the server runs them in order and stops at the first error, which the batch then throws. The store's
/// texts name their parameters <c>@p0</c>, <c>@p1</c>…; a batch takes them positionally (<c>$1</c>, <c>$2</c>…), so each
/// text is rewritten once and remembered.
/// </summary>
internal sealed partial class StatementBatch : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, string> Positional = new(StringComparer.Ordinal);
    private readonly NpgsqlBatch _batch;

    private StatementBatch(NpgsqlConnection connection, NpgsqlTransaction transaction) => _batch = new NpgsqlBatch(connection, transaction);

    /// <summary>A batch on the session's connection and transaction, or <c>null</c> when they are not PostgreSQL's.</summary>
    internal static StatementBatch? For(DbSession session, System.Data.Common.DbTransaction transaction) =>
        session.Connection is NpgsqlConnection connection && transaction is NpgsqlTransaction npgsql ? new StatementBatch(connection, npgsql) : null;

    /// <summary>Adds a statement; returns its position in the batch.</summary>
    internal int Add(string text, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(Positional.GetOrAdd(text, static t => ParameterName().Replace(t, m => "$" + (int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        _batch.BatchCommands.Add(command);
        return _batch.BatchCommands.Count - 1;
    }

    /// <summary>Adds the statements that write <paramref name="rows"/>.</summary>
    internal void Add(RowsStatement rows)
    {
        foreach (var (text, values) in rows.Statements(Dialect.Postgres))
        {
            Add(text, values);
        }
    }

    /// <summary>Sends the statements and waits for all of them.</summary>
    internal Task ExecuteAsync(CancellationToken cancellationToken) => _batch.ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The rows the statement at <paramref name="position"/> changed.</summary>
    internal int RecordsAffected(int position) => _batch.BatchCommands[position].RecordsAffected;

    public ValueTask DisposeAsync() => _batch.DisposeAsync();

    [GeneratedRegex(@"@p(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
