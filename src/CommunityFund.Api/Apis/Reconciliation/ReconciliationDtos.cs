using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>Match an entity's stored statement rows of a channel with its books.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Channel">weChatPay, alipay or bank.</param>
/// <param name="ToleranceMinutes">The tolerance around a sale's day (default 1440).</param>
/// <param name="SettlementWindowDays">How many days after the last day of a batch its payout may reach the bank, 0–31 (default 7).</param>
/// <param name="MaxSettlementDays">How many consecutive days of a channel's rows one bank credit may pay out, 1–31 (default 7).</param>
public sealed record PaymentMatchApiRequest(string Entity, PaymentChannel Channel, int? ToleranceMinutes = null, int? SettlementWindowDays = null, int? MaxSettlementDays = null);

/// <summary>A match made by hand.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Channel">The channel of the rows.</param>
/// <param name="Rows">Statement row keys, <c>{channel}:{transactionId}</c>.</param>
/// <param name="Sales">Sale ids, or <c>refund:{journalId}</c> for refunds.</param>
/// <param name="Reason">Why.</param>
public sealed record ManualMatchApiRequest(string Entity, PaymentChannel Channel, IReadOnlyList<string> Rows, IReadOnlyList<string> Sales, string Reason);

/// <summary>Undo a match.</summary>
/// <param name="Reason">Why.</param>
public sealed record UnmatchApiRequest(string Reason);

/// <summary>A payment match.</summary>
public sealed record PaymentMatchDto(string Id, string Entity, PaymentChannel Channel, string Rule, IReadOnlyList<string> Rows, IReadOnlyList<string> Book, IReadOnlyList<string> Settles,
    Money Amount, Money Fee, LocalDate Date, Guid? Clearing, string? Reason, string? By, bool Active, string? UnmatchReason, Guid? Reversal)
{
    /// <summary>Maps a match.</summary>
    public static PaymentMatchDto FromCore(PaymentMatch m) => new(m.Id, m.Entity.Value, m.Channel.ToWire(), RuleName(m.Rule), [.. m.Rows], [.. m.Book], [.. m.Settles],
        m.Amount, m.Fee, m.Date, m.Clearing?.Value, m.Reason, m.By, m.IsActive, m.Unmatched?.Reason, m.Unmatched?.Reversal?.Value);

    private static string RuleName(MatchRule rule) => rule switch
    {
        MatchRule.Reference => "reference",
        MatchRule.AmountAndTime => "amountAndTime",
        MatchRule.Refund => "refund",
        MatchRule.Settlement => "settlement",
        MatchRule.ManyToOne => "manyToOne",
        _ => "manual",
    };
}

/// <summary>A statement row left unmatched.</summary>
public sealed record UnmatchedRowDto(string Key, string Entity, PaymentChannel Channel, string Kind, string Time, Money Amount, Money Fee, int AgeDays);

/// <summary>A sale or refund left unmatched.</summary>
public sealed record UnmatchedBookDto(string Key, string Entity, PaymentChannel Channel, LocalDate Date, Money Amount, bool Refund, int AgeDays);

/// <summary>What matching found or did.</summary>
public sealed record PaymentMatchResultDto(bool DryRun, IReadOnlyList<PaymentMatchDto> Matches, IReadOnlyList<Guid> Clearings, IReadOnlyList<UnmatchedRowDto> UnmatchedRows, IReadOnlyList<UnmatchedBookDto> UnmatchedBook)
{
    /// <summary>Maps a result.</summary>
    public static PaymentMatchResultDto FromCore(MatchResult r) => new(r.DryRun, [.. r.Matches.Select(PaymentMatchDto.FromCore)], [.. r.Clearings.Select(c => c.Value)],
        [.. r.UnmatchedRows.Select(u => new UnmatchedRowDto(u.Key, u.Row.Entity.Value, u.Row.Channel.ToWire(), u.Row.Kind.ToString(), NodaTime.Text.LocalDateTimePattern.ExtendedIso.Format(u.Row.Time), u.Row.Amount, u.Row.Fee, u.AgeDays))],
        [.. r.UnmatchedBook.Select(u => new UnmatchedBookDto(u.Item.Key, u.Item.Entity.Value, u.Item.Channel.ToWire(), u.Item.Date, u.Item.Amount, u.Item.IsRefund, u.AgeDays))]);
}

/// <summary>One day of the payment reconciliation.</summary>
public sealed record PaymentReconciliationDayDto(LocalDate Date, string Entity, PaymentChannel Channel, Money InTransitDebits, Money InTransitCredits, int Rows, Money RowsAmount,
    int MatchedRows, Money MatchedAmount, int UnmatchedRows, Money UnmatchedRowsAmount, int UnmatchedBook, Money UnmatchedBookAmount, Money Fees);

/// <summary>The payment reconciliation report.</summary>
public sealed record PaymentReconciliationReportDto(LocalDate From, LocalDate To, PaymentChannel? Channel, string? Entity, IReadOnlyList<PaymentReconciliationDayDto> Days)
{
    /// <summary>Maps the report.</summary>
    public static PaymentReconciliationReportDto FromCore(PaymentReconciliationReport r) => new(r.From, r.To, r.Channel?.ToWire(), r.Entity?.Value,
        [.. r.Days.Select(d => new PaymentReconciliationDayDto(d.Date, d.Entity.Value, d.Channel.ToWire(), d.InTransitDebits, d.InTransitCredits, d.Rows, d.RowsAmount,
            d.MatchedRows, d.MatchedAmount, d.UnmatchedRows, d.UnmatchedRowsAmount, d.UnmatchedBook, d.UnmatchedBookAmount, d.Fees))]);
}
