using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Tests.Posting;

/// <summary>
/// What someone with write access to the stored books and the source code would do: change a journal and then
/// recompute its hash (and, to hide the change further, the hashes of the journals after it, each linked to the new
/// hash before it), so that every journal still matches its own hash.
/// </summary>
internal static class Rehash
{
    /// <summary>Every line of journal <paramref name="edited"/> gets 1.00 more (so it still balances); the journals
    /// from <paramref name="edited"/> through <paramref name="through"/> get recomputed hashes, each naming the new
    /// hash of the journal before it. Journals after <paramref name="through"/> are left as stored.</summary>
    internal static List<Journal> Apply(IReadOnlyList<Journal> chain, long edited, long through)
    {
        var result = new List<Journal>(chain.Count);
        string? previous = null;
        foreach (var journal in chain)
        {
            if (journal.Sequence < edited || journal.Sequence > through)
            {
                result.Add(journal);
                previous = null;
                continue;
            }

            var lines = journal.Sequence == edited
                ? [.. journal.Lines.Select(l => l with { Amount = l.Amount.Plus(Money.FromMinorUnits(100, l.Amount.Currency)) })]
                : journal.Lines;
            var draft = Copy(journal, lines, previous ?? journal.PreviousHash, string.Empty);
            var rehashed = Copy(draft, lines, draft.PreviousHash, CanonicalForm.ComputeHash(draft));
            result.Add(rehashed);
            previous = rehashed.Hash;
        }

        return result;
    }

    /// <summary>The journal with other lines and a hash recomputed for them (its previous hash kept).</summary>
    internal static Journal WithLines(Journal journal, System.Collections.Immutable.ImmutableArray<JournalLine> lines)
    {
        var draft = Copy(journal, lines, journal.PreviousHash, string.Empty);
        return Copy(draft, lines, draft.PreviousHash, CanonicalForm.ComputeHash(draft));
    }

    /// <summary>A checkpoint at a journal of a chain.</summary>
    internal static ChainCheckpoint At(IReadOnlyList<Journal> chain, long sequence) =>
        chain.Single(j => j.Sequence == sequence) is var j ? new ChainCheckpoint(j.Sequence, j.Hash) : throw new InvalidOperationException();

    private static Journal Copy(Journal j, System.Collections.Immutable.ImmutableArray<JournalLine> lines, string previousHash, string hash) =>
        new(j.Id, j.Ledger, j.Sequence, j.AccountingDate, j.RecordedAt, j.Kind, j.Memo, lines, previousHash, hash)
        {
            SourceReference = j.SourceReference,
            IdempotencyKey = j.IdempotencyKey,
            RequestHash = j.RequestHash,
            ReversalOf = j.ReversalOf,
            Metadata = j.Metadata,
        };
}

/// <summary>A store whose stored journals were rewritten in place (and, optionally, whose stored head was moved to
/// the rewritten chain's end), as an edit made directly in the storage would leave it.</summary>
internal sealed class RewrittenStore(ILedgerStore inner, IReadOnlyList<Journal> rewritten, bool moveHead) : DelegatingLedgerStore(inner)
{
    private readonly Dictionary<long, Journal> _bySequence = rewritten.ToDictionary(j => j.Sequence);

    public override async Task<IReadOnlyList<Journal>> ReadJournalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        [.. (await base.ReadJournalsAsync(ledger, afterSequence, limit, cancellationToken)).Select(j => _bySequence.GetValueOrDefault(j.Sequence, j))];

    public override async Task<LedgerState?> GetLedgerAsync(LedgerId ledger, CancellationToken cancellationToken = default)
    {
        var state = await base.GetLedgerAsync(ledger, cancellationToken);
        if (state is null || !moveHead)
        {
            return state;
        }

        var end = _bySequence[state.Head.Sequence];
        return state with { Head = state.Head with { Hash = end.Hash } };
    }
}
