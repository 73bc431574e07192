using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>
/// What one provider owes one counterparty (hub or fund) for a period: every share accrued, less every share
/// reversed, dated up to the period's end and not on an earlier statement.
/// </summary>
public sealed record SettlementStatement
{
    /// <summary>The id, <c>provider.counterparty.yyyy-MM</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The provider.</summary>
    public required EntityId Provider { get; init; }

    /// <summary>The counterparty party (hub or community fund).</summary>
    public required DistributionParty Counterparty { get; init; }

    /// <summary>The counterparty entity.</summary>
    public required EntityId CounterpartyEntity { get; init; }

    /// <summary>For a fund statement: the restriction the fund records its receipt under.</summary>
    public string? FundRestriction { get; init; }

    /// <summary>The period.</summary>
    public required YearMonth Period { get; init; }

    /// <summary>The items.</summary>
    public required ImmutableList<StatementItem> Items { get; init; }

    /// <summary>The status.</summary>
    public SettlementStatus Status { get; init; } = SettlementStatus.Owed;

    /// <summary>The invoice or donation-receipt reference, once invoiced.</summary>
    public string? InvoiceReference { get; init; }

    /// <summary>The settlement journal, once settled.</summary>
    public JournalId? SettlementJournal { get; init; }

    /// <summary><c>true</c> for a repayment: the counterparty paid back shares it owed the provider after refunds (every
    /// item a clawback, the amount negative), settled at once by its own journal.</summary>
    public bool IsRepayment { get; init; }

    /// <summary>The amount owed: the sum of the items (negative for a repayment, which the counterparty paid).</summary>
    public Money Amount => Money.FromMinorUnits(Items.Sum(i => i.AmountMinorUnits), Currency.CNY);

    /// <summary>The output VAT the amount includes: the sum of the items' VAT (zero unless the counterparty is a hub with a
    /// VAT status). The hub's invoice shows the amount less this as its fee and this as its VAT.</summary>
    public Money Vat => Money.FromMinorUnits(Items.Sum(i => i.VatMinorUnits), Currency.CNY);
}
