using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A ledger and its entities.</summary>
public sealed record LedgerDto(string Id, string Name, LocalDate BooksStart, string TimeZone, LocalDate? ClosedThrough, long HeadSequence, string HeadHash, IReadOnlyList<EntityDto> Entities)
{
    /// <summary>Maps a ledger's definition and head.</summary>
    public static LedgerDto FromCore(Storage.LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = state.Definition;
        return new(d.Id.Value, d.Name, d.BooksStart, d.TimeZoneId, state.Head.ClosedThrough, state.Head.Sequence, state.Head.Hash, [.. d.Entities.Values.Select(EntityDto.FromCore)]);
    }
}

/// <summary>An accounting entity.</summary>
public sealed record EntityDto(string Id, string Name, EntityKind Kind, AccountingProfile Profile, string ChartTemplate)
{
    /// <summary>The VAT status of a company-form entity, or <c>null</c> when none is configured (then a sale's VAT is what
    /// it states, zero by default) and for every other profile.</summary>
    public VatStatusDto? Vat { get; init; }

    /// <summary>The income-tax rate (basis points of the year's profit before tax) a company-form entity's December close
    /// accrues as 所得税费用, or <c>null</c> when none is configured (no income tax is accrued).</summary>
    public int? IncomeTaxRateBasisPoints { get; init; }

    /// <summary>Maps an entity.</summary>
    public static EntityDto FromCore(AccountingEntity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id.Value, e.Name, e.Kind.ToWire(), e.Profile.ToWire(), e.Chart.TemplateVersion)
        {
            Vat = e.Vat is { } vat ? new VatStatusDto(vat.Kind.ToWire(), vat.RateBasisPoints, vat.MonthlyExemptionThreshold) : null,
            IncomeTaxRateBasisPoints = e.IncomeTaxRateBasisPoints,
        };
    }
}

/// <summary>A company-form entity's VAT status (ADR 0022).</summary>
/// <param name="Kind">Small-scale (小规模纳税人) or general (一般纳税人).</param>
/// <param name="RateBasisPoints">The rate on VAT-exclusive prices in basis points (100 = 1%).</param>
/// <param name="MonthlyExemptionThreshold">A small-scale taxpayer's monthly VAT-exclusive sales up to which (inclusive)
/// its VAT is exempt at the month's close; <c>null</c> for a general taxpayer.</param>
public sealed record VatStatusDto(TaxpayerKind Kind, int RateBasisPoints, Money? MonthlyExemptionThreshold);

/// <summary>The VAT status to give a company-form (smeCn) entity when it is added; fixed from then on (ADR 0022).</summary>
/// <param name="Kind">Small-scale (小规模纳税人) or general (一般纳税人).</param>
/// <param name="RateBasisPoints">The rate in basis points, 0–2,000; by default 100 (1%, small-scale under 财政部 税务总局公告2023年第19号)
/// or 600 (6%, general taxpayer's 现代服务 / 生活服务).</param>
/// <param name="MonthlyExemptionThreshold">Small-scale only: the monthly VAT-exclusive sales up to which (inclusive)
/// the VAT is exempt; by default 100,000.00 CNY.</param>
public sealed record VatStatusRequest(TaxpayerKind Kind, int? RateBasisPoints = null, Money? MonthlyExemptionThreshold = null)
{
    /// <summary>The books' VAT status (a validated request).</summary>
    public VatRegistration ToCore() => Kind == TaxpayerKind.General
        ? VatRegistration.General(RateBasisPoints ?? VatRegistration.GeneralServicesRateBasisPoints)
        : VatRegistration.SmallScale(RateBasisPoints ?? VatRegistration.SmallScaleReducedRateBasisPoints, MonthlyExemptionThreshold);
}

/// <summary>An account of an entity's chart.</summary>
public sealed record AccountDto(string Code, string NameZh, string NameEn, AccountType Type, Side NormalSide, string Unit, bool Active, bool Leaf, IReadOnlyList<string> RequiredDimensions)
{
    /// <summary>Maps an account of a chart.</summary>
    public static AccountDto FromCore(Account a, ChartOfAccounts chart)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(chart);
        return new(a.Code.Value, a.NameZh, a.NameEn, a.Type.ToWire(), a.NormalSide.ToWire(), a.Unit.Code, a.IsActive, chart.IsLeaf(a.Code), [.. a.RequiredDimensions]);
    }
}

/// <summary>An entity to add to the ledger.</summary>
public sealed record EntityRequest(string Id, string Name, EntityKind Kind, AccountingProfile Profile)
{
    /// <summary>A company-form (smeCn) entity's VAT status; without it, a sale's VAT is what the sale states (zero by
    /// default). Only for <c>smeCn</c>.</summary>
    public VatStatusRequest? Vat { get; init; }

