using System.Runtime.CompilerServices;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>The records a group commit has planned but not yet written: the plans after them in the group read them
/// through <see cref="PendingDocumentsStore"/> (e.g. the carried remainder the sale before left).</summary>
internal static class PendingDocuments
{
    internal static readonly AsyncLocal<Dictionary<(string Kind, string Key), LedgerDocument>?> Current = new();

    /// <summary>The stored records the group being planned has read (<see cref="GroupReads"/>).</summary>
    internal static readonly AsyncLocal<GroupReads?> Reads = new();
}

/// <summary>
/// The stored records one group commit's planning has read. The members are planned one after the other under the
/// ledger's lock, and what they write is pending (<see cref="PendingDocuments"/>), not stored, until the group's one
/// transaction: so the stored records do not change while the group is planned (a writer in another process is caught
/// by the head check of the append), and a record or list read once is answered from here to the members after it —
/// a group of sales reads its package, policy and carry once, not once per sale. Lives for one group's planning.
/// </summary>
internal sealed class GroupReads
{
    internal System.Collections.Concurrent.ConcurrentDictionary<(LedgerId Ledger, string Kind, string Key), LedgerDocument?> Documents { get; } = new();

    internal System.Collections.Concurrent.ConcurrentDictionary<(LedgerId Ledger, string Kind, string? Owner), IReadOnlyList<LedgerDocument>> Lists { get; } = new();
}

/// <summary>A store that shows the records of a group commit being planned (<see cref="PendingDocuments"/>) over the
/// ones stored; a service whose commands are <see cref="LedgerCommand{T}.Groupable"/> reads its records through it.</summary>
/// <param name="inner">The store.</param>
public sealed class PendingDocumentsStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
{
    /// <inheritdoc />
    public override async Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
    {
        if (PendingDocuments.Current.Value is { } pending && pending.TryGetValue((kind, key), out var document))
        {
            return document;
        }

        if (PendingDocuments.Reads.Value is not { } reads)
        {
            return await Inner.GetDocumentAsync(ledger, kind, key, cancellationToken).ConfigureAwait(false);
        }

        if (reads.Documents.TryGetValue((ledger, kind, key), out var read))
        {
            return read;
        }

        read = await Inner.GetDocumentAsync(ledger, kind, key, cancellationToken).ConfigureAwait(false);
        reads.Documents[(ledger, kind, key)] = read;
        return read;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        var stored = await StoredListAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false);
        if (PendingDocuments.Current.Value is not { } pending || !pending.Keys.Any(k => k.Kind == kind))
        {
            return stored;
        }

        var merged = stored.ToDictionary(d => d.Key, StringComparer.Ordinal);
        foreach (var ((pendingKind, key), document) in pending)
        {
            if (pendingKind == kind && (owner is null || document.Owner == owner))
            {
                merged[key] = document;
            }
        }

        return [.. merged.Values.OrderBy(d => d.Order).ThenBy(d => d.Key, StringComparer.Ordinal)];
    }

    /// <summary>The stored records of a kind (and owner): read once per group being planned.</summary>
    private async Task<IReadOnlyList<LedgerDocument>> StoredListAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken)
    {
        if (PendingDocuments.Reads.Value is not { } reads)
        {
            return await Inner.ListDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false);
        }

        if (!reads.Lists.TryGetValue((ledger, kind, owner), out var stored))
        {
            stored = await Inner.ListDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false);
            reads.Lists[(ledger, kind, owner)] = stored;
        }

        return stored;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<LedgerDocument>> GetDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (PendingDocuments.Current.Value is not { } pending || !pending.Keys.Any(k => k.Kind == kind))
        {
            return await Inner.GetDocumentsAsync(ledger, kind, keys, cancellationToken).ConfigureAwait(false);
        }

        var found = new Dictionary<string, LedgerDocument>(StringComparer.Ordinal);
        foreach (var document in await Inner.GetDocumentsAsync(ledger, kind, keys, cancellationToken).ConfigureAwait(false))
        {
            found[document.Key] = document;
        }

        foreach (var key in keys)
        {
            if (pending.TryGetValue((kind, key), out var document))
            {
                found[key] = document;
            }
        }

        return [.. found.Values];
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<LedgerDocument>> ListDocumentsPageAsync(
        LedgerId ledger, string kind, string? owner, DocumentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        if (PendingDocuments.Current.Value is not { } pending || !pending.Keys.Any(k => k.Kind == kind))
        {
            return await Inner.ListDocumentsPageAsync(ledger, kind, owner, after, limit, cancellationToken).ConfigureAwait(false);
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return [.. (await ListDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false)).Where(d => after is null || after.Precedes(d)).Take(limit)];
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<LedgerDocument> StreamDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default) =>
        PendingDocuments.Current.Value is { } pending && pending.Keys.Any(k => k.Kind == kind)
            ? Listed(ledger, kind, owner, cancellationToken)
            : Inner.StreamDocumentsAsync(ledger, kind, owner, cancellationToken);

    private async IAsyncEnumerable<LedgerDocument> Listed(LedgerId ledger, string kind, string? owner, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var document in await ListDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false))
        {
            yield return document;
        }
    }
}
