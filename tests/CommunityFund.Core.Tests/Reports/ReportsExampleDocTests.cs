using System.Text;
using CommunityFund.Audit;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Tests.Docs;
using CommunityFund.Tests.Economy;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Reports;

/// <summary>
/// Every report on one fixed scenario, rendered into docs/examples/reports.md: the file is the snapshot (the test fails
/// when a number moves), and its figures were checked by hand once (the checks are asserted here too).
/// </summary>
public class ReportsExampleDocTests
{
    private static readonly LocalDate MarchEnd = new(2026, 3, 31);
    private static readonly LocalDate March = new(2026, 3, 1);

    [Fact]
    public async Task Reports_MatchTheCommittedDocument() => ExampleDocument.AssertCommitted("reports.md", await RenderAsync());

    [Fact]
    public async Task Reports_AgreeWithTheHandCheckedFigures()
    {
        var books = await ScenarioAsync();
        var ledger = EconomyBooks.Ledger;

        // Elder-care's distributable base: S1 1,000.00 + S2 90.00 + S3 delivered 2 of 4 sessions of 100.00 = 50.00 →
        // 1,140.00, less the 100.00 refund of S1. Hub 25%: 285.00 − 25.00 = 260.00 owed by elder-care, plus the café's
        // 99.99 × 25% = 24.9975 → 25.00: the hub's platform revenue is 285.00. Fund 5%: 57.00 − 5.00 = 52.00 owed by elder-care.
        var hub = await IncomeStatement.BuildAsync(books.Ledgers, ledger, Hub, March, MarchEnd);
        Assert.Equal(Cny(285m), hub.OperatingRevenue);
        Assert.Equal(Cny(-260m), books.Balance(ElderCare, "2209.01"));
        Assert.Equal(Cny(-52m), books.Balance(ElderCare, "2209.02"));
        var fund = await FundStatement.BuildAsync(books.Ledgers, ledger, Fund, March, MarchEnd);
        // Settled in April, so March has none of the 5% in the fund's books; donations 3,000 + 800 restricted, grant 500.
        Assert.Equal((Cny(0m), Cny(3_800m), Cny(500m)), (fund.FundShares, fund.Donations, fund.TotalGrants));
        var position = await StatementOfFinancialPosition.BuildAsync(books.Ledgers, ledger, Fund, MarchEnd);
        Assert.Equal((Cny(3_300m), Cny(3_000m - 500m), Cny(800m)), (position.TotalAssets, position.UnrestrictedNetAssets, position.RestrictedNetAssets));
        Assert.True((await BalanceSheet.BuildAsync(books.Ledgers, ledger, Hub, MarchEnd)).Balances);
        Assert.True((await BalanceSheet.BuildAsync(books.Ledgers, ledger, Cafe, MarchEnd)).Balances);
        Assert.True((await LedgerAudit.RunAsync(books.Ledgers, books.Store, ledger)).IsSound);

        // The 5% the fund has not received: elder-care's 52.00 and the café's 99.99 × 5% = 4.9995 → 5.00, as in their books.
        var receivables = await FundReceivables.BuildAsync(books.Ledgers, books.Store, ledger, MarchEnd);
        Assert.Equal([(ElderCare, Cny(52m)), (Cafe, Cny(5m))], receivables.Totals.Select(t => (t.Provider, t.Outstanding)).OrderBy(t => t.Provider != ElderCare));
        Assert.True(receivables.Agrees);
    }

