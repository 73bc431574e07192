using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>Folds journals, one at a time, into <see cref="DistributionReports.ReconcileDueToDueFromAsync"/>'s rows:
/// what each provider owes its hub and fund by its books, and what they claim by theirs, as of a date (<c>null</c>: all).</summary>
internal sealed class DueToDueFromFold(LedgerDefinition definition, LocalDate? asOf)
{
    private readonly Dictionary<(EntityId Provider, EntityId Hub), long> _owes = [];
    private readonly Dictionary<(EntityId Provider, EntityId Hub), long> _claims = [];

    internal void Add(Journal journal)
    {
        if (asOf is not null && journal.AccountingDate > asOf)
        {
            return;
        }

        foreach (var line in journal.Lines)
        {
            if (line.Dimensions.TryGetValue(DimensionNames.Counterparty, out var other) && EntityId.TryFrom(other, out var counterparty))
            {
                AddLine(line, counterparty);
            }
        }
    }

    internal ImmutableArray<Reconciliation> Rows() =>
        [.. _owes.Keys.Union(_claims.Keys).OrderBy(k => k.Provider).ThenBy(k => k.Hub).Select(k => new Reconciliation(
            k.Provider, k.Hub, Money.FromMinorUnits(_owes.GetValueOrDefault(k), Currency.CNY), Money.FromMinorUnits(_claims.GetValueOrDefault(k), Currency.CNY)))];

    private void AddLine(JournalLine line, EntityId counterparty)
    {
        var entity = definition.FindEntity(line.Entity);
        if (entity?.Kind == EntityKind.Provider && ProviderAccounts.For(entity.Profile) is { } accounts && definition.FindEntity(counterparty)?.Kind == EntityKind.Hub)
        {
            // Payable (credit-normal) less clawback receivable (debit-normal): credits add, debits subtract.
            if (line.Account == accounts.DueToHub || line.Account == accounts.ClawbackFromHub)
            {
                Add(_owes, (line.Entity, counterparty), -line.SignedMinorUnits);
            }
        }
        else if (entity?.Kind == EntityKind.Provider && ProviderAccounts.For(entity.Profile) is { } provider && line.Account == provider.ClawbackFromFund
            && definition.FindEntity(counterparty)?.Kind == EntityKind.CommunityFund)
        {
            // The fund recognises the 5% only when received, so only what it owes back after refunds is on both books.
            Add(_owes, (line.Entity, counterparty), -line.SignedMinorUnits);
        }
        else if (entity?.Kind == EntityKind.Hub && (line.Account == ProviderAccounts.Hub.Receivable || line.Account == ProviderAccounts.Hub.DueBackToProvider))
        {
            Add(_claims, (counterparty, line.Entity), line.SignedMinorUnits);
        }
        else if (entity?.Kind == EntityKind.CommunityFund && line.Account == ProviderAccounts.FundGivesBack.DueBackToProvider)
        {
            Add(_claims, (counterparty, line.Entity), line.SignedMinorUnits);
        }
    }

    private static void Add(Dictionary<(EntityId, EntityId), long> totals, (EntityId, EntityId) key, long amount) =>
        totals[key] = checked(totals.GetValueOrDefault(key) + amount);
}
