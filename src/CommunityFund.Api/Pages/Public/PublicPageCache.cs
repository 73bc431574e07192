using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Publishing;
using CommunityFund.Storage;

namespace CommunityFund.Api.Pages.Public;

/// <summary>The public pages, rendered from the publications and kept in memory per ledger and language: a request
/// reads the ledger's head and the keys of its publications (two indexed reads); the page is rendered again only when
/// a month was published since, or a journal recorded since reverses a journal of a published month (a correction
/// note). Journals recorded since the last look are read once, from where it stopped.</summary>
public sealed class PublicPageCache
{
    private readonly ConcurrentDictionary<LedgerId, Entry> _entries = new();
    private readonly ConcurrentDictionary<LedgerId, SemaphoreSlim> _gates = new();
    private readonly ILedgerStore _store;
    private readonly Publications _publications;
    private readonly CheckpointKeyRing _keys;
    private readonly PageAssets _assets;

    /// <summary>Creates the cache.</summary>
    public PublicPageCache(ILedgerStore store, Publications publications, CheckpointKeyRing keys, PageAssets assets) =>
        (_store, _publications, _keys, _assets) = (store, publications, keys, assets);

    /// <summary>The page of a ledger in a language, or <c>null</c> when the ledger does not exist or published nothing.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="lang">The <c>lang</c> query value.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page, or <c>null</c>.</returns>
    public async Task<CompressedBody?> GetAsync(LedgerId ledger, string? lang, CancellationToken cancellationToken)
    {
        if (await EntryAsync(ledger, cancellationToken) is not { } entry)
        {
            return null;
        }

        var text = PublicPageText.For(lang);
        return entry.Pages.GetOrAdd(text.Lang, _ => CompressedBody.Of(Encoding.UTF8.GetBytes(PublicPageRenderer.Render(entry.Model, text, _assets)), "text/html; charset=utf-8"));
    }

    /// <summary>What the page of a ledger shows, or <c>null</c> when the ledger does not exist or published nothing.</summary>
    internal async Task<PublicPageModel?> ModelAsync(LedgerId ledger, CancellationToken cancellationToken) => (await EntryAsync(ledger, cancellationToken))?.Model;

    private async Task<Entry?> EntryAsync(LedgerId ledger, CancellationToken cancellationToken)
    {
        if (await _store.GetLedgerAsync(ledger, cancellationToken) is not { } state)
        {
            return null;
        }

        var documents = await _store.ListDocumentsAsync(ledger, Publications.DocumentKind, null, cancellationToken);
        if (documents.Count == 0)
        {
            return null;
        }

        var keys = string.Join(',', documents.Select(d => d.Key).Order(StringComparer.Ordinal));
        if (_entries.GetValueOrDefault(ledger) is { } current && current.Keys == keys && state.Head.Sequence <= current.ReadThrough)
        {
            return current;
        }

        // One refresh per ledger at a time: the first after a start scans the journals since the earliest publication,
        // and requests arriving meanwhile wait for it instead of scanning too.
        var gate = _gates.GetOrAdd(ledger, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var entry = await RefreshAsync(ledger, state, keys, _entries.GetValueOrDefault(ledger), cancellationToken);
            _entries[ledger] = entry;
            return entry;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The entry for the ledger's publications (<paramref name="keys"/>) with the corrections recorded up to its
    /// head: read again whole when a month was published since, else the journals since the last look.</summary>
    private async Task<Entry> RefreshAsync(LedgerId ledger, LedgerState state, string keys, Entry? entry, CancellationToken cancellationToken)
    {
        if (entry is null || entry.Keys != keys)
        {
            var publications = (await _publications.ListAsync(ledger, cancellationToken)).ToImmutableArray();
            var (corrections, through) = await _publications.CorrectionsSinceAsync(ledger, publications, publications.Min(p => p.Sequence), cancellationToken: cancellationToken);
            return new Entry(keys, through, new PublicPageModel(ledger, state.Definition.Name, publications, corrections, _keys.Find(publications[^1].KeyId)?.PublicKeyPem));
        }

        if (state.Head.Sequence <= entry.ReadThrough)
        {
            return entry;
        }

        var (more, readThrough) = await _publications.CorrectionsSinceAsync(ledger, entry.Model.Publications, entry.ReadThrough, cancellationToken: cancellationToken);
        return more.IsEmpty ? entry with { ReadThrough = readThrough } : new Entry(keys, readThrough, entry.Model with { Corrections = entry.Model.Corrections.AddRange(more) });
    }

    /// <summary>The page of a ledger that published nothing (or of no ledger).</summary>
    /// <param name="lang">The <c>lang</c> query value.</param>
    /// <returns>The page.</returns>
    public CompressedBody NotFound(string? lang)
    {
        var text = PublicPageText.For(lang);
        return CompressedBody.Of(Encoding.UTF8.GetBytes(PublicPageRenderer.RenderNotFound(text, _assets)), "text/html; charset=utf-8");
    }

    /// <summary>A ledger's model, the sequence its corrections were read through, and its rendered pages by language.</summary>
    private sealed record Entry(string Keys, long ReadThrough, PublicPageModel Model)
    {
        internal ConcurrentDictionary<string, CompressedBody> Pages { get; } = new(StringComparer.Ordinal);
    }
}
