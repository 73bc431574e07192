using System.Globalization;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>
/// A company-form (SME_CN) entity's income tax (企业所得税), a step of December's close when the entity has a rate
/// (<see cref="AccountingEntity.IncomeTaxRateBasisPoints"/>; ADR 0022). The year's profit before tax is the net credit of
/// its revenue and expense accounts other than 5801 over the year's journals (closing entries left out, December's VAT
/// exemption included); the tax is that profit × rate, rounded half up to the fen, less any 5801 already booked in the
/// year (e.g. 预缴 entered by hand). When that is positive: Dr 5801 所得税费用 / Cr 2221.03 应交所得税, dated 31 December,
/// before the closing entries, so December's closing entries close 5801 into 本年利润 (3103) and the year-end carry
/// takes the net profit to 利润分配 (3104). A loss, or tax already booked in full, accrues nothing.
/// </summary>
internal static class IncomeTaxAccrual
{
    /// <summary>The year's profit before tax and the income tax already booked in it, per entity with a rate, from the
    /// year's journals up to <paramref name="end"/> (closing entries left out).</summary>
    internal static async Task<Dictionary<EntityId, (long ProfitBeforeTax, long TaxBooked)>> YearToDateAsync(LedgerDefinition definition, IAsyncEnumerable<Journal> journals, LocalDate end)
    {
        var taxed = definition.Entities.Values.Where(e => e.IncomeTaxRateBasisPoints is not null).ToDictionary(e => e.Id);
        var year = new Dictionary<EntityId, (long ProfitBeforeTax, long TaxBooked)>();
        if (taxed.Count == 0)
        {
            return year;
        }

        await foreach (var journal in journals.ConfigureAwait(false))
        {
            if (journal.AccountingDate.Year != end.Year || journal.AccountingDate > end || journal.Kind == JournalKind.PeriodClose)
            {
                continue;
            }

            foreach (var line in journal.Lines.Where(l => taxed.ContainsKey(l.Entity) && l.Amount.Currency == Currency.CNY && !l.Account.IsMemo))
            {
                year[line.Entity] = Add(year.GetValueOrDefault(line.Entity), taxed[line.Entity], line.Account, line.SignedMinorUnits);
            }
        }

        return year;
    }

    /// <summary>The year's figures with one more line (debit − credit) added.</summary>
    internal static (long ProfitBeforeTax, long TaxBooked) Add((long ProfitBeforeTax, long TaxBooked) year, AccountingEntity entity, AccountCode account, long debitMinusCredit)
    {
        if (account == ChartTemplates.IncomeTaxExpense)
        {
            return (year.ProfitBeforeTax, checked(year.TaxBooked + debitMinusCredit));
        }

        return entity.Chart.Find(account)?.Type is AccountType.Revenue or AccountType.Expense
            ? (checked(year.ProfitBeforeTax - debitMinusCredit), year.TaxBooked)
            : year;
    }

    /// <summary>The income-tax journal of an entity for the year, or <c>null</c> (no rate, a loss or no profit, or the tax
    /// already booked).</summary>
    internal static JournalDraft? Draft(AccountingEntity entity, (long ProfitBeforeTax, long TaxBooked) year, LocalDate end)
    {
        if (entity.IncomeTaxRateBasisPoints is not { } rate || year.ProfitBeforeTax <= 0)
        {
            return null;
        }

        var tax = (long)((((Int128)year.ProfitBeforeTax * rate * 2) + 10_000) / 20_000);
        var accrue = tax - year.TaxBooked;
        if (accrue <= 0)
        {
            return null;
        }

        var amount = Money.FromMinorUnits(accrue, Currency.CNY);
        return new JournalDraft(end, JournalKind.Manual, $"计提所得税 Income tax {end.Year:0000}: {rate / 100m:0.##}% of {Money.FromMinorUnits(year.ProfitBeforeTax, Currency.CNY)} ({entity.Name})",
        [
            new LineDraft(entity.Id, ChartTemplates.IncomeTaxExpense, Side.Debit, amount),
            new LineDraft(entity.Id, ChartTemplates.IncomeTaxPayable, Side.Credit, amount),
        ])
        {
            SourceReference = $"income-tax:{end.Year:0000}",
            Metadata = JournalMetadata.From(
                ("income_tax.year", end.Year.ToString("0000", CultureInfo.InvariantCulture)),
                ("income_tax.profit_before_tax", year.ProfitBeforeTax.ToString(CultureInfo.InvariantCulture)),
                ("income_tax.rate_bp", rate.ToString(CultureInfo.InvariantCulture)),
                ("income_tax.tax", tax.ToString(CultureInfo.InvariantCulture)),
                ("income_tax.already_booked", year.TaxBooked.ToString(CultureInfo.InvariantCulture)),
                ("income_tax.amount", accrue.ToString(CultureInfo.InvariantCulture)),
                ("income_tax.rule", "profit before tax x rate, half up to the fen, less 5801 booked in the year; none on a loss")),
        };
    }
}
