using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>An account register (明细账): the opening balance, every line in a date range with a running balance, and
/// the closing balance.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="From">The first date, or <c>null</c> for the start of the books.</param>
/// <param name="To">The last date, or <c>null</c> for everything posted.</param>
/// <param name="Opening">The balance before <paramref name="From"/>.</param>
/// <param name="Lines">The lines, by date then sequence.</param>
/// <param name="Closing">The balance after the last line.</param>
public sealed record AccountRegister(EntityId Entity, AccountCode Account, LocalDate? From, LocalDate? To, Money Opening, ImmutableArray<RegisterLine> Lines, Money Closing)
{
    /// <summary>Builds a register by streaming the journals (the opening balance comes from the maintained balances).</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account (a leaf).</param>
    /// <param name="from">The first date, or <c>null</c>.</param>
    /// <param name="to">The last date, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The register.</returns>
    /// <exception cref="KeyNotFoundException">The ledger, entity or account does not exist.</exception>
    public static async Task<AccountRegister> BuildAsync(ILedgerStore store, LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var unit = state.Definition.FindEntity(entity)?.Chart.Find(account)?.Unit ?? throw new KeyNotFoundException($"'{entity}' has no account {account}.");
        var opening = Money.Zero(unit);
        if (from is { } first)
        {
            var before = await store.GetBalancesAsync(ledger, entity, first.PlusDays(-1), cancellationToken).ConfigureAwait(false);
            opening = before.FirstOrDefault(b => b.Account == account && b.Unit == unit)?.Balance ?? opening;
        }

        var lines = new List<RegisterLine>();
        var balance = opening;
        await foreach (var journal in store.ReadAccountJournalsAsync(ledger, entity, account, from, to, cancellationToken).ConfigureAwait(false))
        {
            foreach (var line in journal.Lines.Where(l => l.Entity == entity && l.Account == account))
            {
                lines.Add(new RegisterLine(journal.AccountingDate, journal.Sequence, journal.Id, journal.Kind, journal.Memo,
                    line.Side == Side.Debit ? line.Amount : Money.Zero(unit), line.Side == Side.Credit ? line.Amount : Money.Zero(unit), Money.Zero(unit)));
            }
        }

        // Back-dated journals are allowed in open periods, so order by date, then sequence, before running the balance.
        var ordered = lines.OrderBy(l => l.Date).ThenBy(l => l.Sequence).Select(l =>
        {
            balance = balance + l.Debit - l.Credit;
            return l with { Balance = balance };
        }).ToImmutableArray();
        return new AccountRegister(entity, account, from, to, opening, ordered, balance);
    }
}