    /// <summary>A company-form (smeCn) entity's income-tax rate in basis points, 0–2,500 (e.g. 2,500 = 25%, or 500 for a
    /// 小型微利企业's effective 5%): its December close accrues Dr 5801 所得税费用 / Cr 2221.03 应交所得税 on the year's
    /// profit before tax (none on a loss). Without it no income tax is accrued. Only for <c>smeCn</c>.</summary>
    public int? IncomeTaxRateBasisPoints { get; init; }

    /// <summary>The books' entity, with its profile's chart for books starting on <paramref name="booksStart"/> (a 民非
    /// entity from 2026-01-01 on gets the revised chart, ADR 0021) its VAT status and income-tax rate (a validated request: see
    /// <see cref="EntityValidator"/>).</summary>
    /// <param name="booksStart">The ledger's first accounting day.</param>
    public AccountingEntity ToCore(NodaTime.LocalDate booksStart)
    {
        var entity = new AccountingEntity(EntityId.From(Id), Name, Kind.ToCore(), ChartTemplates.For(Profile.ToCore(), booksStart));
        entity = Vat is null ? entity : entity.WithVat(Vat.ToCore());
        return IncomeTaxRateBasisPoints is { } rate ? entity.WithIncomeTax(rate) : entity;
    }
}

/// <summary>A sub-account to add to an entity's chart.</summary>
public sealed record SubAccountRequest(string Parent, int Suffix, string NameZh, string NameEn);

/// <summary>A community's books to open (operator): the ledger, its entities and its first distribution policy.</summary>
/// <param name="Id">The ledger id, a slug such as <c>yulin</c> (<c>operator</c> is reserved).</param>
/// <param name="Name">The community's name.</param>
/// <param name="BooksStart">The first day of the books; opening balances are dated the day before.</param>
/// <param name="Entities">The hub, the community fund, the providers and other parties, with their accounting profiles.</param>
/// <param name="TimeZone">An IANA time zone (default <c>Asia/Shanghai</c>).</param>
/// <param name="Policy">The first distribution policy; by default 70/25/5 (<c>standard</c> version 1) between the
/// providers, the one hub and the one community fund, effective from <paramref name="BooksStart"/>.</param>
/// <param name="AdministratorName">The label of the first hub-administrator key.</param>
/// <param name="Shard">With books on several servers (<c>Books:Shards</c>), the shard to place the ledger on; by default
/// the shard holding the fewest ledgers. A ledger keeps its first placement forever. Refused on a single server.</param>
public sealed record OpenLedgerRequest(string Id, string Name, LocalDate BooksStart, List<EntityRequest> Entities, string? TimeZone = null,
    PolicyRequest? Policy = null, string AdministratorName = "hub administrator", string? Shard = null);

/// <summary>The books just opened: the ledger, its policy and its first hub-administrator key (shown only in this answer).</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Policy">The distribution policy.</param>
/// <param name="AdministratorKey">The first hub-administrator key.</param>
public sealed record OpenedLedgerDto(LedgerDto Ledger, DistributionPolicyDto Policy, CreatedKeyDto AdministratorKey);

/// <summary>A ledger in the operator's list: its name and head (never its books).</summary>
/// <param name="Id">The ledger id.</param>
/// <param name="Name">The community's name.</param>
/// <param name="BooksStart">The first day of the books.</param>
/// <param name="TimeZone">The time zone.</param>
/// <param name="Entities">How many entities it has.</param>
/// <param name="HeadSequence">The last journal's sequence (0 when none).</param>
/// <param name="HeadHash">The chain head's hash.</param>
/// <param name="ClosedThrough">The last closed day, if any.</param>
public sealed record LedgerSummaryDto(string Id, string Name, LocalDate BooksStart, string TimeZone, int Entities, long HeadSequence, string HeadHash, LocalDate? ClosedThrough)
{
    /// <summary>Maps a ledger's state.</summary>
    public static LedgerSummaryDto FromCore(Storage.LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = state.Definition;
        return new(d.Id.Value, d.Name, d.BooksStart, d.TimeZoneId, d.Entities.Count, state.Head.Sequence, state.Head.Hash, state.Head.ClosedThrough);
    }
}

/// <summary>What a 民非 entity's move to the revised chart did (ADR 0021).</summary>
/// <param name="Entity">The entity.</param>
/// <param name="FromChart">The chart it left (<c>NPO_CN@2005-01-01</c>).</param>
/// <param name="ToChart">The chart it posts under from then on (<c>NPO_CN@2026-01-01</c>).</param>
/// <param name="Date">The transition day.</param>
/// <param name="JournalId">The transition journal, or <c>null</c> when no balance had to be reclassified.</param>
/// <param name="Rules">The reclassifications the journal applied.</param>
public sealed record ChartTransitionDto(string Entity, string FromChart, string ToChart, NodaTime.LocalDate Date, Guid? JournalId, IReadOnlyList<string> Rules)
{
    /// <summary>The wire form of the books' record.</summary>
    /// <param name="value">The record.</param>
    public static ChartTransitionDto FromCore(Economy.ChartTransitionRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Entity.Value, value.FromVersion, value.ToVersion, value.Date, value.Journal?.Value, [.. value.Rules]);
    }
}
