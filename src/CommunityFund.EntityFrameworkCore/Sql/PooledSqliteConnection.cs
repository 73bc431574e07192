using System.Data.Common;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>A SQLite connection kept open by the store's pool, with its prepared statements.</summary>
internal sealed class PooledSqliteConnection(Microsoft.Data.Sqlite.SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    internal Microsoft.Data.Sqlite.SqliteConnection Connection => connection;

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

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}
