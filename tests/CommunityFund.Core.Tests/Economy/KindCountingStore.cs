using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Tests.Economy;

/// <summary>Counts, for one kind of record, the listings of them (a listing, stream or page of every record of an owner
/// or of the ledger) and the records read by key.</summary>
/// <param name="inner">The store counted.</param>
/// <param name="counted">The kind of record counted.</param>
internal sealed class KindCountingStore(ILedgerStore inner, string counted) : DelegatingLedgerStore(inner)
{
    /// <summary>How many times every record of the kind (of an owner, or of the ledger) was listed.</summary>
    internal int Listings { get; private set; }

    /// <summary>How many records of the kind were read by their key.</summary>
    internal int ReadByKey { get; private set; }

    public override Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        Listings += kind == counted ? 1 : 0;
        return base.ListDocumentsAsync(ledger, kind, owner, cancellationToken);
    }

    public override IAsyncEnumerable<LedgerDocument> StreamDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        Listings += kind == counted ? 1 : 0;
        return base.StreamDocumentsAsync(ledger, kind, owner, cancellationToken);
    }

    public override Task<IReadOnlyList<LedgerDocument>> ListDocumentsPageAsync(LedgerId ledger, string kind, string? owner, DocumentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        Listings += kind == counted ? 1 : 0;
        return base.ListDocumentsPageAsync(ledger, kind, owner, after, limit, cancellationToken);
    }

    public override async Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
    {
        var document = await base.GetDocumentAsync(ledger, kind, key, cancellationToken);
        ReadByKey += kind == counted && document is not null ? 1 : 0;
        return document;
    }

    public override async Task<IReadOnlyList<LedgerDocument>> GetDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var documents = await base.GetDocumentsAsync(ledger, kind, keys, cancellationToken);
        ReadByKey += kind == counted ? documents.Count : 0;
        return documents;
    }
}
