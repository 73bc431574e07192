using Microsoft.EntityFrameworkCore.Design;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>Design-time factory for <c>dotnet ef migrations</c> on PostgreSQL.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBooksDbContext>
{
    /// <inheritdoc />
    public PostgresBooksDbContext CreateDbContext(string[] args) => new(BooksStore.PostgresOptions("Host=localhost;Database=design_time"));
}
