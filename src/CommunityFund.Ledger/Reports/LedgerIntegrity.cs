using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Reports;

/// <summary>One balance the store maintains that differs from the same balance rebuilt from the journals.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="Unit">The unit code.</param>
/// <param name="Maintained">Debits minus credits as maintained, in minor units.</param>
/// <param name="Rebuilt">Debits minus credits rebuilt from the journals, in minor units.</param>
public sealed record BalanceMismatch(EntityId Entity, AccountCode Account, string Unit, long Maintained, long Rebuilt);

/// <summary>The result of an integrity check.</summary>
/// <param name="Chain">The hash-chain verification.</param>
/// <param name="BalanceMismatches">Maintained balances that differ from the journals (empty when all agree).</param>
public sealed record IntegrityReport(ChainVerification Chain, ImmutableArray<BalanceMismatch> BalanceMismatches)
{
    /// <summary><c>true</c> when the chain is intact and every maintained balance equals its rebuild.</summary>
    public bool IsSound => Chain.IsIntact && BalanceMismatches.IsEmpty;
}

/// <summary>
/// Checks a ledger from its journals alone: the hash chain verifies, and the balances the store maintains (a cache)
/// equal the balances rebuilt by streaming every journal. Reads page by page; needs read access only.
/// </summary>
public static class LedgerIntegrity
{
    /// <summary>Runs the check.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    public static Task<IntegrityReport> CheckAsync(ILedgerStore store, LedgerId ledger, CancellationToken cancellationToken = default) =>
        CheckAsync(store, ledger, null, cancellationToken);

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