    /// <summary>March 2026: the distribution example's month, a café class, a one-yuan lease and the fund's donations and grant.</summary>
    private static async Task<EconomyBooks> ScenarioAsync()
    {
        var books = EconomyBooks.Create();
        var community = EntityId.From("community");
        Assert.True(await books.Ledgers.UpdateLedgerAsync(books.Definition().WithEntity(new AccountingEntity(community, "玉林社区", EntityKind.Community, AccountingProfile.MemoOnly))));
        var s1 = books.SellOk(PaidMeal(quantity: 10, date: March.PlusDays(1)));
        books.SellOk(PaidMeal(30m, date: March.PlusDays(3)) with { Tier = PricingTier.LowCost, Quantity = 3, Channel = PaymentChannel.Cash });
        var s3 = books.SellOk(PaidMeal(date: March.PlusDays(5)) with { Prepaid = true, Channel = PaymentChannel.Bank });
        Assert.True(books.Deliver(new DeliveryRequest(March.PlusDays(8), 2) { Sale = s3.Id }).Succeeded);
        books.SellOk(new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 1, Cny(99.99m), PaymentChannel.Alipay, March.PlusDays(12), "r-0042"));
        Assert.True(books.Refund(s1.Id, 100m, March.PlusDays(15)).Succeeded);

        var agreements = new CommunityAgreements(books.Ledgers, books.Engine);
        var lease = new ServiceAgreement("living-room", AgreementKind.NominalLease, community, ElderCare, March, new LocalDate(2027, 2, 28),
            [new ServiceObligation("public-welfare sessions", Money.FromMinorUnits(8, Currency.COUNT), 30)])
        {
            Lease = new LeaseTerms(new LeasedSpace("社区客厅 Community living room", 120m), Cny(1m), RentFrequency.Yearly, new FairValue(Cny(36_000m), "Yulin 2025 rent survey")),
        };
        Assert.True((await agreements.RegisterAsync(EconomyBooks.Ledger, lease)).Succeeded);
        Assert.True((await agreements.ActivateAsync(EconomyBooks.Ledger, lease.Id)).Succeeded);
        Assert.True((await agreements.PostDueAsync(EconomyBooks.Ledger, lease.Id, MarchEnd)).Succeeded);
        Assert.True((await agreements.RecordDeliveryAsync(EconomyBooks.Ledger, new ServiceDelivery(lease.Id, "public-welfare sessions", March.PlusDays(20), Money.FromMinorUnits(6, Currency.COUNT), 41, "sign-in sheet"))).Succeeded);

