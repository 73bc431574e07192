using System.Data.Common;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>A SQLite connection kept open by the store's pool, with its prepared statements.</summary>
internal sealed class PooledSqliteConnection(Microsoft.Data.Sqlite.SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteDirectStatement?> _direct = new(StringComparer.Ordinal);

    /// <summary>The connection's changed rows (<c>sqlite3_total_changes</c>) when it was last returned to the pool.</summary>
    private long _changes;

    internal Microsoft.Data.Sqlite.SqliteConnection Connection => connection;

    /// <summary>The rows the connection inserted, updated or deleted since this was last asked (committed or not).</summary>
    internal long RowsWritten()
    {
        if (connection.Handle is not { } handle)
        {
            return 0;
        }

        long total = SQLitePCL.raw.sqlite3_total_changes(handle);
        var written = total - _changes;
        _changes = total;
        return written;
    }

    /// <summary>The prepared statement for <paramref name="text"/>; <c>null</c> once the connection keeps as many as it
    /// should (the caller then uses a statement of its own).</summary>
    internal DbCommand? Prepared(string text, int parameters)
    {
        if (_prepared.TryGetValue(text, out var command))
        {
            return command;
        }

        if (_prepared.Count >= 256)
        {
            return null;
        }

        command = connection.CreateCommand();
        command.CommandText = text;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterNames.Get(i);
            command.Parameters.Add(parameter);
        }

        _prepared[text] = command;
        return command;
    }

    /// <summary>The statement for <paramref name="text"/> prepared on the connection's handle, stepped without the
    /// provider (<see cref="SqliteDirectStatement"/>); <c>null</c> when it cannot be, or once the connection keeps as
    /// many as it should (the caller then uses a command).</summary>
    internal SqliteDirectStatement? Direct(string text, int parameters)
    {
        if (_direct.TryGetValue(text, out var statement))
        {
            return statement;
        }

        if (_direct.Count >= 256 || connection.Handle is not { } handle)
        {
            return null;
        }

        statement = SqliteDirectStatement.TryPrepare(handle, text, parameters);
        _direct[text] = statement;
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in _direct.Values)
        {
            statement?.Dispose();
        }

        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}
