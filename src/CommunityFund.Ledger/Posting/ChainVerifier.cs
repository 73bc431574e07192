using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>
/// Verifies a ledger's hash chain: sequences run 1, 2, 3… without gaps, each journal names its predecessor's hash,
/// each hash recomputes from the journal's canonical bytes, and each journal balances per entity and unit. Any
/// single change to a stored journal — an amount, a line, a date, an order — breaks one of these, and the verifier
/// names the first sequence where it does. It needs read access only.
/// </summary>
public static class ChainVerifier
{
    /// <summary>Verifies journals given in sequence order.</summary>
    /// <param name="journals">The chain from its first journal.</param>
    /// <param name="expectedHead">Where the chain must end (e.g. the stored head); without it, a chain cut short at its
    /// end cannot be told from a shorter one.</param>
    /// <returns>The verdict.</returns>
    public static ChainVerification Verify(IEnumerable<Journal> journals, ChainCheckpoint? expectedHead = null)
    {
        ArgumentNullException.ThrowIfNull(journals);
        var state = new Walker();
        foreach (var journal in journals)
        {
            if (!state.Step(journal))
            {
                return state.Result();
            }
        }

        return state.EndsAt(expectedHead);
    }

    /// <summary>Verifies a ledger as stored, reading it page by page, and checks the stored head matches the chain's end.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="pageSize">Journals read per page.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The verdict.</returns>
    public static async Task<ChainVerification> VerifyAsync(ILedgerStore store, LedgerId ledger, int pageSize = 1_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var state = new Walker();
        await foreach (var hashed in LedgerStoreExtensions.StreamPagesAsync(store, ledger, pageSize, HashPage, cancellationToken).ConfigureAwait(false))
        {
            if (!state.Step(hashed))
            {
                return state.Result();
            }
        }

        var head = (await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false))?.Head;
        return state.EndsAt(head is null ? null : new ChainCheckpoint(head.Sequence, head.Hash));
    }

    /// <summary>Verifies a ledger as stored while showing every journal read to <paramref name="observe"/>, so that other
    /// checks share the one pass over the journals; after a break it reads on (for the observer) without verifying.</summary>
    internal static async Task<ChainVerification> VerifyAsync(ILedgerStore store, LedgerId ledger, Action<Journal> observe, CancellationToken cancellationToken)
    {
        var state = new Walker();
        var broken = false;
        await foreach (var hashed in LedgerStoreExtensions.StreamPagesAsync(store, ledger, LedgerStoreExtensions.DefaultPageSize, HashPage, cancellationToken).ConfigureAwait(false))
        {
            observe(hashed.Journal);
            broken = broken || !state.Step(hashed);
        }

        if (broken)
        {
            return state.Result();
        }

        var head = (await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false))?.Head;
        return state.EndsAt(head is null ? null : new ChainCheckpoint(head.Sequence, head.Hash));
    }

    /// <summary>A page's journals with their hashes recomputed, on the thread that read the page (the chain itself is
    /// then walked in order: each journal's recomputed hash against its stored one and the next one's previous hash).</summary>
    private static Hashed[] HashPage(IReadOnlyList<Journal> page)
    {
        var hashed = new Hashed[page.Count];
        for (var i = 0; i < hashed.Length; i++)
        {
            hashed[i] = Hashed.Of(page[i]);
        }

        return hashed;
    }

    /// <summary>A journal and its recomputed hash, or why it cannot be hashed.</summary>
    private readonly record struct Hashed(Journal Journal, string? Hash, string? Error)
    {
        internal static Hashed Of(Journal journal)
        {
            try
            {
                return new Hashed(journal, CanonicalForm.ComputeHash(journal), null);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
            {
                return new Hashed(journal, null, ex.Message);
            }
        }
    }

    private sealed class Walker
    {
        private long _checked;
        private long? _bad;
        private string? _problem;

        internal long Sequence { get; private set; }

        internal string Hash { get; private set; } = Journal.GenesisHash;

        internal bool Step(Journal journal) => Step(Hashed.Of(journal));

        internal bool Step(Hashed hashed)
        {
            var journal = hashed.Journal;
            _checked++;
            var expected = Sequence + 1;
            if (journal.Sequence != expected)
            {
                Fail(expected, $"Expected sequence {expected}, found {journal.Sequence}: a journal is missing, inserted or out of order.");
                return false;
            }

            if (!string.Equals(journal.PreviousHash, Hash, StringComparison.Ordinal))
            {
                Fail(expected, $"Journal {expected} names previous hash {journal.PreviousHash}, but the journal before it hashes to {Hash}.");
                return false;
            }

            if (hashed.Hash is not { } recomputed)
            {
                Fail(expected, $"Journal {expected} cannot be hashed: {hashed.Error}");
                return false;
            }

            if (!string.Equals(recomputed, journal.Hash, StringComparison.Ordinal))
            {
                Fail(expected, $"Journal {expected} does not match its hash: its content was changed after posting.");
                return false;
            }

            if (Unbalanced(journal) is { } imbalance)
            {
                Fail(expected, $"Journal {expected} does not balance: {imbalance}.");
                return false;
            }

            Sequence = journal.Sequence;
            Hash = journal.Hash;
            return true;
        }

        internal ChainVerification EndsAt(ChainCheckpoint? head) =>
            head is not null && (head.Sequence != Sequence || head.Hash != Hash)
                ? Fail(Sequence + 1, $"The head says sequence {head.Sequence} with hash {head.Hash}, but the chain ends at {Sequence} with hash {Hash}.")
                : Result();

        internal ChainVerification Fail(long sequence, string problem)
        {
            _bad = sequence;
            _problem = problem;
            return Result();
        }

        internal ChainVerification Result() => new(_bad is null, _checked, Sequence, Hash, _bad, _problem);

        private readonly Dictionary<(EntityId, string, bool), long> _sums = [];

        private string? Unbalanced(Journal journal)
        {
            var sums = _sums;
            sums.Clear();
            foreach (var line in journal.Lines)
            {
                if (line.Amount.MinorUnits <= 0)
                {
                    return $"a line of {line.Account} has a non-positive amount";
                }

                var key = (line.Entity, line.Amount.Currency.Code, line.Account.IsMemo);
                try
                {
                    sums[key] = checked(sums.GetValueOrDefault(key) + line.SignedMinorUnits);
                }
                catch (OverflowException)
                {
                    // Only a journal written around the engine can get here (the engine refuses such sums).
                    return $"the amounts of entity '{line.Entity}' {key.Item2} are too large to add up";
                }
            }

            foreach (var (key, sum) in sums)
            {
                if (sum != 0)
                {
                    return $"entity '{key.Item1}' {key.Item2} is off by {sum} minor units";
                }
            }

            return null;
        }
    }
}
