using Npgsql;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>How the store's multi-row inserts are written (issue 20, ADR 0037): on PostgreSQL one statement of typed
/// arrays whatever the number of rows; on SQLite, and on PostgreSQL for values it cannot type, <c>VALUES</c> lists.</summary>
public sealed class RowsStatementTests
{
    private static readonly string[] Columns = ["name", "count", "day"];

    private static RowsStatement Rows(int count, Func<int, object?[]> row)
    {
        var rows = new RowsStatement("t", Columns);
        for (var i = 0; i < count; i++)
        {
            rows.Add(row(i));
        }

        return rows;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    public void OnPostgres_AnyNumberOfRows_IsOneStatementOfOneArrayAColumn(int count)
    {
        var (text, values) = Assert.Single(Rows(count, i => [$"n{i}", (long)i, new DateOnly(2026, 1, 1)]).Statements(Dialect.Postgres));

        Assert.Equal("INSERT INTO t (name, count, day) SELECT u0, u1, u2 FROM unnest(@p0, @p1, @p2) AS u(u0, u1, u2)", text);
        Assert.Equal(count, Assert.IsType<long?[]>(values[1]).Length);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"n{i}"), Assert.IsType<string?[]>(values[0]));
    }

    [Fact]
    public void OnPostgres_AColumnOfNullsOnly_IsWrittenAsNull()
    {
        var (text, values) = Assert.Single(Rows(3, i => [$"n{i}", null, new DateOnly(2026, 1, 1)]).Statements(Dialect.Postgres));

        Assert.Equal("INSERT INTO t (name, count, day) SELECT u0, NULL, u2 FROM unnest(@p0, @p1) AS u(u0, u2)", text);
        Assert.Equal(2, values.Length);
    }

    [Fact]
    public void OnPostgres_AColumnOfValuesOfTwoTypes_IsWrittenAsValuesLists()
    {
        var statement = Assert.Single(Rows(2, i => [$"n{i}", i == 0 ? 1L : "one", new DateOnly(2026, 1, 1)]).Statements(Dialect.Postgres));

        Assert.StartsWith("INSERT INTO t (name, count, day) VALUES (@p0, @p1, @p2), (@p3, @p4, @p5)", statement.Text, StringComparison.Ordinal);
        Assert.Equal(6, statement.Values.Length);
    }

    [Fact]
    public void OnPostgres_AColumnGivenWithACast_IsNamedBare_AndTakesItsValuesThroughTheCast()
    {
        var rows = new RowsStatement("t", ["name", "ids::integer[]"]);
        rows.Add("a", "{1,2}");

        var (text, values) = Assert.Single(rows.Statements(Dialect.Postgres));

        Assert.Equal("INSERT INTO t (name, ids) SELECT u0, u1::integer[] FROM unnest(@p0, @p1) AS u(u0, u1)", text);
        Assert.Equal("{1,2}", Assert.Single(Assert.IsType<string?[]>(values[1])));
    }

    [Fact]
    public void OnPostgres_AColumnGivenWithACast_TakesItsValuesThroughTheCast_InValuesListsToo()
    {
        var rows = new RowsStatement("t", ["name", "ids::integer[]"]);
        rows.Add("a", "{1,2}");
        rows.Add(1L, "{3}");

        var (text, _) = Assert.Single(rows.Statements(Dialect.Postgres));

        Assert.Equal("INSERT INTO t (name, ids) VALUES (@p0, @p1::integer[]), (@p2, @p3::integer[])", text);
    }

    [Fact]
    public void OnSqlite_RowsAreWrittenAsValuesLists()
    {
        var statements = Rows(100, i => [$"n{i}", (long)i, "2026-01-01"]).Statements(Dialect.Sqlite).ToList();

        Assert.All(statements, s => Assert.Contains(" VALUES (", s.Text, StringComparison.Ordinal));
        Assert.Equal(300, statements.Sum(s => s.Values.Length));
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task OnPostgres_ArraysOfEveryMappedType_InsertAndUpsertTheVeryValues()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Admin);
        await connection.OpenAsync();
        await Execute(connection, "CREATE TEMP TABLE typed (k varchar(8) PRIMARY KEY, l bigint, i integer, s smallint, g uuid, d date, t timestamptz, b bytea, x text, n text)");
        var rows = new RowsStatement("typed", ["k", "l", "i", "s", "g", "d", "t", "b", "x", "n"], " ON CONFLICT (k) DO UPDATE SET l = typed.l + excluded.l");
        var guid = Guid.Parse("019e807a-ed38-776e-9471-41e5d39a1970");
        var instant = new DateTime(2026, 3, 1, 8, 30, 0, DateTimeKind.Utc);
        rows.Add("a", 1L, 2, (short)-1, guid, new DateOnly(2026, 3, 1), instant, new byte[] { 0, 255 }, "长者助餐", null);
        rows.Add("b", null, null, null, null, null, null, null, null, null);

        await Run(connection, rows);
        await Run(connection, rows);

        await using var read = new NpgsqlCommand("SELECT k, l, i, s, g, d, t, b, x, n FROM typed ORDER BY k", connection);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("a", 2L, 2, (short)-1, guid), (reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt16(3), reader.GetGuid(4)));
        Assert.Equal((new DateOnly(2026, 3, 1), instant, "长者助餐", true), (reader.GetFieldValue<DateOnly>(5), reader.GetDateTime(6), reader.GetString(8), reader.IsDBNull(9)));
        Assert.Equal(new byte[] { 0, 255 }, reader.GetFieldValue<byte[]>(7));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("b", reader.GetString(0));
        Assert.All(Enumerable.Range(1, 9), c => Assert.True(reader.IsDBNull(c), $"column {c}"));
        Assert.False(await reader.ReadAsync());
    }

    private static async Task Run(NpgsqlConnection connection, RowsStatement rows)
    {
        var (text, values) = Assert.Single(rows.Statements(Dialect.Postgres));
        Assert.Contains("unnest(", text, StringComparison.Ordinal);
        await using var command = new NpgsqlCommand(text, connection);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", values[i] ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
