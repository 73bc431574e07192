using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Tests.Economy;

/// <summary>The move of a 民非 entity from the 2004 chart to NPO_CN@2026-01-01 (ADR 0021).</summary>
public class ChartTransitionTests
{
    private static readonly LedgerId Ledger = LedgerId.From("transition");
    private static readonly EntityId Provider = EntityId.From("provider");
    private static readonly EntityId Hub = EntityId.From("hub");

    [Fact]
    public void NpoBooksStartingIn2026_GetTheRevisedChart_EarlierBooksThe2004One()
    {
        Assert.Equal(ChartTemplates.NpoCn2026Version, ChartTemplates.For(AccountingProfile.NpoCn, new LocalDate(2026, 1, 1)).TemplateVersion);
        Assert.Equal(ChartTemplates.NpoCnVersion, ChartTemplates.For(AccountingProfile.NpoCn, new LocalDate(2025, 12, 31)).TemplateVersion);
        Assert.Equal(ChartTemplates.SmeCnVersion, ChartTemplates.For(AccountingProfile.SmeCn, new LocalDate(2026, 1, 1)).TemplateVersion);
    }

    [Fact]
    public void RevisedChart_DropsPrepaidAndAccruedExpenses_AndRenamesCashWagesAndTaxes()
    {
        var chart = ChartTemplates.NpoCn2026;
        Assert.Null(chart.Find(AccountCode.Parse("1301")));
        Assert.Null(chart.Find(AccountCode.Parse("2301")));
        Assert.Equal("库存现金", chart.Get(AccountCode.Parse("1001")).NameZh);
        Assert.Equal("应付职工薪酬", chart.Get(AccountCode.Parse("2204")).NameZh);
        Assert.Equal("应交税费", chart.Get(AccountCode.Parse("2206")).NameZh);
    }

    [Fact]
    public void EveryAccountTheCommunityDomainPostsTo_IsALeafOfBoth民非Charts()
    {
        var provider = ProviderAccounts.NpoCn;
        var operating = CommunityFund.Community.OperatingAccounts.NpoCn;
        AccountCode[] roles =
        [
            provider.Cash, provider.Bank, provider.WeChatPay, provider.Alipay, provider.ServiceRevenue, provider.VatPayable, provider.PrepaidPackages,
            provider.HubShareExpense, provider.FundShareExpense, provider.DueToHub, provider.DueToFund, provider.ClawbackFromHub, provider.ClawbackFromFund,
            provider.ChannelFees, ProviderAccounts.Fund.Bank, ProviderAccounts.Fund.RestrictedDonations, ProviderAccounts.FundGivesBack.Expense,
            ProviderAccounts.FundGivesBack.DueBackToProvider, operating.Bank, operating.RentExpense, operating.OtherRevenue, operating.DonatedUseRevenue, operating.ServiceRevenue,
        ];
        Assert.All(roles, code => Assert.True(ChartTemplates.NpoCn.IsLeaf(code) && ChartTemplates.NpoCn2026.IsLeaf(code), code.Value));
    }

    [Fact]
    public void TransitionJournal_CarriesADroppedAccountsBalance_ToTheAccountThatTakesIt()
    {
        var draft = ChartTransitions.Journal(Provider, [Balance("1301", 12_000, 2_000), Balance("1002.01", 50_000, 0)], new LocalDate(2026, 1, 1))!;
        Assert.Equal(new LocalDate(2026, 1, 1), draft.AccountingDate);
        Assert.Contains("财会〔2025〕6号", draft.Memo, StringComparison.Ordinal);
        Assert.Contains("1301 待摊费用 → 1141 预付账款", draft.Memo, StringComparison.Ordinal);
        Assert.Collection(draft.Lines,
            l => Assert.Equal(("1141", Side.Debit, 10_000L), (l.Account.Value, l.Side, l.Amount.MinorUnits)),
            l => Assert.Equal(("1301", Side.Credit, 10_000L), (l.Account.Value, l.Side, l.Amount.MinorUnits)));
    }

