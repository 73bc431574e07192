using System.Text.Json;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class ShardedLedgerStore
{
    /// <summary>
    /// Checks the configuration against the directory and loads it, once, after the migrations: finds the home shard (the
    /// database marked as holding the directory; on the very first start, the first configured shard, then marked), checks
    /// that each database answers to its configured name (written on its first sharded start), that every placement names
    /// a configured shard, and places every ledger found on a shard without a placement (ledgers made before sharding)
    /// where it is. Nothing is ever moved or rewritten.
    /// </summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What was found: the home shard, how many ledgers each shard holds, the ledgers placed now, and copies of
    /// ledgers found on a shard other than their placement's (never served).</returns>
    /// <exception cref="ShardConfigurationException">The configuration does not match the directory.</exception>
    public async Task<ShardedStart> StartAsync(CancellationToken cancellationToken = default)
    {
        _home = await FindHomeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var shard in _shards)
        {
            await CheckIdentityAsync(shard, cancellationToken).ConfigureAwait(false);
        }

        foreach (var document in await _home.Store.ListDocumentsAsync(DirectoryLedger, PlacementKind, null, cancellationToken).ConfigureAwait(false))
        {
            var placement = Read(document);
            if (!_byName.TryGetValue(placement.Shard, out var shard))
            {
                throw new ShardConfigurationException(
                    $"Ledger '{placement.Ledger}' is placed on shard '{placement.Shard}', which Books:Shards does not list (configured: {string.Join(", ", _byName.Keys)}). " +
                    "A ledger never moves silently: add the shard back to Books:Shards under that name.");
            }

            _placed[placement.Ledger] = shard;
        }

        var (adopted, strays) = await AdoptAsync(cancellationToken).ConfigureAwait(false);
        var counts = _shards.ToDictionary(s => s.Name, s => _placed.Values.Count(p => p == s), StringComparer.Ordinal);
        return new ShardedStart(_home.Name, counts, adopted, strays);
    }

    private async Task<BooksShard> FindHomeAsync(CancellationToken cancellationToken)
    {
        var marked = new List<BooksShard>();
        foreach (var shard in _shards)
        {
            if (await shard.Store.GetDocumentAsync(DirectoryLedger, HomeKind, "home", cancellationToken).ConfigureAwait(false) is not null)
            {
                marked.Add(shard);
            }
        }

        if (marked.Count > 1)
        {
            throw new ShardConfigurationException($"Shards {string.Join(" and ", marked.Select(s => $"'{s.Name}'"))} both hold a ledger directory; only one may. Check Books:Shards' connection strings.");
        }

        if (marked.Count == 1)
        {
            return marked[0];
        }

        var first = _shards[0];
        await first.Store.AddDocumentAsync(DirectoryLedger, new LedgerDocument(HomeKind, "home", null, 0, JsonSerializer.Serialize(new { shard = first.Name }, Json)), cancellationToken).ConfigureAwait(false);
        return first;
    }

    private async Task CheckIdentityAsync(BooksShard shard, CancellationToken cancellationToken)
    {
        var identity = new LedgerDocument(IdentityKind, "self", null, 0, JsonSerializer.Serialize(new Identity(shard.Name), Json));
        if (await shard.Store.AddDocumentAsync(DirectoryLedger, identity, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var stored = await shard.Store.GetDocumentAsync(DirectoryLedger, IdentityKind, "self", cancellationToken).ConfigureAwait(false);
        var name = JsonSerializer.Deserialize<Identity>(stored!.Json, Json)?.Shard;
        if (!string.Equals(name, shard.Name, StringComparison.Ordinal))
        {
            throw new ShardConfigurationException(
                $"The database configured as shard '{shard.Name}' is shard '{name}' (its ledgers are placed under that name). Shard names never change: fix Books:Shards.");
        }
    }

    /// <summary>Places the ledgers found on a shard without a placement where they are; lists the copies found on a
    /// shard that is not their placement's.</summary>
    private async Task<(IReadOnlyList<string> Adopted, IReadOnlyList<string> Strays)> AdoptAsync(CancellationToken cancellationToken)
    {
        var (adopted, strays) = (new List<string>(), new List<string>());
        foreach (var shard in _shards)
        {
            foreach (var ledger in await shard.Store.ListLedgerIdsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!_placed.TryGetValue(ledger, out var placed))
                {
                    placed = _byName[await WritePlacementAsync(ledger, shard.Name, cancellationToken).ConfigureAwait(false)];
                    adopted.Add($"{ledger}@{placed.Name}");
                }

                if (placed != shard)
                {
                    strays.Add($"{ledger}@{shard.Name} (placed on {placed.Name})");
                }
            }
        }

        return (adopted, strays);
    }

    private sealed record Identity(string Shard);
}
