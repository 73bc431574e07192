using Microsoft.EntityFrameworkCore.Design;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>Design-time factory for <c>dotnet ef migrations</c> on SQLite.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBooksDbContext>
{
    /// <inheritdoc />
    public SqliteBooksDbContext CreateDbContext(string[] args) => new(BooksStore.SqliteOptions("Data Source=design-time.db"));
}
