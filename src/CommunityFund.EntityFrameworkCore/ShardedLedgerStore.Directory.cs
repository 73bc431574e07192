using System.Text.Json;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class ShardedLedgerStore
{
    /// <summary>A ledger's placement: one document per ledger, keyed by its id, written create-only.</summary>
    internal const string PlacementKind = "shard-placement";

    /// <summary>The marker of the database that holds the directory (key <c>home</c>).</summary>
    internal const string HomeKind = "shard-directory";

    /// <summary>Each database's own name, written on its first sharded start (key <c>self</c>): a database configured
    /// under another shard's name is refused.</summary>
    internal const string IdentityKind = "shard-identity";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Where a ledger is placed: its shard's name, or <c>null</c> when the directory has no placement for it.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The shard's name, or <c>null</c>.</returns>
    public async Task<string?> PlacementOfAsync(LedgerId ledger, CancellationToken cancellationToken = default)
    {
        if (_placed.TryGetValue(ledger.Value, out var cached))
        {
            return cached.Name;
        }

        var document = await Home.Store.GetDocumentAsync(DirectoryLedger, PlacementKind, ledger.Value, cancellationToken).ConfigureAwait(false);
        return document is null ? null : Read(document).Shard;
    }

    /// <summary>Places a ledger, once: a ledger already placed keeps its shard (whatever is asked); a new one goes to
    /// <paramref name="requested"/>, or else to the shard holding the fewest ledgers (the first in configuration order on
    /// a tie). A ledger that exists on a shard without a placement (made before sharding) is placed where it is. The
    /// placement is written create-only: when two processes place the same ledger at once, the first write wins and both
    /// answer it.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="requested">A shard's name, or <c>null</c> for the rule.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The shard's name.</returns>
    /// <exception cref="ArgumentException">The ledger id is reserved, or <paramref name="requested"/> names no configured shard.</exception>
    public async Task<string> PlaceAsync(LedgerId ledger, string? requested, CancellationToken cancellationToken = default)
    {
        if (_reserved.Contains(ledger.Value))
        {
            throw new ArgumentException($"'{ledger}' is a reserved ledger id.", nameof(ledger));
        }

        if (requested is not null && !_byName.ContainsKey(requested))
        {
            throw new ArgumentException($"No shard is named '{requested}'.", nameof(requested));
        }

        if (await PlacementOfAsync(ledger, cancellationToken).ConfigureAwait(false) is { } placed)
        {
            return Cache(ledger.Value, placed).Name;
        }

        var shard = await ExistingCopyAsync(ledger, cancellationToken).ConfigureAwait(false) ?? requested ?? await EmptiestAsync(cancellationToken).ConfigureAwait(false);
        return await WritePlacementAsync(ledger.Value, shard, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The shard of a ledger: the cached placement, else the directory's (cached from then on); a reserved or
    /// unplaced ledger is on the home shard.</summary>
    private async ValueTask<BooksShard> ShardOfAsync(LedgerId ledger, CancellationToken cancellationToken)
    {
        if (_placed.TryGetValue(ledger.Value, out var shard))
        {
            return shard;
        }

        if (_reserved.Contains(ledger.Value))
        {
            return Home;
        }

        // Not cached: an unplaced ledger does not exist (or not yet), and the home shard answers it as missing.
        var placed = await PlacementOfAsync(ledger, cancellationToken).ConfigureAwait(false);
        return placed is null ? Home : Cache(ledger.Value, placed);
    }

    private BooksShard Cache(string ledger, string shardName) =>
        _byName.TryGetValue(shardName, out var shard)
            ? _placed.GetOrAdd(ledger, shard)
            : throw new ShardUnavailableException($"Ledger '{ledger}' is placed on shard '{shardName}', which this process's Books:Shards does not list.");

    private async Task<string?> ExistingCopyAsync(LedgerId ledger, CancellationToken cancellationToken)
    {
        foreach (var shard in _shards)
        {
            if (await shard.Store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) is not null)
            {
                return shard.Name;
            }
        }

        return null;
    }

    private async Task<string> EmptiestAsync(CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(_shards.Select(s => s.Store.CountLedgersAsync(cancellationToken))).ConfigureAwait(false);
        var fewest = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            fewest = counts[i] < counts[fewest] ? i : fewest;
        }

        return _shards[fewest].Name;
    }

    /// <summary>Writes a placement create-only and answers the placement that holds (this one, or the one another
    /// process wrote first).</summary>
    private async Task<string> WritePlacementAsync(string ledger, string shard, CancellationToken cancellationToken)
    {
        var document = new LedgerDocument(PlacementKind, ledger, null, 0, JsonSerializer.Serialize(new Placement(ledger, shard, _clock.GetCurrentInstant().ToString()), Json));
        if (!await Home.Store.AddDocumentAsync(DirectoryLedger, document, cancellationToken).ConfigureAwait(false))
        {
            var winner = await Home.Store.GetDocumentAsync(DirectoryLedger, PlacementKind, ledger, cancellationToken).ConfigureAwait(false);
            shard = Read(winner!).Shard;
        }

        return Cache(ledger, shard).Name;
    }

    private static Placement Read(LedgerDocument document) =>
        JsonSerializer.Deserialize<Placement>(document.Json, Json) ?? throw new InvalidOperationException($"The placement of '{document.Key}' is empty.");

    /// <summary>A placement as stored.</summary>
    private sealed record Placement(string Ledger, string Shard, string PlacedAt);
}
