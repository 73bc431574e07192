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
        var entry = _entries.GetValueOrDefault(ledger);
        if (entry is null || entry.Keys != keys)
        {
            var publications = (await _publications.ListAsync(ledger, cancellationToken)).ToImmutableArray();
            var (corrections, through) = await _publications.CorrectionsSinceAsync(ledger, publications, publications.Min(p => p.Sequence), cancellationToken: cancellationToken);
            entry = new Entry(keys, through, new PublicPageModel(ledger, state.Definition.Name, publications, corrections, _keys.Find(publications[^1].KeyId)?.PublicKeyPem));
        }
        else if (state.Head.Sequence > entry.ReadThrough)
        {
            var (more, through) = await _publications.CorrectionsSinceAsync(ledger, entry.Model.Publications, entry.ReadThrough, cancellationToken: cancellationToken);
            entry = more.IsEmpty ? entry with { ReadThrough = through } : new Entry(keys, through, entry.Model with { Corrections = entry.Model.Corrections.AddRange(more) });
        }

        _entries[ledger] = entry;
        return entry;
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
