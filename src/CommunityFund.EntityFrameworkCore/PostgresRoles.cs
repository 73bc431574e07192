using Npgsql;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// Grants an application role the least it needs on the books: it may read everything, insert journals, lines and
/// idempotency records, maintain the ledger heads and balances, and write and delete the records kept beside the journals
/// (documents: a delivery log is pruned) — but it does not own the tables, so it cannot update or delete journals, nor
/// disable the append-only triggers. Run as the owner, after the migrations (again after an upgrade that adds a right).
/// </summary>
public static class PostgresRoles
{
    /// <summary>Grants <paramref name="role"/> the application's rights.</summary>
    /// <param name="ownerConnectionString">A connection string of the tables' owner.</param>
    /// <param name="role">An existing role (quoted as an identifier).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task GrantApplicationRoleAsync(string ownerConnectionString, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var quoted = "\"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            GRANT USAGE ON SCHEMA public TO {quoted};
            GRANT SELECT, INSERT ON journals, journal_lines, idempotency_keys, dimension_sets, metadata_keys, line_accounts TO {quoted};
            GRANT USAGE ON SEQUENCE dimension_sets_id_seq, metadata_keys_id_seq, line_accounts_id_seq TO {quoted};
            GRANT SELECT, INSERT, UPDATE ON ledgers, balances, daily_balances, documents TO {quoted};
            GRANT DELETE ON documents TO {quoted};
            GRANT SELECT ON "__EFMigrationsHistory" TO {quoted};
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
