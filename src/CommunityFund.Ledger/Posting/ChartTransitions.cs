using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>
/// The move of a 民非 entity from the 2004 chart (<see cref="ChartTemplates.NpoCnVersion"/>) to the revised one
/// (<see cref="ChartTemplates.NpoCn2026Version"/>), after 民间非营利组织新旧会计制度有关衔接问题的处理规定 (财会〔2025〕6号) as
/// ADR 0021 reads it: the old books' balances at the end of 2025 are carried to the new chart; accounts kept under the
/// same code carry theirs unchanged (no journal line), accounts the new chart drops have their balance moved by one
/// balanced journal dated the transition day. Net assets are never touched, so each restriction class keeps its total.
/// </summary>
public static class ChartTransitions
{
    /// <summary>The memo of every transition journal.</summary>
    public const string Memo = "民非新旧制度衔接 (财会〔2025〕6号): 原账科目余额转入新账科目";

    /// <summary>The reclassifications from the 2004 chart to the revised one.</summary>
    public static ImmutableArray<ChartTransitionRule> NpoCn2005To2026 { get; } =
    [
        new(AccountCode.Parse("1301"), AccountCode.Parse("1141"), "1301 待摊费用 → 1141 预付账款"),
        new(AccountCode.Parse("2301"), AccountCode.Parse("2209.04"), "2301 预提费用 → 2209.04 其他应付款—预提费用"),
    ];

    /// <summary>The day an entity's books move: 2026-01-01, or the books' first day when they start later.</summary>
    /// <param name="booksStart">The ledger's first accounting day.</param>
    /// <returns>The transition day.</returns>
    public static LocalDate TransitionDate(LocalDate booksStart) => LocalDate.Max(ChartTemplates.NpoCn2026Effective, booksStart);

    /// <summary>The rule that moves an account of the old chart, or <c>null</c> when the account keeps its code.</summary>
    /// <param name="account">An account of the 2004 chart (or one of its sub-accounts).</param>
    /// <returns>The rule.</returns>
    public static ChartTransitionRule? RuleFor(AccountCode account) =>
        NpoCn2005To2026.FirstOrDefault(r => account == r.From || account.Value.StartsWith(r.From.Value + ".", StringComparison.Ordinal));

    /// <summary>The revised chart for an entity: the 2026 template, plus the sub-accounts the entity added to its old
    /// chart under accounts the new one keeps.</summary>
    /// <param name="old">The entity's 2004 chart.</param>
    /// <returns>The new chart.</returns>
    public static ChartOfAccounts Migrate(ChartOfAccounts old)
    {
        ArgumentNullException.ThrowIfNull(old);
        var template = ChartTemplates.NpoCn2026;
        var added = old.Accounts.Where(a => template.Find(a.Code) is null && RuleFor(a.Code) is null && a.Code.Parent is not null);
        return ChartOfAccounts.FromAccounts(AccountingProfile.NpoCn, ChartTemplates.NpoCn2026Version, template.Accounts.Concat(added));
    }

    /// <summary>The transition journal: for each CNY balance, at the eve of <paramref name="date"/>, of an account the
    /// new chart drops, a line clearing it and a line carrying it to the rule's account; <c>null</c> when there is none.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="balances">Its balances at the eve of the transition day.</param>
    /// <param name="date">The transition day.</param>
    /// <returns>The journal, or <c>null</c>.</returns>
    public static JournalDraft? Journal(EntityId entity, IEnumerable<AccountBalance> balances, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(balances);
        var lines = ImmutableArray.CreateBuilder<LineDraft>();
        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var balance in balances.Where(b => b.Entity == entity && b.Unit == Currency.CNY && b.Balance.MinorUnits != 0).OrderBy(b => b.Account))
        {
            if (RuleFor(balance.Account) is not { } rule)
            {
                continue;
            }

            var amount = Money.FromMinorUnits(Math.Abs(balance.Balance.MinorUnits), Currency.CNY);
            var (clear, carry) = balance.Balance.IsPositive ? (Side.Credit, Side.Debit) : (Side.Debit, Side.Credit);
            lines.Add(new LineDraft(entity, rule.To, carry, amount));
            lines.Add(new LineDraft(entity, balance.Account, clear, amount));
            rules.Add(rule.Rule);
        }

        return lines.Count == 0 ? null : new JournalDraft(date, JournalKind.Manual, $"{Memo}: {string.Join("; ", rules)}", lines.ToImmutable())
        {
            SourceReference = $"chart-transition:{ChartTemplates.NpoCn2026Version}",
            Metadata = JournalMetadata.From(("transition.from", ChartTemplates.NpoCnVersion), ("transition.to", ChartTemplates.NpoCn2026Version), ("transition.rule", "财会〔2025〕6号")),
        };
    }
}
