namespace CommunityFund.EntityFrameworkCore;

/// <summary>What a journal row leaves to the journal before it (issue 20, ADR 0031).</summary>
[Flags]
internal enum Inherited
{
    /// <summary>Everything is stored in the row itself.</summary>
    None = 0,

    /// <summary>The previous hash is the hash of the journal before (stored: <c>previous_hash</c> empty).</summary>
    PreviousHash = 1,

    /// <summary>The idempotency key and request hash are those of the journal before (stored: <c>idempotency_key</c> an
    /// empty BLOB, <c>request_hash</c> NULL).</summary>
    Key = 2,

    /// <summary>The source reference is that of the journal before (stored: an empty BLOB).</summary>
    Source = 4,
}

/// <summary>What a journal leaves to the one after it: its hash, and its key, request hash and source reference as
/// completed.</summary>
internal readonly record struct Before(string? Hash, string? Key, string? RequestHash, string? Source);

/// <summary>A journal's columns as read, before what it leaves to the journal before it is filled in.</summary>
/// <typeparam name="T">The reader's row type.</typeparam>
internal interface IStoredHeader<T>
    where T : class, IStoredHeader<T>
{
    /// <summary>The journal's sequence.</summary>
    long Sequence { get; }

    /// <summary>What it leaves to the journal before it.</summary>
    Inherited Inherits { get; }

    /// <summary>What it leaves to the journal after it (once complete).</summary>
    Before AsBefore { get; }

    /// <summary>The row with its inherited values taken from <paramref name="before"/> (the journal one sequence before);
    /// a missing hash there makes an empty previous hash, which verification fails.</summary>
    T After(Before before);
}

/// <summary>
/// Since <c>CompactChain</c> (issue 20, ADR 0031) a journal row stores its previous hash, its idempotency key with its
/// request hash, and its source reference only when they differ from the journal before it in the same append (the
/// previous hash is that journal's hash; the second journal of a sale has the first's key, request and source): the
/// column then holds an empty value (an empty BLOB, or on PostgreSQL an empty <c>bytea</c>: since ADR 0035 its hashes,
/// keys and references are <see cref="PackedText"/>, whose forms are never empty), and a reader takes the value from the journal one sequence before — from the same
/// page, or, for a page's first journal and a journal read alone, with the reads below (the hash of the journal before;
/// the nearest journal before that stores its own key or reference). A ledger's first journal, and the first journal of
/// each append, store everything. Every hash is computed from the values so completed, which are the values written, so
/// no hash changes; a journal whose predecessor is missing reads with an empty previous hash, which verification reports
/// at that sequence (a gap is reported there anyway).
/// </summary>
internal static class SameAsBefore
{
    /// <summary>The empty BLOB SQLite stores, and the empty <c>bytea</c> PostgreSQL stores (ADR 0035), for "the same as
    /// the journal before" (zero bytes of payload; no value's stored form).</summary>
    internal static readonly byte[] Marker = [];

    /// <summary>The statement that reads the journals <paramref name="sequences"/> of ledger <c>@p0</c> (integers, inlined):
    /// sequence, hash, idempotency key, request hash, source reference.</summary>
    internal static string ReadSql(IEnumerable<long> sequences) =>
        "SELECT sequence, hash, idempotency_key, request_hash, source_reference FROM journals WHERE ledger_id = @p0 AND sequence IN (" +
        string.Join(",", sequences.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";

    /// <summary>The journals some of <paramref name="heads"/> (in sequence order) need and that are not among them.</summary>
    internal static List<long> Missing<T>(List<T> heads)
        where T : class, IStoredHeader<T>
    {
        var missing = new List<long>();
        for (var i = 0; i < heads.Count; i++)
        {
            if (heads[i].Inherits != Inherited.None && (i == 0 || heads[i - 1].Sequence != heads[i].Sequence - 1))
            {
                missing.Add(heads[i].Sequence - 1);
            }
        }

        return missing;
    }

    /// <summary>Fills in, in sequence order, what each of <paramref name="heads"/> leaves to the journal before it: the
    /// head before it in the list, or one of <paramref name="fetched"/>.</summary>
    internal static void Resolve<T>(List<T> heads, IReadOnlyDictionary<long, Before> fetched)
        where T : class, IStoredHeader<T>
    {
        T? before = null;
        for (var i = 0; i < heads.Count; i++)
        {
            var head = heads[i];
            if (head.Inherits != Inherited.None)
            {
                head = head.After(before is not null && before.Sequence == head.Sequence - 1 ? before.AsBefore : fetched.GetValueOrDefault(head.Sequence - 1));
                heads[i] = head;
            }

            before = head;
        }
    }

    /// <summary>A row's values with those it leaves to the journal before taken from <paramref name="before"/>.</summary>
    internal static (string PreviousHash, string? Key, string? RequestHash, string? Source) Complete(
        Inherited inherits, Before before, string previousHash, string? key, string? requestHash, string? source) =>
        ((inherits & Inherited.PreviousHash) != 0 ? before.Hash ?? string.Empty : previousHash,
            (inherits & Inherited.Key) != 0 ? before.Key : key,
            (inherits & Inherited.Key) != 0 ? before.RequestHash : requestHash,
            (inherits & Inherited.Source) != 0 ? before.Source : source);
}
