using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Api.Apis;

// Responses: the API's own shapes, mapped explicitly from Core.

/// <summary>A ledger and its entities.</summary>
public sealed record LedgerDto(string Id, string Name, LocalDate BooksStart, string TimeZone, LocalDate? ClosedThrough, long HeadSequence, string HeadHash, IReadOnlyList<EntityDto> Entities);

/// <summary>An accounting entity.</summary>
public sealed record EntityDto(string Id, string Name, string Kind, string Profile, string ChartTemplate);

/// <summary>An account of an entity's chart.</summary>
public sealed record AccountDto(string Code, string NameZh, string NameEn, string Type, string NormalSide, string Unit, bool Active, bool Leaf, IReadOnlyList<string> RequiredDimensions);

/// <summary>One distribution of a sale.</summary>
public sealed record DistributionDto(Guid Journal, LocalDate Date, Money Base, Money Provider, Money Hub, Money Fund, string Policy, string Rounding);

/// <summary>One refund of a sale.</summary>
public sealed record RefundDto(Guid Journal, LocalDate Date, Money Amount, Money Base, Money Provider, Money Hub, Money Fund, Money AbsorbedByProvider);

/// <summary>A sale with its distribution and refunds.</summary>
public sealed record SaleDto(
    Guid Id,
    Guid Journal,
    string Provider,
    string Package,
    int PackageVersion,
    PricingTier Tier,
    int Quantity,
    Money UnitPrice,
    Money Amount,
    Money Vat,
    Money Base,
    PaymentChannel Channel,
    LocalDate Date,
    string ResidentReference,
    bool Prepaid,
    int Sessions,
    int SessionsDelivered,
    Money Recognised,
    Money Refunded,
    Money Refundable,
    IReadOnlyList<DistributionDto> Distributions,
    IReadOnlyList<RefundDto> Refunds)
{
    /// <summary>Maps a sale record.</summary>
    public static SaleDto From(SaleRecord s) => new(
        s.Id.Value, s.Journal.Value, s.Request.Provider.Value, s.Request.PackageId, s.PackageVersion, s.Request.Tier, s.Request.Quantity, s.Request.UnitPrice,
        s.Amount, s.Amount - s.Base, s.Base, s.Request.Channel, s.Request.Date, s.Request.ResidentReference, s.Request.Prepaid, s.Sessions, s.SessionsDelivered,
        s.Recognised, s.Refunded, s.Refundable,
        [.. s.Distributions.Select(d => new DistributionDto(d.Journal.Value, d.Date, d.Base, Cny(d.Parts.Provider), Cny(d.Parts.Hub), Cny(d.Parts.Fund), d.PolicyReference, d.Rounding.ToString()))],
        [.. s.Refunds.Select(r => new RefundDto(r.Journal.Value, r.Date, r.Amount, r.Base, Cny(r.Reversed.Provider), Cny(r.Reversed.Hub), Cny(r.Reversed.Fund), Cny(r.Absorbed)))]);

    private static Money Cny(long fen) => Money.FromMinorUnits(fen, Currency.CNY);
}

/// <summary>A settlement statement.</summary>
public sealed record StatementDto(string Id, string Provider, string Counterparty, string Period, SettlementStatus Status, Money Amount, string? InvoiceReference, Guid? SettlementJournal, IReadOnlyList<StatementItemDto> Items)
{
    /// <summary><c>true</c> for a repayment by the counterparty (negative amount, settled by its own journal).</summary>
    public bool IsRepayment { get; init; }

    /// <summary>Maps a statement.</summary>
    public static StatementDto From(SettlementStatement s) => new(
        s.Id, s.Provider.Value, s.CounterpartyEntity.Value, $"{s.Period.Year:0000}-{s.Period.Month:00}", s.Status, s.Amount, s.InvoiceReference, s.SettlementJournal?.Value,
        [.. s.Items.Select(i => new StatementItemDto(i.Sale.Value, i.Journal.Value, i.Date, Money.FromMinorUnits(i.AmountMinorUnits, Currency.CNY)) { Clawback = i.Clawback })])
    {
        IsRepayment = s.IsRepayment,
    };
}

/// <summary>An item of a statement: a share accrued (positive) or reversed (negative).</summary>
public sealed record StatementItemDto(Guid Sale, Guid Journal, LocalDate Date, Money Amount)
{
    /// <summary><c>true</c> for a share the counterparty gives back after it was billed (netted against its receivable).</summary>
    public bool Clawback { get; init; }
}

/// <summary>A journal line.</summary>
public sealed record LineDto(string Entity, string Account, string Side, Money Amount, IReadOnlyDictionary<string, string> Dimensions);

/// <summary>A posted journal.</summary>
public sealed record JournalDto(Guid Id, long Sequence, LocalDate Date, Instant RecordedAt, JournalKind Kind, string Memo, string? SourceReference, Guid? ReversalOf,
    IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<LineDto> Lines, string PreviousHash, string Hash)
{
    /// <summary>Maps a journal; with <paramref name="onlyEntity"/>, only that entity's lines (what a provider may see).</summary>
    public static JournalDto From(Journal j, string? onlyEntity = null) => new(j.Id.Value, j.Sequence, j.AccountingDate, j.RecordedAt, j.Kind, j.Memo, j.SourceReference, j.ReversalOf?.Value,
        j.Metadata,
        [.. j.Lines.Where(l => onlyEntity is null || l.Entity.Value == onlyEntity)
            .Select(l => new LineDto(l.Entity.Value, l.Account.Value, l.Side == Ledger.Side.Debit ? "debit" : "credit", l.Amount, l.Dimensions))],
        j.PreviousHash, j.Hash);
}

