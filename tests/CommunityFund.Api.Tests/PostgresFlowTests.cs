using System.Net;
using Npgsql;

namespace CommunityFund.Api.Tests;

/// <summary>The main flow once against a real PostgreSQL server (started by scripts/test.sh).</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresFlowTests : IAsyncLifetime
{
    private readonly string _database = $"cf_api_{Guid.NewGuid():N}";
    private string _admin = string.Empty;
    private ApiApplication? _app;

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN")
            ?? throw new InvalidOperationException("No PostgreSQL server: set COMMUNITYFUND_PG_ADMIN (./scripts/test.sh starts a throw-away server).");
        await ExecuteAsync(_admin, $"CREATE DATABASE {_database}");
        var connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database, Pooling = true }.ConnectionString;
        _app = new ApiApplication(new Dictionary<string, string?> { ["Books:Provider"] = "Postgres", ["Books:ConnectionString"] = connectionString });
    }

    public async Task DisposeAsync()
    {
        _app?.Dispose();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Fact]
    public async Task SaleToSettlement_OnPostgres()
    {
        var provider = _app!.Client(ApiApplication.ElderCare);
        var admin = _app.Client(ApiApplication.Admin);
        var sale = await provider.PostJsonAsync("/ledgers/demo/sales", Http.Sale(quantity: 10, date: "2026-05-06"));
        Assert.Equal(HttpStatusCode.Created, sale.StatusCode);

        var statement = await admin.PostJsonAsync("/ledgers/demo/statements", """{"provider":"elder-care","counterparty":"fund","period":"2026-05"}""");
        Assert.Equal(HttpStatusCode.Created, statement.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/ledgers/demo/statements/elder-care.fund.2026-05/invoice", """{"reference":"RCPT-1"}""")).StatusCode);
        var settled = await (await admin.PostJsonAsync("/ledgers/demo/statements/elder-care.fund.2026-05/settle", """{"date":"2026-06-01"}""")).JsonAsync();

        Assert.Equal(("settled", "50.00"), (settled.GetProperty("status").GetString(), settled.GetProperty("amount").GetProperty("amount").GetString()));
        Assert.True((await (await _app.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/verification")).JsonAsync()).GetProperty("isSound").GetBoolean());
    }

    /// <summary>Runs one statement on its own connection (creating and dropping the tests' databases).</summary>
    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