    [Fact]
    public void TransitionJournal_IsNone_WhenNoDroppedAccountHoldsABalance() =>
        Assert.Null(ChartTransitions.Journal(Provider, [Balance("1301", 5_000, 5_000), Balance("1002.01", 50_000, 0)], new LocalDate(2026, 1, 1)));

    [Fact]
    public void Migrate_KeepsTheSubAccountsTheEntityAdded_UnderAccountsTheNewChartKeeps()
    {
        var old = ChartTemplates.NpoCn.WithSubAccount(AccountCode.Parse("5201"), 1, "办公费", "Office costs").WithSubAccount(AccountCode.Parse("1301"), 1, "保险费", "Insurance");
        var migrated = ChartTransitions.Migrate(old);
        Assert.Equal(ChartTemplates.NpoCn2026Version, migrated.TemplateVersion);
        Assert.NotNull(migrated.Find(AccountCode.Parse("5201.01")));
        Assert.Null(migrated.Find(AccountCode.Parse("1301.01")));
    }

    [Fact]
    public async Task Transition_PostsTheJournal_ThenTheEntityPostsUnderTheRevisedChart()
    {
        var (store, engine) = Books();
        await PostAsync(engine, new LocalDate(2025, 9, 1), ("1301", Side.Debit, 1_200m), ("1002.01", Side.Credit, 1_200m));
        var result = await new ChartTransition(store, engine).TransitionAsync(Ledger, Provider, "t-1");
        Assert.Equal(PostingOutcome.Created, result.Outcome);
        Assert.NotNull(result.Value!.Journal);
        Assert.Equal(ChartTemplates.NpoCn2026Version, (await store.GetLedgerAsync(Ledger))!.Definition.FindEntity(Provider)!.Chart.TemplateVersion);
        var refused = await PostAsync(engine, new LocalDate(2026, 2, 1), ("1301", Side.Debit, 1m), ("1002.01", Side.Credit, 1m));
        Assert.Equal(ErrorCodes.AccountNotFound, refused.Errors[0].Code);
    }

    [Fact]
    public async Task Transition_SentAgain_AnswersTheSameRecord_AndPostsNothingMore()
    {
        var (store, engine) = Books();
        await PostAsync(engine, new LocalDate(2025, 9, 1), ("1301", Side.Debit, 1_200m), ("1002.01", Side.Credit, 1_200m));
        var first = await new ChartTransition(store, engine).TransitionAsync(Ledger, Provider);
        var head = (await store.GetLedgerAsync(Ledger))!.Head;
        var again = await new ChartTransition(store, engine).TransitionAsync(Ledger, Provider);
        Assert.Equal(PostingOutcome.AlreadyExists, again.Outcome);
        Assert.Equal(first.Value!.Journal, again.Value!.Journal);
        Assert.Equal(first.Value.Rules.AsEnumerable(), again.Value.Rules.AsEnumerable());
        Assert.Equal(head, (await store.GetLedgerAsync(Ledger))!.Head);
    }

    [Fact]
    public async Task Transition_OfACompanyFormEntity_IsRefused()
    {
        var (store, engine) = Books();
        var result = await new ChartTransition(store, engine).TransitionAsync(Ledger, Hub);
        Assert.Equal(EconomyErrorCodes.ChartTransitionNotApplicable, result.Errors[0].Code);
    }

    [Fact]
    public async Task Transition_IsRefused_WhenADroppedAccountHasPostingsOnOrAfterTheTransitionDay()
    {
        var (store, engine) = Books();
        await PostAsync(engine, new LocalDate(2026, 1, 1), ("1301", Side.Debit, 100m), ("1002.01", Side.Credit, 100m));
        var result = await new ChartTransition(store, engine).TransitionAsync(Ledger, Provider);
        Assert.Equal(EconomyErrorCodes.ChartTransitionAccountInUse, result.Errors[0].Code);
    }

