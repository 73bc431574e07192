using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api;

/// <summary>Seeds a demo ledger: a hub, three providers, a community fund and a residents' committee.</summary>
public static class DemoData
{
    /// <summary>The demo ledger's id.</summary>
    public static readonly LedgerId LedgerId = LedgerId.From("demo");

    /// <summary>Creates the demo ledger and a first sale, unless it exists.</summary>
    public static async Task SeedAsync(ILedgerStore store, PostingEngine engine, ILogger logger)
    {
        var provider = EntityId.From("elder-care");
        var definition = new LedgerDefinition(LedgerId, "玉林社区 Yulin community (demo)", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(EntityId.From("hub"), "枢纽社会企业 Hub social enterprise", EntityKind.Hub, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(provider, "长者服务中心 Elder-care centre", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(EntityId.From("youth-club"), "青少年成长社 Youth club", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(EntityId.From("cafe"), "社区咖啡社会企业 Community café", EntityKind.Provider, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(EntityId.From("fund"), "社区基金 Community fund", EntityKind.CommunityFund, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(EntityId.From("committee"), "居委会 Residents' committee", EntityKind.Community, AccountingProfile.MemoOnly));
        if (!await store.CreateLedgerAsync(definition))
        {
            return;
        }

        var amount = Money.FromDecimal(1000m, Currency.CNY);
        await engine.PostAsync(LedgerId, new JournalDraft(new LocalDate(2026, 1, 5), JournalKind.Sale, "助老服务包 paid tier",
        [
            LineDraft.Debit(provider, "1002.01", amount),
            LineDraft.Credit(provider, "4301.01", amount).With(DimensionNames.Tier, "paid"),
        ]), "demo-sale-1");
        logger.LogInformation("Seeded demo ledger '{Ledger}'.", LedgerId);
    }
}
