namespace CommunityFund.EntityFrameworkCore;

/// <summary>Where the store's hand-written paths get open connections without building an EF Core context.</summary>
internal abstract class ConnectionSource
{
    internal abstract ValueTask<DbSession> OpenAsync(CancellationToken cancellationToken);
}