        var fund = new FundBooks(books.Ledgers, books.Engine);
        Assert.True((await fund.ReceiveDonationAsync(EconomyBooks.Ledger, new DonationReceipt(Fund, March.PlusDays(2), Cny(3_000m), "d-0001"))).Succeeded);
        Assert.True((await fund.ReceiveDonationAsync(EconomyBooks.Ledger, new DonationReceipt(Fund, March.PlusDays(4), Cny(800m), "d-0002") { Restriction = "stairway" })).Succeeded);
        Assert.True((await fund.AwardGrantAsync(EconomyBooks.Ledger, new GrantAward(Fund, "stairway-repair", March.PlusDays(18), Cny(500m), "handrails"))).Succeeded);
        return books;
    }

    private static async Task<string> RenderAsync()
    {
        var books = await ScenarioAsync();
        var ledger = EconomyBooks.Ledger;
        var store = books.Ledgers;
        var text = new StringBuilder();
        text.AppendLine("# Worked example: every report on one month");
        text.AppendLine();
        text.AppendLine("Generated by `ReportsExampleDocTests` from a real run on the in-memory stores; the test fails when a figure moves");
        text.AppendLine("(rewrite with `UPDATE_DOCS=1 ./scripts/test.sh` and review the diff). March 2026: the sales of");
        text.AppendLine("[distribution.md](distribution.md) (S1 10 paid meals 1,000.00; S2 3 low-cost 90.00; S3 prepaid 100.00 with 2 of 4");
        text.AppendLine("sessions delivered; a café class 99.99; a 100.00 refund of S1), a one-yuan lease of the living room to elder-care,");
        text.AppendLine("and the fund's donations (3,000.00 unrestricted, 800.00 restricted to the stairway) and a 500.00 grant.");
        text.AppendLine();
        text.AppendLine("Checked by hand (and asserted by `Reports_AgreeWithTheHandCheckedFigures`): elder-care's distributable base 1,000.00");
        text.AppendLine("+ 90.00 + 50.00 = 1,140.00; the 100.00 refund of S1 reverses 70.00 / 25.00 / 5.00, so elder-care owes the hub");
        text.AppendLine("285.00 − 25.00 = 260.00 and the fund 57.00 − 5.00 = 52.00 (not yet settled in March); with the café's 99.99 × 25% =");
        text.AppendLine("24.9975 → 25.00 the hub's platform revenue is 285.00; the fund's assets are 3,000.00 + 800.00 − 500.00 = 3,300.00, of");
        text.AppendLine("which 800.00 restricted; the hub's and the café's balance sheets balance; the audit has no findings. The fund has");
        text.AppendLine("received none of the 5%: the schedule of amounts owed to it shows elder-care's 52.00 and the café's 99.99 × 5% =");
        text.AppendLine("4.9995 → 5.00, each equal to the payable in the provider's books.");
        text.AppendLine();

        foreach (var entity in new[] { ElderCare, Cafe, Hub, Fund })
        {
            var trial = await TrialBalance.BuildAsync(store, ledger, entity, MarchEnd);
            text.AppendLine($"## Trial balance — {entity} ({trial.EntityName}) as of 2026-03-31");
            text.AppendLine();
            text.AppendLine("| unit | account | name | debit balance | credit balance |");
            text.AppendLine("|---|---|---|--:|--:|");
            foreach (var section in trial.Sections)
            {
                foreach (var row in section.Rows)
                {
                    text.AppendLine($"| {section.Unit.Code} | {row.Account} | {row.NameZh} {row.NameEn} | {row.DebitBalance.ToAmountString()} | {row.CreditBalance.ToAmountString()} |");
                }

                text.AppendLine($"| {section.Unit.Code} | | **total** | **{section.TotalDebitBalance.ToAmountString()}** | **{section.TotalCreditBalance.ToAmountString()}** |");
            }

            text.AppendLine();
        }

        var register = await AccountRegister.BuildAsync(store, ledger, Fund, AccountCode.Parse("1002.02"), March, MarchEnd);
        text.AppendLine("## Account register — fund 1002.02 社区基金专户, March");
        text.AppendLine();
        text.AppendLine("| date | seq | kind | memo | debit | credit | balance |");
        text.AppendLine("|---|--:|---|---|--:|--:|--:|");
        text.AppendLine($"| | | | opening | | | {register.Opening.ToAmountString()} |");
        foreach (var line in register.Lines)
        {
            text.AppendLine($"| {line.Date:yyyy-MM-dd} | {line.Sequence} | {line.Kind} | {line.Memo} | {Blank(line.Debit)} | {Blank(line.Credit)} | {line.Balance.ToAmountString()} |");
        }

        text.AppendLine();
        foreach (var entity in new[] { ElderCare, Fund })
        {
            var activities = await StatementOfActivities.BuildAsync(store, ledger, entity, March, MarchEnd);
            text.AppendLine($"## 业务活动表 Statement of activities — {entity}, March");
            text.AppendLine();
            text.AppendLine("| account | name | unrestricted | restricted | total |");
            text.AppendLine("|---|---|--:|--:|--:|");
            foreach (var line in activities.Revenues.Append(activities.TotalRevenue).Concat(activities.Expenses).Append(activities.TotalExpenses).Append(activities.ChangeInNetAssets))
            {
                text.AppendLine($"| {line.Code} | {line.NameZh} {line.NameEn} | {line.Unrestricted.ToAmountString()} | {line.Restricted.ToAmountString()} | {line.Total.ToAmountString()} |");
            }

            var position = await StatementOfFinancialPosition.BuildAsync(store, ledger, entity, MarchEnd);
            text.AppendLine();
            text.AppendLine($"## 资产负债表 Statement of financial position — {entity}, 2026-03-31");
            text.AppendLine();
            text.AppendLine("| account | name | amount |");
            text.AppendLine("|---|---|--:|");
            foreach (var line in position.Assets)
            {
                text.AppendLine($"| {line.Code} | {line.NameZh} {line.NameEn} | {line.Total.ToAmountString()} |");
            }

            text.AppendLine($"| | **资产总计 Total assets** | **{position.TotalAssets.ToAmountString()}** |");
            foreach (var line in position.Liabilities)
            {
                text.AppendLine($"| {line.Code} | {line.NameZh} {line.NameEn} | {line.Total.ToAmountString()} |");
            }

            text.AppendLine($"| 3101 | 非限定性净资产 Unrestricted net assets | {position.UnrestrictedNetAssets.ToAmountString()} |");
            text.AppendLine($"| 3102 | 限定性净资产 Restricted net assets | {position.RestrictedNetAssets.ToAmountString()} |");
            text.AppendLine($"| | **负债和净资产总计 Total liabilities and net assets** | **{position.TotalLiabilitiesAndNetAssets.ToAmountString()}** |");
            text.AppendLine();
        }

        foreach (var entity in new[] { Hub, Cafe })
        {
            var income = await IncomeStatement.BuildAsync(store, ledger, entity, March, MarchEnd);
            text.AppendLine($"## 利润表 Income statement — {entity}, March");
            text.AppendLine();
            text.AppendLine("| account | name | amount |");
            text.AppendLine("|---|---|--:|");
            foreach (var line in income.Lines)
            {
                text.AppendLine($"| {line.Code} | {line.NameZh} {line.NameEn} | {line.Amount.ToAmountString()} |");
            }

            text.AppendLine($"| | 营业收入 Operating revenue | {income.OperatingRevenue.ToAmountString()} |");
            text.AppendLine($"| | 营业利润 Operating profit | {income.OperatingProfit.ToAmountString()} |");
            text.AppendLine($"| | 利润总额 Total profit | {income.TotalProfit.ToAmountString()} |");
            text.AppendLine($"| | **净利润 Net profit** | **{income.NetProfit.ToAmountString()}** |");
            var sheet = await BalanceSheet.BuildAsync(store, ledger, entity, MarchEnd);
            text.AppendLine();
            text.AppendLine($"## 资产负债表 Balance sheet — {entity}, 2026-03-31");
            text.AppendLine();
            text.AppendLine("| account | name | amount |");
            text.AppendLine("|---|---|--:|");
            foreach (var line in sheet.Assets.Concat(sheet.Liabilities).Concat(sheet.Equity))
            {
                text.AppendLine($"| {line.Code} | {line.NameZh} {line.NameEn} | {line.Amount.ToAmountString()} |");
            }

            text.AppendLine($"| | 未结转利润 Profit not yet closed | {sheet.UnclosedProfit.ToAmountString()} |");
            text.AppendLine($"| | **assets {sheet.TotalAssets.ToAmountString()} = liabilities {sheet.TotalLiabilities.ToAmountString()} + equity {sheet.TotalEquity.ToAmountString()}** | {(sheet.Balances ? "balances" : "DOES NOT BALANCE")} |");
            text.AppendLine();
        }

        var fundStatement = await FundStatement.BuildAsync(store, ledger, Fund, March, MarchEnd);
        text.AppendLine("## Community-fund statement, March");
        text.AppendLine();
        text.AppendLine("| line | amount |");
        text.AppendLine("|---|--:|");
        text.AppendLine($"| 5% shares of providers' revenue (received) | {fundStatement.FundShares.ToAmountString()} |");
        text.AppendLine($"| donations of money | {fundStatement.Donations.ToAmountString()} |");
        text.AppendLine($"| donations in kind | {fundStatement.InKindDonations.ToAmountString()} |");
        foreach (var source in fundStatement.SelfFinancing)
        {
            text.AppendLine($"| self-financing: {source.Source} | {source.Amount.ToAmountString()} |");
        }

        text.AppendLine($"| other income | {fundStatement.OtherIncome.ToAmountString()} |");
        text.AppendLine($"| **total inflows** | **{fundStatement.TotalInflows.ToAmountString()}** |");
        foreach (var grant in fundStatement.Grants)
        {
            text.AppendLine($"| grant: {grant.Source} | {grant.Amount.ToAmountString()} |");
        }

        text.AppendLine($"| released from restriction | {fundStatement.Released.ToAmountString()} |");
        foreach (var restriction in fundStatement.Restrictions)
        {
            text.AppendLine($"| restriction '{restriction.Restriction}': received {restriction.Received.ToAmountString()}, spent {restriction.Spent.ToAmountString()} | available {restriction.Available.ToAmountString()} |");
        }

        text.AppendLine();
        text.AppendLine("## Distributions per provider and month");
        text.AppendLine();
        text.AppendLine("| provider | month | policy | count | base | provider | hub | fund | reversed (provider/hub/fund) |");
        text.AppendLine("|---|---|---|--:|--:|--:|--:|--:|---|");
        foreach (var row in await DistributionReports.ByPeriodAsync(books.Store, ledger))
        {
            text.AppendLine($"| {row.Provider} | {row.Month.Year:0000}-{row.Month.Month:00} | {row.PolicyReference} | {row.Distributions} | {row.Base.ToAmountString()} | {Fen(row.Parts.Provider)} | {Fen(row.Parts.Hub)} | {Fen(row.Parts.Fund)} | {Fen(row.Reversed.Provider)} / {Fen(row.Reversed.Hub)} / {Fen(row.Reversed.Fund)} |");
        }

        text.AppendLine();
        text.AppendLine("## Distributions per sale");
        text.AppendLine();
        text.AppendLine("| date | provider | package | tier | base | provider | hub | fund | policy | rounding | hub status | fund status |");
        text.AppendLine("|---|---|---|---|--:|--:|--:|--:|---|---|---|---|");
        foreach (var row in await DistributionReports.DistributionsAsync(books.Store, ledger))
        {
            var d = row.Distribution;
            text.AppendLine($"| {d.Date:yyyy-MM-dd} | {row.Provider} | {row.Package} | {row.Tier} | {d.Base.ToAmountString()} | {Fen(d.Parts.Provider)} | {Fen(d.Parts.Hub)} | {Fen(d.Parts.Fund)} | {d.PolicyReference} | {d.Rounding} | {row.HubStatus?.ToString() ?? "-"} | {row.FundStatus?.ToString() ?? "-"} |");
        }

        text.AppendLine();
        text.AppendLine("## Fairness and reconciliation");
        text.AppendLine();
        text.AppendLine("| provider | policy | party | paid | exact | drift |");
        text.AppendLine("|---|---|---|--:|--:|--:|");
        foreach (var stream in await DistributionReports.FairnessAsync(books.Store, ledger))
        {
            foreach (var line in stream.Lines)
            {
                text.AppendLine($"| {stream.Provider} | {stream.PolicyReference} | {line.Party} | {line.Paid.ToAmountString()} | {line.Exact:0.0000} | {line.Drift:0.0000} |");
            }
        }

        text.AppendLine();
        text.AppendLine("| provider | counterparty | provider owes | counterparty claims | agrees |");
        text.AppendLine("|---|---|--:|--:|---|");
        foreach (var row in await DistributionReports.ReconcileDueToDueFromAsync(store, ledger))
        {
            text.AppendLine($"| {row.Provider} | {row.Counterparty} | {row.ProviderOwes.ToAmountString()} | {row.CounterpartyClaims.ToAmountString()} | {(row.Agrees ? "yes" : "NO")} |");
        }

        text.AppendLine();
        text.AppendLine("## Amounts owed to the community fund, not yet received (ADR 0011)");
        text.AppendLine();
        text.AppendLine("Aged from the end of the month the shares accrued in; as of 2026-03-31, and again as of 2026-07-01 had nothing been paid.");
        text.AppendLine();
        text.AppendLine("| as of | provider | fund | month | age (days) | bucket | accrued | reversed | received | credit applied | outstanding |");
        text.AppendLine("|---|---|---|---|--:|---|--:|--:|--:|--:|--:|");
        var receivables = new List<FundReceivablesReport>();
        foreach (var asOf in new[] { MarchEnd, new LocalDate(2026, 7, 1) })
        {
            var schedule = await FundReceivables.BuildAsync(store, books.Store, ledger, asOf);
            receivables.Add(schedule);
            foreach (var row in schedule.Rows)
            {
                text.AppendLine($"| {asOf:yyyy-MM-dd} | {row.Provider} | {row.Fund} | {row.Month.Year:0000}-{row.Month.Month:00} | {row.AgeDays} | {row.Bucket} | {row.Accrued.ToAmountString()} | {row.Reversed.ToAmountString()} | {row.Received.ToAmountString()} | {row.CreditApplied.ToAmountString()} | {row.Outstanding.ToAmountString()} |");
            }
        }

        text.AppendLine();
        text.AppendLine("| as of | provider | fund | 0–30 | 31–90 | over 90 | unapplied credit | outstanding | payable in its books | agrees |");
        text.AppendLine("|---|---|---|--:|--:|--:|--:|--:|--:|---|");
        foreach (var schedule in receivables)
        {
            foreach (var total in schedule.Totals)
            {
                text.AppendLine($"| {schedule.AsOf:yyyy-MM-dd} | {total.Provider} | {total.Fund} | {total.Days0To30.ToAmountString()} | {total.Days31To90.ToAmountString()} | {total.Over90Days.ToAmountString()} | {total.UnappliedCredit.ToAmountString()} | {total.Outstanding.ToAmountString()} | {total.PayableInBooks.ToAmountString()} | {(total.Agrees ? "yes" : "NO")} |");
            }
        }

        var lateAudit = await LedgerAudit.RunAsync(store, books.Store, ledger, new LocalDate(2026, 7, 1));
        text.AppendLine();
        text.AppendLine("The audit as of 2026-07-01:");
        text.AppendLine();
        foreach (var finding in lateAudit.Findings)
        {
            text.AppendLine($"- {finding.Severity} `{finding.Code}`: {finding.Message}");
        }

        var obligations = (await new CommunityAgreements(store, books.Engine).ObligationStatusAsync(ledger, "living-room", MarchEnd))!;
        text.AppendLine();
        text.AppendLine("## Obligations of the living-room lease as of 2026-03-31");
        text.AppendLine();
        text.AppendLine("| month | service | owed | delivered | shortfall | surplus | residents |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|");
        foreach (var line in obligations.Months)
        {
            text.AppendLine($"| {line.From:yyyy-MM-dd}..{line.To:yyyy-MM-dd} | {line.Service} | {line.Owed} | {line.Delivered} | {line.Shortfall} | {line.Surplus} | {line.Beneficiaries} of {line.MinimumBeneficiaries} |");
        }

        var audit = await LedgerAudit.RunAsync(store, books.Store, ledger);
        text.AppendLine();
        text.AppendLine("## Audit");
        text.AppendLine();
        text.AppendLine($"{audit.JournalsChecked} journals checked; chain head at sequence {audit.Head.Sequence}; findings: {(audit.Findings.IsEmpty ? "none" : string.Join("; ", audit.Findings.Select(f => $"{f.Severity} {f.Code}")))}.");
        text.AppendLine();
        ExampleDocument.AppendCashAndBank(text, await store.GetBalancesAsync(ledger, null, null));
        text.AppendLine("## CSV (the fund's trial balance, as served with `format=csv`: UTF-8 with BOM, CRLF)");
        text.AppendLine();
        await using var csv = new StringWriter();
        await CsvExports.WriteTrialBalanceAsync(await TrialBalance.BuildAsync(store, ledger, Fund, MarchEnd), csv);
        text.AppendLine("```csv");
        text.Append(csv.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("## CSV (the fund-receivables schedule as of 2026-07-01, as served with `format=csv`)");
        text.AppendLine();
        await using var receivablesCsv = new StringWriter();
        await FundReceivablesCsv.WriteAsync(receivables[1], receivablesCsv);
        text.AppendLine("```csv");
        text.Append(receivablesCsv.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        text.AppendLine("```");
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string Blank(Money amount) => amount.IsZero ? string.Empty : amount.ToAmountString();

    private static string Fen(long minor) => Money.FromMinorUnits(minor, Currency.CNY).ToAmountString();
}
