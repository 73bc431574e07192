using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>Folds journals, one at a time, into what <see cref="FundReceivables"/> reads from them: each provider's
/// payable to each fund and the dates of the settlement journals, as of a date (<c>null</c>: everything posted).</summary>
internal sealed class FundPayablesFold(LedgerDefinition definition, LocalDate? asOf, EntityId? provider)
{
    internal Dictionary<(EntityId Provider, EntityId Fund), long> Payable { get; } = [];

    internal Dictionary<JournalId, LocalDate> SettledOn { get; } = [];

    internal void Add(Journal journal)
    {
        if (asOf is { } date && journal.AccountingDate > date)
        {
            return;
        }

        if (journal.Kind == JournalKind.Settlement)
        {
            SettledOn[journal.Id] = journal.AccountingDate;
        }

        foreach (var line in journal.Lines)
        {
            if ((provider is null || line.Entity == provider) && definition.FindEntity(line.Entity) is { Kind: EntityKind.Provider } entity
                && ProviderAccounts.For(entity.Profile) is { } accounts && line.Account == accounts.DueToFund
                && line.Dimensions.TryGetValue(DimensionNames.Counterparty, out var other) && EntityId.TryFrom(other, out var fund))
            {
                Payable[(line.Entity, fund)] = checked(Payable.GetValueOrDefault((line.Entity, fund)) - line.SignedMinorUnits);
            }
        }
    }
}
