using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Reports;

/// <summary>
/// Checks a ledger from its journals alone: the hash chain verifies, and the balances the store maintains (a cache)
/// equal the balances rebuilt by streaming every journal. Reads page by page; needs read access only.
/// </summary>
public static class LedgerIntegrity
{
    /// <summary>Runs the check on one moment of the books: through a snapshot of the ledger (<see cref="LedgerSnapshot"/>)
    /// when the store can take one, so that journals appended while it reads are neither in the chain it verifies nor in
    /// the balances it compares.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    public static async Task<IntegrityReport> CheckAsync(ILedgerStore store, LedgerId ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var snapshot = await LedgerSnapshot.OpenAsync(store, ledger, cancellationToken).ConfigureAwait(false);
        return await CheckAsync(snapshot.Store, ledger, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the check, showing every journal read to <paramref name="observe"/>.</summary>
    internal static async Task<IntegrityReport> CheckAsync(ILedgerStore store, LedgerId ledger, Action<Journal>? observe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rebuilt = new Dictionary<(EntityId, AccountCode, string), long>();

        // One pass over the journals: the chain is verified and the balances rebuilt from the same read.
        var chain = await ChainVerifier.VerifyAsync(store, ledger, journal =>
        {
            observe?.Invoke(journal);
            foreach (var line in journal.Lines)
            {
                var key = (line.Entity, line.Account, line.Amount.Currency.Code);
                rebuilt[key] = checked(rebuilt.GetValueOrDefault(key) + line.SignedMinorUnits);
            }
        }, cancellationToken).ConfigureAwait(false);

        var maintained = (await store.GetBalancesAsync(ledger, null, null, cancellationToken).ConfigureAwait(false))
            .ToDictionary(b => (b.Entity, b.Account, b.Unit.Code), b => checked(b.DebitMinorUnits - b.CreditMinorUnits));
        var mismatches = rebuilt.Keys.Union(maintained.Keys)
            .Where(k => rebuilt.GetValueOrDefault(k) != maintained.GetValueOrDefault(k))
            .OrderBy(k => k.Item1).ThenBy(k => k.Item2).ThenBy(k => k.Item3, StringComparer.Ordinal)
            .Select(k => new BalanceMismatch(k.Item1, k.Item2, k.Item3, maintained.GetValueOrDefault(k), rebuilt.GetValueOrDefault(k)));
        return new IntegrityReport(chain, [.. mismatches]);
    }
}
