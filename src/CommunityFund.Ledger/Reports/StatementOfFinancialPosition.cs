using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>资产负债表 — the statement of financial position of a 民非 entity as of a date. Net assets include the
/// revenues and expenses not yet closed into 3101/3102, per restriction, so the statement balances at any date.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="AsOf">The date.</param>
/// <param name="Assets">Asset lines (1xxx, net of contra accounts), in the total column.</param>
/// <param name="Liabilities">Liability lines (2xxx).</param>
/// <param name="UnrestrictedNetAssets">非限定性净资产, including the unclosed surplus.</param>
/// <param name="RestrictedNetAssets">限定性净资产, including the unclosed restricted surplus.</param>
public sealed record StatementOfFinancialPosition(EntityId Entity, LocalDate AsOf, ImmutableArray<StatementLine> Assets, ImmutableArray<StatementLine> Liabilities, Money UnrestrictedNetAssets, Money RestrictedNetAssets)
{
    /// <summary>Total assets.</summary>
    public Money TotalAssets => Assets.Aggregate(Money.Zero(Currency.CNY), (s, l) => s + l.Total);

    /// <summary>Total liabilities.</summary>
    public Money TotalLiabilities => Liabilities.Aggregate(Money.Zero(Currency.CNY), (s, l) => s + l.Total);

    /// <summary>Total liabilities and net assets; equals <see cref="TotalAssets"/> in balanced books.</summary>
    public Money TotalLiabilitiesAndNetAssets => TotalLiabilities + UnrestrictedNetAssets + RestrictedNetAssets;

    /// <summary><c>true</c> when assets equal liabilities plus net assets.</summary>
    public bool Balances => TotalAssets == TotalLiabilitiesAndNetAssets;

    /// <summary>Builds the statement from the maintained balances as of a date.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">A 民非 (NPO_CN) entity.</param>
    /// <param name="asOf">The date.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    public static async Task<StatementOfFinancialPosition> BuildAsync(ILedgerStore store, LedgerId ledger, EntityId entity, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var (chart, balances) = await Statements.MovementAsync(store, ledger, entity, null, asOf, cancellationToken).ConfigureAwait(false);
        var assets = Statements.Lines(chart, balances, AccountType.Asset, sign: 1);
        var liabilities = Statements.Lines(chart, balances, AccountType.Liability, sign: -1);
        var netAssets = Statements.Lines(chart, balances, AccountType.NetAssets, sign: -1);
        var revenue = Statements.Lines(chart, balances, AccountType.Revenue, sign: -1);
        var expense = Statements.Lines(chart, balances, AccountType.Expense, sign: 1);
        Money Column(IEnumerable<StatementLine> lines, Func<StatementLine, Money> column) => lines.Aggregate(Money.Zero(Currency.CNY), (s, l) => s + column(l));
        var unrestricted = netAssets.Where(l => l.Code == "3101").Sum(l => l.Total.MinorUnits)
            + Column(revenue, l => l.Unrestricted).MinorUnits - Column(expense, l => l.Unrestricted).MinorUnits;
        var restricted = netAssets.Where(l => l.Code == "3102").Sum(l => l.Total.MinorUnits)
            + Column(revenue, l => l.Restricted).MinorUnits - Column(expense, l => l.Restricted).MinorUnits;
        return new StatementOfFinancialPosition(entity, asOf,
            [.. assets.Select(l => new StatementLine(l.Code, l.NameZh, l.NameEn, l.Total, Money.Zero(Currency.CNY)))], liabilities,
            Money.FromMinorUnits(unrestricted, Currency.CNY), Money.FromMinorUnits(restricted, Currency.CNY));
    }
}

/// <summary>The arithmetic shared by the statements.</summary>
internal static class Statements
{
    /// <summary>The movement of every CNY account of an entity between two dates (debit positive), from the balances.</summary>
    internal static async Task<(ChartOfAccounts Chart, Dictionary<AccountCode, long> Movement)> MovementAsync(
        ILedgerStore store, LedgerId ledger, EntityId entity, LocalDate? before, LocalDate through, CancellationToken ct, AccountingProfile profile = AccountingProfile.NpoCn)
    {
        ArgumentNullException.ThrowIfNull(store);
        var state = await store.GetLedgerAsync(ledger, ct).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var definition = state.Definition.FindEntity(entity) ?? throw new KeyNotFoundException($"Ledger '{ledger}' has no entity '{entity}'.");
        if (definition.Profile != profile)
        {
            throw new ArgumentException($"'{entity}' keeps {definition.Profile} books; these statements are for {(profile == AccountingProfile.NpoCn ? "NPO_CN (民非)" : "SME_CN (小企业)")} entities.", nameof(entity));
        }

        static Dictionary<AccountCode, long> Net(IEnumerable<AccountBalance> balances) =>
            balances.Where(b => b.Unit == Currency.CNY && !b.Account.IsMemo).ToDictionary(b => b.Account, b => checked(b.DebitMinorUnits - b.CreditMinorUnits));
        var end = Net(await store.GetBalancesAsync(ledger, entity, through, ct).ConfigureAwait(false));
        if (before is { } start)
        {
            var opening = Net(await store.GetBalancesAsync(ledger, entity, start, ct).ConfigureAwait(false));
            foreach (var (account, amount) in opening)
            {
                end[account] = checked(end.GetValueOrDefault(account) - amount);
            }
        }

        return (definition.Chart, end);
    }

    /// <summary>One line per first-level account of a type (with any movement), split by the .01/.02 restriction
    /// sub-accounts of revenue; <paramref name="sign"/> turns credit-normal amounts positive.</summary>
    internal static ImmutableArray<StatementLine> Lines(ChartOfAccounts chart, Dictionary<AccountCode, long> movement, AccountType type, int sign) =>
        [.. movement
            .Where(m => chart.Find(m.Key)?.Type == type)
            .GroupBy(m => m.Key.Root)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var root = chart.Get(g.Key);
                var restricted = g.Where(m => chart.Get(m.Key).RequiredDimensions.Contains(DimensionNames.Restriction) || m.Key.Value == "3102").Sum(m => m.Value) * sign;
                var unrestricted = (g.Sum(m => m.Value) * sign) - restricted;
                return new StatementLine(g.Key.Value, root.NameZh, root.NameEn, Money.FromMinorUnits(unrestricted, Currency.CNY), Money.FromMinorUnits(restricted, Currency.CNY));
            })
            .Where(l => !l.Total.IsZero || !l.Restricted.IsZero)];
}
