using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// A statement that writes rows (<see cref="RowsStatement"/>), prepared once on a pooled connection's own handle and
/// stepped there with its values bound by position (issue 20, target 4). The provider binds a command's parameters by
/// name, and SQLite finds a name by walking the statement's list of names, so a multi-row statement of a hundred
/// parameters paid for some five thousand name comparisons, a third of the append's time in the database. The values go
/// in through the same <c>SQLitePCLRaw</c> calls the provider makes for them, so the database stores the same bytes;
/// errors come back as the same <see cref="SqliteException"/> (code, extended code and message). A value of a type the
/// provider would convert, or a busy database (which the provider waits out), is left to the provider's command.
/// </summary>
internal sealed class SqliteDirectStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _parameters;

    private SqliteDirectStatement(sqlite3 db, sqlite3_stmt statement, int parameters)
    {
        _db = db;
        _statement = statement;
        _parameters = parameters;
    }

    /// <summary>The statement for <paramref name="text"/>, whose parameters are <c>@p0</c>…<c>@pN-1</c> in that order;
    /// <c>null</c> when the text does not prepare or its parameters are not exactly those (the caller uses a command).</summary>
    internal static SqliteDirectStatement? TryPrepare(sqlite3 db, string text, int parameters)
    {
        if (raw.sqlite3_prepare_v2(db, text, out var statement, out var tail) != raw.SQLITE_OK || statement is null || statement.IsInvalid || !string.IsNullOrWhiteSpace(tail))
        {
            statement?.Dispose();
            return null;
        }

        var positional = raw.sqlite3_bind_parameter_count(statement) == parameters;
        for (var i = 0; positional && i < parameters; i++)
        {
            positional = string.Equals(raw.sqlite3_bind_parameter_name(statement, i + 1).utf8_to_string(), ParameterNames.Get(i), StringComparison.Ordinal);
        }

        if (!positional)
        {
            statement.Dispose();
            return null;
        }

        return new SqliteDirectStatement(db, statement, parameters);
    }

    /// <summary>Runs the statement with <paramref name="values"/>; <c>false</c> when it did not run (a value the provider
    /// would convert, or a busy database) and the caller should run it as a command. Throws what the provider throws
    /// when the database refuses the rows.</summary>
    internal bool TryExecute(object?[] values)
    {
        if (values.Length != _parameters || !Array.TrueForAll(values, Bindable))
        {
            return false;
        }

        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                Check(Bind(i + 1, values[i]));
            }

            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }

            if (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
            {
                return false;
            }

            Check(rc);
            return true;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    /// <summary>The types the provider binds without converting them (as it does: <c>null</c> and <see cref="DBNull"/>
    /// as NULL, integers as INTEGER, text as TEXT, bytes as BLOB).</summary>
    private static bool Bindable(object? value) => value is null or DBNull or string or long or int or short or byte[];

    private int Bind(int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_statement, index),
        string text => raw.sqlite3_bind_text(_statement, index, text),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int64(_statement, index, number),
        short number => raw.sqlite3_bind_int64(_statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
        _ => throw new ArgumentException($"{value.GetType()} is not bound directly.", nameof(value)),
    };

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _statement.Dispose();
}
