using System.Data.Common;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>A SQLite connection kept open by the store's pool, with its prepared statements.</summary>
internal sealed class PooledSqliteConnection(Microsoft.Data.Sqlite.SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteDirectStatement?> _direct = new(StringComparer.Ordinal);

    internal Microsoft.Data.Sqlite.SqliteConnection Connection => connection;

    /// <summary>The pages the connection wrote to the WAL since this was last asked (<c>SQLITE_DBSTATUS_CACHE_WRITE</c>,
    /// reset by the call).</summary>
    internal long PagesWritten() =>
        connection.Handle is { } handle && SQLitePCL.raw.sqlite3_db_status(handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out var pages, out _, 1) == SQLitePCL.raw.SQLITE_OK
            ? pages
            : 0;

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
