namespace CommunityFund.EntityFrameworkCore;

/// <summary>One named PostgreSQL server of a sharded deployment (<c>Books:Shards</c>) and its store.</summary>
/// <param name="Name">The shard's name, as the ledger directory records it: it never changes once a ledger is placed on it.</param>
/// <param name="Store">The store on that server.</param>
public sealed record BooksShard(string Name, EfLedgerStore Store);
