using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>
/// The small-scale taxpayer's monthly VAT exemption, a step of the month's close (ADR 0022). Each sale accrues its VAT
/// to 应交税费—应交增值税 (2221.01) when it is made, because the month's total is only known at its end; when the month is
/// closed and its VAT-exclusive sales (the period's net credit on 5001 主营业务收入 and 5051 其他业务收入) stay within the
/// entity's monthly threshold (inclusive: 财政部 税务总局公告2023年第19号, 月销售额10万元以下（含本数）), the VAT its
/// sales accrued that month is exempt and taken to profit and loss as 财会〔2016〕22号 says for 小微企业:
/// Dr 2221.01 应交增值税 / Cr 5301.01 营业外收入—减免税款, dated the month's last day, before the closing entries. Over
/// the threshold, nothing is exempt and the VAT stays payable. A closed month takes no later sale, so the decision is
/// final.
/// </summary>
internal static class VatExemption
{
    /// <summary>The journals whose lines on 2221.01 are VAT accrued on sales (sales, deliveries of prepaid packages,
    /// refunds, and the hub's platform fee booked with the distribution).</summary>
    internal static readonly ImmutableHashSet<JournalKind> AccruedBy = [JournalKind.Sale, JournalKind.Delivery, JournalKind.Refund, JournalKind.Distribution];

    private static readonly AccountCode[] SalesAccounts = [AccountCode.Parse("5001"), AccountCode.Parse("5051")];

    /// <summary>The exemption journal of a small-scale entity for the month, or <c>null</c> (no status, a general
    /// taxpayer, no VAT accrued, or sales over the threshold).</summary>
    internal static JournalDraft? Draft(
        AccountingEntity entity, IEnumerable<KeyValuePair<(EntityId Entity, AccountCode Account, string? Restriction), long>> movements, long accrued, LocalDate end, YearMonth period)
    {
        if (entity.Vat is not { Kind: TaxpayerKind.SmallScale, MonthlyExemptionThreshold: { } threshold } vat || accrued <= 0)
        {
            return null;
        }

        var sales = -movements.Where(m => SalesAccounts.Contains(m.Key.Account.Root)).Sum(m => m.Value);
        if (sales > threshold.MinorUnits)
        {
            return null;
        }

        var text = $"{period.Year:0000}-{period.Month:00}";
        var amount = Money.FromMinorUnits(accrued, Currency.CNY);
        return new JournalDraft(end, JournalKind.Manual, $"小规模纳税人免征增值税 VAT exempt: {text} sales {Money.FromMinorUnits(sales, Currency.CNY)} within {threshold} ({entity.Name})",
        [
            new LineDraft(entity.Id, ChartTemplates.VatPayable, Side.Debit, amount),
            new LineDraft(entity.Id, ChartTemplates.VatExemptIncome, Side.Credit, amount),
        ])
        {
            SourceReference = $"vat-exemption:{text}",
            Metadata = JournalMetadata.From(
                ("vat.exemption.month", text),
                ("vat.exemption.sales", sales.ToString(CultureInfo.InvariantCulture)),
                ("vat.exemption.threshold", threshold.MinorUnits.ToString(CultureInfo.InvariantCulture)),
                ("vat.exemption.amount", accrued.ToString(CultureInfo.InvariantCulture)),
                ("vat.exemption.status", $"{vat.Kind}@{vat.RateBasisPoints}bp"),
                ("vat.exemption.rule", "财政部 税务总局公告2023年第19号: monthly VAT-exclusive sales <= threshold; 财会〔2016〕22号: exempt VAT to profit and loss")),
        };
    }

    /// <summary>The period's movements with the exemption journal's lines added, so the closing entries close 5301.01 too.</summary>
    internal static List<KeyValuePair<(EntityId Entity, AccountCode Account, string? Restriction), long>> WithMovements(
        IEnumerable<KeyValuePair<(EntityId Entity, AccountCode Account, string? Restriction), long>> movements, JournalDraft exemption)
    {
        var merged = movements.ToDictionary(m => m.Key, m => m.Value);
        foreach (var line in exemption.Lines)
        {
            var key = (line.Entity, line.Account, (string?)null);
            merged[key] = checked(merged.GetValueOrDefault(key) + (line.Side == Side.Debit ? line.Amount.MinorUnits : -line.Amount.MinorUnits));
        }

        return [.. merged];
    }
}