    [Fact]
    public void Transition_KeepsNetAssetsPerRestrictionClass_AndTheBalanceSheetTies() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 500_000).Three()), amounts =>
        {
            var (prepaid, accrued, donation) = amounts;
            var (store, engine) = Books();
            var eve = new LocalDate(2025, 12, 31);
            Post(engine, new LocalDate(2025, 8, 1), ("1002.01", Side.Debit, 10_000m, null), ("4101.02", Side.Credit, 10_000m, "stairway"));
            Post(engine, new LocalDate(2025, 9, 1), ("1301", Side.Debit, prepaid / 100m), ("1002.01", Side.Credit, prepaid / 100m));
            Post(engine, new LocalDate(2025, 10, 1), ("5201", Side.Debit, accrued / 100m), ("2301", Side.Credit, accrued / 100m));
            Post(engine, new LocalDate(2025, 11, 1), ("1002.01", Side.Debit, donation / 100m), ("4101.01", Side.Credit, donation / 100m));
            var before = Sheet(store, eve);
            var moved = new ChartTransition(store, engine).TransitionAsync(Ledger, Provider).GetAwaiter().GetResult();
            Assert.True(moved.Succeeded, string.Join("; ", moved.Errors.Select(e => $"{e.Code}: {e.Message}")));
            var after = Sheet(store, new LocalDate(2026, 1, 1));
            Assert.Equal(before.Amount(101, 1), after.Amount(101, 1));
            Assert.Equal(before.Amount(105, 1), after.Amount(105, 1));
            Assert.Equal(before.Amount(60, 1), after.Amount(60, 1));
            Assert.Equal(after.Amount(60, 1), after.Amount(120, 1));
            Assert.Equal(0L, after.Amount(9, 1).MinorUnits + after.Amount(71, 1).MinorUnits);
        }).QuickCheckThrowOnFailure();

    private static PrescribedStatement Sheet(ILedgerStore store, LocalDate date) =>
        PrescribedStatements.BuildAsync(store, Ledger, Provider, PrescribedForm.NpoBalanceSheet, date).GetAwaiter().GetResult();

    private static AccountBalance Balance(string code, long debit, long credit) => new(Provider, AccountCode.Parse(code), Currency.CNY, debit, credit);

    private static (InMemoryLedgerStore Store, PostingEngine Engine) Books()
    {
        var store = new InMemoryLedgerStore();
        var definition = new LedgerDefinition(Ledger, "Transition", new LocalDate(2025, 7, 1))
            .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Hub, "Hub", EntityKind.Hub, AccountingProfile.SmeCn));
        Assert.True(store.CreateLedgerAsync(definition).GetAwaiter().GetResult());
        return (store, new PostingEngine(store, new FakeClock(Instant.FromUtc(2026, 3, 15, 2, 0))));
    }

    private static void Post(PostingEngine engine, LocalDate date, params (string Account, Side Side, decimal Amount, string? Restriction)[] lines)
    {
        if (lines.All(l => l.Amount > 0))
        {
            var posted = engine.PostAsync(Ledger, Draft(date, lines)).GetAwaiter().GetResult();
            Assert.True(posted.Succeeded, string.Join("; ", posted.Errors.Select(e => $"{e.Code}: {e.Message}")));
        }
    }

    private static void Post(PostingEngine engine, LocalDate date, (string Account, Side Side, decimal Amount) first, (string Account, Side Side, decimal Amount) second) =>
        Post(engine, date, [(first.Account, first.Side, first.Amount, null), (second.Account, second.Side, second.Amount, null)]);

    private static Task<PostingResult> PostAsync(PostingEngine engine, LocalDate date, params (string Account, Side Side, decimal Amount)[] lines) =>
        engine.PostAsync(Ledger, Draft(date, [.. lines.Select(l => (l.Account, l.Side, l.Amount, (string?)null))]));

    private static JournalDraft Draft(LocalDate date, (string Account, Side Side, decimal Amount, string? Restriction)[] lines) =>
        new(date, JournalKind.Manual, "Manual",
        [
            .. lines.Select(l =>
            {
                var line = new LineDraft(Provider, AccountCode.Parse(l.Account), l.Side, Money.FromDecimal(l.Amount, Currency.CNY));
                return l.Restriction is null ? line : line.With(DimensionNames.Restriction, l.Restriction);
            }),
        ]);
}
