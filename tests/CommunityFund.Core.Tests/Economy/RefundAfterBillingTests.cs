using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

/// <summary>A refund after the hub's and the fund's shares were billed or settled: what they give back becomes a
/// receivable of the provider and a payable of theirs, netted on the next statement or repaid, and the audit stays
/// sound in every combination.</summary>
public class RefundAfterBillingTests
{
    /// <summary>How far March's statements got before the refund.</summary>
    public enum Billing
    {
        /// <summary>No statement yet.</summary>
        Unbilled,

        /// <summary>Prepared and invoiced, not paid.</summary>
        Invoiced,

        /// <summary>Paid.</summary>
        Settled,
    }

    private static readonly LocalDate March2 = new(2026, 3, 2);
    private static readonly LocalDate April15 = new(2026, 4, 15);

    public static TheoryData<HubRefundRule, FundRefundRule, Billing, decimal> Combinations()
    {
        var data = new TheoryData<HubRefundRule, FundRefundRule, Billing, decimal>();
        foreach (var hub in Enum.GetValues<HubRefundRule>())
        {
            foreach (var fund in Enum.GetValues<FundRefundRule>())
            {
                foreach (var billing in Enum.GetValues<Billing>())
                {
                    foreach (var refund in new[] { 40m, 100m })
                    {
                        data.Add(hub, fund, billing, refund);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task RefundAfterAnyBilling_ThenTheNextMonthAndRepayments_LeavesTheAuditSound(HubRefundRule hubRule, FundRefundRule fundRule, Billing billing, decimal refund)
    {
        var books = Books(hubRule, fundRule);
        var sale = books.SellOk(BankMeal(March2));
        Bill(books, billing);

        Assert.True(books.Refund(sale.Id, refund, April15).Succeeded);
        books.SellOk(BankMeal(new LocalDate(2026, 4, 20)) with { Quantity = 2 });
        foreach (var counterparty in new[] { Hub, Fund })
        {
            if (billing == Billing.Invoiced)
            {
                Assert.True(books.Settle($"elder-care.{counterparty}.2026-03", new LocalDate(2026, 4, 16)).Succeeded);
            }

            var april = books.Prepare(ElderCare, counterparty, 2026, 4);
            Assert.True(april.Succeeded, string.Join("; ", april.Errors));
            Assert.True(books.Invoice(april.Value!.Id).Succeeded);
            Assert.True(books.Settle(april.Value.Id, new LocalDate(2026, 5, 5)).Succeeded);
        }

        var report = await LedgerAudit.RunAsync(books.Ledgers, books.Store, EconomyBooks.Ledger);

        Assert.True(report.IsSound, string.Join("; ", report.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => $"{f.Code}: {f.Message}")));
        AssertNothingIsOnTheWrongSide(books);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task RefundAfterAnyBilling_WithNoLaterSales_IsRepaidAndTheAuditStaysSound(HubRefundRule hubRule, FundRefundRule fundRule, Billing billing, decimal refund)
    {
        var books = Books(hubRule, fundRule);
        var sale = books.SellOk(BankMeal(March2));
        Bill(books, billing);
        GiveTheHubAndTheFundMoney(books);

        Assert.True(books.Refund(sale.Id, refund, April15).Succeeded);
        foreach (var counterparty in new[] { Hub, Fund })
        {
            if (billing == Billing.Invoiced)
            {
                Assert.True(books.Settle($"elder-care.{counterparty}.2026-03", new LocalDate(2026, 4, 16)).Succeeded);
            }

            var repaid = Repay(books, counterparty, new LocalDate(2026, 4, 30));
            Assert.True(repaid.Succeeded || repaid.Errors[0].Code is EconomyErrorCodes.NothingOwedBack or EconomyErrorCodes.NothingOwed, string.Join("; ", repaid.Errors));
        }

        var report = await LedgerAudit.RunAsync(books.Ledgers, books.Store, EconomyBooks.Ledger);

        Assert.True(report.IsSound, string.Join("; ", report.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => $"{f.Code}: {f.Message}")));
        AssertNothingIsOnTheWrongSide(books);
        Assert.Equal(Cny(0m), books.Balance(ElderCare, "1122.01"));
        Assert.Equal(Cny(0m), books.Balance(ElderCare, "1122.02"));
    }

    [Fact]
    public void RefundAfterSettlement_DefaultRules_MakesTheHubOweTheProvider_NotAPayableTurnedDebit()
    {
        var books = Books(HubRefundRule.NetOnNextStatement, FundRefundRule.OffsetAgainstLaterAccruals);
        var sale = books.SellOk(BankMeal(March2));
        Bill(books, Billing.Settled);

        Assert.True(books.Refund(sale.Id, 100m, April15).Succeeded);

        Assert.Equal((Cny(0m), Cny(0m)), (books.Balance(ElderCare, "2209.01"), books.Balance(ElderCare, "2209.02")));
        Assert.Equal((Cny(25m), Cny(5m)), (books.Balance(ElderCare, "1122.01"), books.Balance(ElderCare, "1122.02")));
        Assert.Equal((Cny(0m), Cny(-25m)), (books.Balance(Hub, "1122.01"), books.Balance(Hub, "2241.03")));
        Assert.Equal((Cny(5m), Cny(-5m)), (books.Balance(Fund, "5201"), books.Balance(Fund, "2209.03")));
    }

    [Fact]
    public void RefundAfterSettlement_TheFundsGiveBack_IsChargedToTheRestrictionItWasReceivedUnder()
    {
        var books = Books(HubRefundRule.NetOnNextStatement, FundRefundRule.OffsetAgainstLaterAccruals);
        var sale = books.SellOk(BankMeal(March2));
        Bill(books, Billing.Settled);

        var refund = books.Refund(sale.Id, 100m, April15);

        var expense = refund.Journals[0].Lines.Single(l => l.Entity == Fund && l.Account == AccountCode.Parse("5201"));
        Assert.Equal("community-fund-share", expense.Dimensions[DimensionNames.Restriction]);
        var restriction = Assert.Single(Restrictions(books));
        Assert.Equal(Cny(0m), restriction.Available);
    }

    [Fact]
    public void NextStatement_NetsTheClawback_AndItsSettlementClearsTheReceivable()
    {
        var books = Books(HubRefundRule.NetOnNextStatement, FundRefundRule.OffsetAgainstLaterAccruals);
        var sale = books.SellOk(BankMeal(March2));
        Bill(books, Billing.Settled);
        Assert.True(books.Refund(sale.Id, 100m, April15).Succeeded);
        books.SellOk(BankMeal(new LocalDate(2026, 4, 20)) with { Quantity = 2 });

        var april = books.Prepare(ElderCare, Hub, 2026, 4).Value!;
        books.Invoice(april.Id);
        var settled = books.Settle(april.Id, new LocalDate(2026, 5, 5));

        Assert.Equal((Cny(25m), 1), (april.Amount, april.Items.Count(i => i.Clawback)));
        Assert.True(settled.Succeeded, string.Join("; ", settled.Errors));
        Assert.Equal((Cny(0m), Cny(0m), Cny(0m)), (books.Balance(ElderCare, "1122.01"), books.Balance(ElderCare, "2209.01"), books.Balance(Hub, "2241.03")));
    }

    [Fact]
    public void ClawbackReceivableRule_KeepsTheClawbackOffTheNextStatement()
    {
        var books = Books(HubRefundRule.ClawbackReceivable, FundRefundRule.OffsetAgainstLaterAccruals);
        var sale = books.SellOk(BankMeal(March2));
        Bill(books, Billing.Settled);
        Assert.True(books.Refund(sale.Id, 100m, April15).Succeeded);
        books.SellOk(BankMeal(new LocalDate(2026, 4, 20)) with { Quantity = 2 });

        var april = books.Prepare(ElderCare, Hub, 2026, 4).Value!;

        Assert.Equal((Cny(50m), 0), (april.Amount, april.Items.Count(i => i.Clawback)));
    }

    [Fact]
    public void Repayment_WhenNothingIsOwedBack_IsRefused()
    {
        var books = Books(HubRefundRule.NetOnNextStatement, FundRefundRule.OffsetAgainstLaterAccruals);
        books.SellOk(BankMeal(March2));

        var repaid = Repay(books, Hub, new LocalDate(2026, 4, 30));

        Assert.Equal(EconomyErrorCodes.NothingOwedBack, Assert.Single(repaid.Errors).Code);
    }

    [Fact]
    public void Repayment_ByAHubWithoutTheMoney_IsRefusedInsufficientFunds()
    {
        var books = Books(HubRefundRule.ClawbackReceivable, FundRefundRule.OffsetAgainstLaterAccruals);
        var sale = books.SellOk(BankMeal(March2));
        Bill(books, Billing.Invoiced);
        Assert.True(books.Refund(sale.Id, 100m, April15).Succeeded);

        // March's statement is invoiced but unpaid: the hub has no money to repay the 25.00 with.
        var repaid = Repay(books, Hub, new LocalDate(2026, 4, 30));

        var error = Assert.Single(repaid.Errors);
        Assert.Equal(EconomyErrorCodes.InsufficientFunds, error.Code);
        Assert.Equal("25.00", error.Figures!["shortfall"]);
    }

    [Fact]
    public void Repayment_IsRecordedOnce_SoNoLaterStatementNetsItAgain()
    {
        var books = Books(HubRefundRule.NetOnNextStatement, FundRefundRule.OffsetAgainstLaterAccruals);
        var sale = books.SellOk(BankMeal(March2));
        Bill(books, Billing.Settled);
        Assert.True(books.Refund(sale.Id, 100m, April15).Succeeded);

        var repaid = Repay(books, Hub, new LocalDate(2026, 4, 30));
        books.SellOk(BankMeal(new LocalDate(2026, 5, 20)));
        var may = books.Prepare(ElderCare, Hub, 2026, 5).Value!;

        Assert.Equal((Cny(-25m), true), (repaid.Value!.Amount, repaid.Value.IsRepayment));
        Assert.Equal(Cny(25m), may.Amount);
        Assert.Equal(EconomyErrorCodes.NothingOwedBack, Repay(books, Hub, new LocalDate(2026, 5, 30)).Errors[0].Code);
    }

    private static CommandResult<SettlementStatement> Repay(EconomyBooks books, EntityId counterparty, LocalDate date) =>
        books.Economy.RepayAsync(EconomyBooks.Ledger, ElderCare, counterparty, date).GetAwaiter().GetResult();

    private static IReadOnlyList<RestrictionBalance> Restrictions(EconomyBooks books) =>
        RestrictionBalances.ComputeAsync(books.Ledgers, EconomyBooks.Ledger, Fund).GetAwaiter().GetResult();

    private static EconomyBooks Books(HubRefundRule hub, FundRefundRule fund) =>
        EconomyBooks.Create(DistributionPolicy.Standard(EconomyBooks.Hub, EconomyBooks.Fund, Start) with { HubRefund = hub, FundRefund = fund });

    private static SaleRequest BankMeal(LocalDate date) => PaidMeal(date: date) with { Channel = PaymentChannel.Bank };

    private static void Bill(EconomyBooks books, Billing billing)
    {
        foreach (var counterparty in new[] { Hub, Fund })
        {
            if (billing == Billing.Unbilled)
            {
                continue;
            }

            var march = books.Prepare(ElderCare, counterparty, 2026, 3);
            Assert.True(march.Succeeded, string.Join("; ", march.Errors));
            Assert.True(books.Invoice(march.Value!.Id).Succeeded);
            if (billing == Billing.Settled)
            {
                Assert.True(books.Settle(march.Value.Id, new LocalDate(2026, 4, 5)).Succeeded);
            }
        }
    }

    /// <summary>The provider, the hub and the fund have other money in the bank (income, a platform fee, a donation), so
    /// neither a refund nor a repayment is paid from money they do not have.</summary>
    private static void GiveTheHubAndTheFundMoney(EconomyBooks books)
    {
        var posted = books.Engine.PostAsync(EconomyBooks.Ledger, new CommunityFund.Posting.JournalDraft(new LocalDate(2026, 4, 1), CommunityFund.Ledger.JournalKind.Manual, "other income",
        [
            CommunityFund.Posting.LineDraft.Debit(ElderCare, "1002.01", Cny(500m)), CommunityFund.Posting.LineDraft.Credit(ElderCare, "4901.01", Cny(500m)),
            CommunityFund.Posting.LineDraft.Debit(Hub, "1002.01", Cny(500m)), CommunityFund.Posting.LineDraft.Credit(Hub, "5051", Cny(500m)),
            CommunityFund.Posting.LineDraft.Debit(Fund, "1002.02", Cny(500m)), CommunityFund.Posting.LineDraft.Credit(Fund, "4101.01", Cny(500m)),
        ])).GetAwaiter().GetResult();
        Assert.True(posted.Succeeded, string.Join("; ", posted.Errors));
    }

    /// <summary>No payable turned debit, no receivable turned credit, no bank account in credit.</summary>
    private static void AssertNothingIsOnTheWrongSide(EconomyBooks books)
    {
        foreach (var balance in books.AllBalances().Where(b => !b.Account.IsMemo))
        {
            var code = balance.Account.Value;
            var net = balance.DebitMinorUnits - balance.CreditMinorUnits;
            if (code is "2209.01" or "2209.02" or "2209.03" or "2241.01" or "2241.02" or "2241.03")
            {
                Assert.True(net <= 0, $"{balance.Entity} {code} is {net} (debit)");
            }
            else if (code is "1122.01" or "1122.02" or "1221.01" or "1221.02" || code.StartsWith("1002", StringComparison.Ordinal))
            {
                Assert.True(net >= 0, $"{balance.Entity} {code} is {net} (credit)");
            }
        }
    }
}
