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
        var opening = await OpeningAsync(store, ledger, entity, account, unit, from, cancellationToken).ConfigureAwait(false);

        var lines = new List<RegisterLine>();
        await foreach (var journal in store.ReadAccountJournalsAsync(ledger, entity, account, from, to, cancellationToken).ConfigureAwait(false))
        {
            AddLines(lines, journal, entity, account, unit);
        }

        return Run(entity, account, from, to, opening, lines);
    }

    /// <summary>Builds one page of a register: at most <paramref name="limit"/> journals of the account in the range, by
    /// date then sequence, after <paramref name="after"/>; read as a page from the store (its date index), with the
    /// opening balance from the maintained daily balances and, after a cursor, the account's lines of the cursor's day
    /// up to it.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account (a leaf).</param>
    /// <param name="from">The first date, or <c>null</c>.</param>
    /// <param name="to">The last date, or <c>null</c>.</param>
    /// <param name="after">Where the page starts (just after it), or <c>null</c> for the first page.</param>
    /// <param name="limit">The most journals on the page (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page and the cursor of the next.</returns>
    /// <exception cref="KeyNotFoundException">The ledger, entity or account does not exist.</exception>
    public static async Task<AccountRegisterPage> BuildPageAsync(
        ILedgerStore store, LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, JournalCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var unit = state.Definition.FindEntity(entity)?.Chart.Find(account)?.Unit ?? throw new KeyNotFoundException($"'{entity}' has no account {account}.");
        var opening = await OpeningAsync(store, ledger, entity, account, unit, after?.Date ?? from, cancellationToken).ConfigureAwait(false);
        if (after is not null)
        {
            opening += Money.FromMinorUnits(await store.SumAccountDayAsync(ledger, entity, account, after.Date, after.Sequence, cancellationToken).ConfigureAwait(false), unit);
        }

        var journals = await store.ReadAccountJournalsPageAsync(ledger, entity, account, from, to, after, limit + 1, cancellationToken).ConfigureAwait(false);
        var lines = new List<RegisterLine>();
        foreach (var journal in journals.Take(limit))
        {
            AddLines(lines, journal, entity, account, unit);
        }

        var next = journals.Count > limit ? new JournalCursor(journals[limit - 1].AccountingDate, journals[limit - 1].Sequence) : null;
        return new AccountRegisterPage(Run(entity, account, from, to, opening, lines), next);
    }

    /// <summary>The account's balance before a date (zero without one), from the maintained daily balances.</summary>
    private static async Task<Money> OpeningAsync(ILedgerStore store, LedgerId ledger, EntityId entity, AccountCode account, Currency unit, LocalDate? before, CancellationToken cancellationToken)
    {
        if (before is not { } first)
        {
            return Money.Zero(unit);
        }

        var balances = await store.GetBalancesAsync(ledger, entity, first.PlusDays(-1), cancellationToken).ConfigureAwait(false);
        return balances.FirstOrDefault(b => b.Account == account && b.Unit == unit)?.Balance ?? Money.Zero(unit);
    }

    private static void AddLines(List<RegisterLine> lines, Journal journal, EntityId entity, AccountCode account, Currency unit)
    {
        foreach (var line in journal.Lines.Where(l => l.Entity == entity && l.Account == account))
        {
            lines.Add(new RegisterLine(journal.AccountingDate, journal.Sequence, journal.Id, journal.Kind, journal.Memo,
                line.Side == Side.Debit ? line.Amount : Money.Zero(unit), line.Side == Side.Credit ? line.Amount : Money.Zero(unit), Money.Zero(unit)));
        }
    }

    /// <summary>Orders the lines by date, then sequence (back-dated journals are allowed in open periods), and runs the
    /// balance from the opening.</summary>
    private static AccountRegister Run(EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, Money opening, List<RegisterLine> lines)
    {
        var balance = opening;
        var ordered = lines.OrderBy(l => l.Date).ThenBy(l => l.Sequence).Select(l =>
        {
            balance = balance + l.Debit - l.Credit;
            return l with { Balance = balance };
        }).ToImmutableArray();
        return new AccountRegister(entity, account, from, to, opening, ordered, balance);
    }
}