/// <summary>A page of journals; pass <see cref="NextCursor"/> as <c>after</c> for the next page.</summary>
public sealed record JournalPage(IReadOnlyList<JournalDto> Items, long? NextCursor);

/// <summary>An API key (never its secret, except once in <see cref="CreatedKeyDto"/>).</summary>
public sealed record ApiKeyDto(string Id, string Name, Security.ApiRole Role, string? Entity, Instant CreatedAt, Instant? RevokedAt);

/// <summary>A new API key: the only time the full key is shown.</summary>
public sealed record CreatedKeyDto(string Id, string Key, Security.ApiRole Role, string? Entity, string Warning) : IRedactedOnReplay
{
    /// <inheritdoc />
    public object RedactedForReplay() => this with { Key = "(not shown again)", Warning = "This key was shown once, when it was created; only its hash is kept." };
}

// Requests: every member is named; unknown members are refused by the JSON options.

/// <summary>A sale to record.</summary>
public sealed record CreateSaleRequest(string Provider, string PackageId, PricingTier Tier, int Quantity, Money UnitPrice, PaymentChannel Channel, LocalDate Date, string ResidentReference, Money? Vat = null, bool Prepaid = false);

/// <summary>Delivered sessions: of a prepaid sale, or of a free public-welfare package.</summary>
public sealed record CreateDeliveryRequest(LocalDate Date, int Sessions, Guid? Sale = null, string? Provider = null, string? PackageId = null, int Beneficiaries = 0);

/// <summary>A refund of a sale.</summary>
public sealed record CreateRefundRequest(Money Amount, LocalDate Date, string Reason)
{
    /// <summary>How the money goes back (default: the sale's channel), e.g. bank when WeChat Pay no longer holds it.</summary>
    public PaymentChannel? Channel { get; init; }
}

/// <summary>A statement to prepare.</summary>
public sealed record PrepareStatementRequest(string Provider, string Counterparty, string Period);

/// <summary>An invoice or donation-receipt reference.</summary>
public sealed record InvoiceRequest(string Reference);

/// <summary>A settlement payment date.</summary>
public sealed record SettleRequest(LocalDate Date);

/// <summary>A repayment by the hub or the fund of the shares it owes a provider after refunds.</summary>
/// <param name="Provider">The provider repaid.</param>
/// <param name="Counterparty">The hub or community-fund entity that pays.</param>
/// <param name="Date">The payment date.</param>
public sealed record RepaymentRequest(string Provider, string Counterparty, LocalDate Date);

/// <summary>Money a payment channel paid out to an entity's bank.</summary>
/// <param name="Entity">The entity (a provider clears its own).</param>
/// <param name="Channel">weChatPay or alipay.</param>
/// <param name="Date">The date the money reached the bank.</param>
/// <param name="Amount">The gross amount leaving the in-transit account.</param>
/// <param name="Fee">The channel's fee kept back (default zero).</param>
public sealed record ClearingApiRequest(string Entity, PaymentChannel Channel, LocalDate Date, Money Amount, Money? Fee = null);

/// <summary>A line of a manual journal.</summary>
public sealed record LineRequest(string Entity, string Account, string Side, Money Amount, Dictionary<string, string>? Dimensions = null);

/// <summary>A manual journal.</summary>
public sealed record ManualJournalRequest(LocalDate Date, string Memo, List<LineRequest> Lines, string? SourceReference = null);

/// <summary>A reversal.</summary>
public sealed record ReverseRequest(string Reason, LocalDate? Date = null);

/// <summary>A tier price.</summary>
public sealed record TierRequest(Money Price, Money? Cap = null);

/// <summary>A package version to publish.</summary>
/// <param name="Id">The package id (a slug).</param>
/// <param name="Provider">The provider that sells it.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Sessions">How many sessions one package contains.</param>
/// <param name="Hours">How many service hours one package contains (HOUR).</param>
/// <param name="Tiers">The tiers it is offered in, with their prices.</param>
/// <param name="EffectiveFrom">The first date the version applies to.</param>
/// <param name="SessionsDeliveredAtSale">Whether all its sessions are delivered when it is sold (e.g. meals served at the
/// counter); without it, a package of more than one session can only be sold prepaid.</param>
public sealed record PackageRequest(string Id, string Provider, string NameZh, string NameEn, int Sessions, Money Hours, Dictionary<PricingTier, TierRequest> Tiers, LocalDate EffectiveFrom,
    bool SessionsDeliveredAtSale = false);

/// <summary>A share of a policy.</summary>
public sealed record ShareRequest(DistributionParty Party, int BasisPoints);

/// <summary>A distribution policy version.</summary>
public sealed record PolicyRequest(string Id, int Version, string Hub, string Fund, List<ShareRequest> Shares, LocalDate EffectiveFrom, LocalDate? EffectiveTo = null,
    List<PricingTier>? DistributableTiers = null, HubRefundRule HubRefund = HubRefundRule.NetOnNextStatement, FundRefundRule FundRefund = FundRefundRule.OffsetAgainstLaterAccruals,
    string FundRestriction = "community-fund-share");

/// <summary>An entity to add to the ledger.</summary>
public sealed record EntityRequest(string Id, string Name, Ledger.EntityKind Kind, Ledger.AccountingProfile Profile);

/// <summary>A sub-account to add to an entity's chart.</summary>
public sealed record SubAccountRequest(string Parent, int Suffix, string NameZh, string NameEn);

/// <summary>An API key to create.</summary>
public sealed record CreateKeyRequest(string Name, Security.ApiRole Role, string? Entity = null);
