namespace CommunityFund.EntityFrameworkCore;

/// <summary>What <see cref="ShardedLedgerStore.StartAsync"/> found.</summary>
/// <param name="Home">The shard that holds the directory.</param>
/// <param name="Ledgers">How many ledgers the directory places on each shard.</param>
/// <param name="Adopted">Ledgers found without a placement and placed where they are now (<c>ledger@shard</c>).</param>
/// <param name="Strays">Copies of ledgers on a shard other than their placement's: never served (<c>ledger@shard</c>).</param>
public sealed record ShardedStart(string Home, IReadOnlyDictionary<string, int> Ledgers, IReadOnlyList<string> Adopted, IReadOnlyList<string> Strays);
