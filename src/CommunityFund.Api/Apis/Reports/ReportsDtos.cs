using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>The debit and credit totals of one account of one entity in one unit.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="Unit">The unit.</param>
/// <param name="DebitMinorUnits">The sum of debits, in minor units.</param>
/// <param name="CreditMinorUnits">The sum of credits, in minor units.</param>
public sealed record AccountBalanceDto(EntityId Entity, AccountCode Account, Currency Unit, long DebitMinorUnits, long CreditMinorUnits)
{
    /// <summary>The sum of debits.</summary>
    public Money Debits { get; private init; }

    /// <summary>The sum of credits.</summary>
    public Money Credits { get; private init; }

    /// <summary>Debits minus credits: positive is a debit balance.</summary>
    public Money Balance { get; private init; }

    /// <summary>Maps the books' <c>AccountBalance</c>.</summary>
    public static AccountBalanceDto FromCore(Storage.AccountBalance value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Entity, value.Account, value.Unit, value.DebitMinorUnits, value.CreditMinorUnits)
        {
            Debits = value.Debits,
            Credits = value.Credits,
            Balance = value.Balance,
        };
    }
}

/// <summary>An entity's trial balance (试算平衡表) as of a date, one section per unit.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Entity">The entity.</param>
/// <param name="EntityName">The entity's name.</param>
/// <param name="AsOf">The date, or <c>null</c> for everything posted.</param>
/// <param name="Sections">Monetary first, then memo sections, by unit code.</param>
public sealed record TrialBalanceDto(LedgerId Ledger, EntityId Entity, string EntityName, LocalDate? AsOf, ImmutableArray<TrialBalanceSectionDto> Sections)
{
    /// <summary><c>true</c> when every section balances.</summary>
    public bool IsBalanced { get; private init; }

    /// <summary>Maps the books' <c>TrialBalance</c>.</summary>
    public static TrialBalanceDto FromCore(Reports.TrialBalance value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Ledger, value.Entity, value.EntityName, value.AsOf, [.. value.Sections.Select(TrialBalanceSectionDto.FromCore)])
        {
            IsBalanced = value.IsBalanced,
        };
    }
}

/// <summary>The part of a trial balance in one unit: monetary CNY, or one memo unit.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="IsMemo"><c>true</c> for memo accounts, which never mix with the monetary section.</param>
/// <param name="Rows">One row per account with postings, by code.</param>
/// <param name="TotalDebitBalance">The sum of debit balances.</param>
/// <param name="TotalCreditBalance">The sum of credit balances.</param>
public sealed record TrialBalanceSectionDto(Currency Unit, bool IsMemo, ImmutableArray<TrialBalanceRowDto> Rows, Money TotalDebitBalance, Money TotalCreditBalance)
{
    /// <summary><c>true</c> when debit and credit balances are equal, as double entry guarantees.</summary>
    public bool IsBalanced { get; private init; }

    /// <summary>Maps the books' <c>TrialBalanceSection</c>.</summary>
    public static TrialBalanceSectionDto FromCore(Reports.TrialBalanceSection value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Unit, value.IsMemo, [.. value.Rows.Select(TrialBalanceRowDto.FromCore)], value.TotalDebitBalance, value.TotalCreditBalance)
        {
            IsBalanced = value.IsBalanced,
        };
    }
}

/// <summary>One account's line in a trial balance.</summary>
/// <param name="Account">The account code.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Type">The account type.</param>
/// <param name="Debits">The sum of debits.</param>
/// <param name="Credits">The sum of credits.</param>
/// <param name="DebitBalance">The balance when it lies on the debit side, else zero.</param>
/// <param name="CreditBalance">The balance when it lies on the credit side, else zero.</param>
public sealed record TrialBalanceRowDto(AccountCode Account, string NameZh, string NameEn, AccountType Type, Money Debits, Money Credits, Money DebitBalance, Money CreditBalance)
{
    /// <summary>Maps the books' <c>TrialBalanceRow</c>.</summary>
    public static TrialBalanceRowDto FromCore(Reports.TrialBalanceRow value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Account, value.NameZh, value.NameEn, value.Type.ToWire(), value.Debits, value.Credits, value.DebitBalance, value.CreditBalance);
    }
}

/// <summary>
/// An account register (明细账): the opening balance, every line in a date range with a running balance, and
/// the closing balance.
/// </summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="From">The first date, or <c>null</c> for the start of the books.</param>
/// <param name="To">The last date, or <c>null</c> for everything posted.</param>
/// <param name="Opening">The balance before <c>From</c>.</param>
/// <param name="Lines">The lines, by date then sequence.</param>
/// <param name="Closing">The balance after the last line.</param>
public sealed record AccountRegisterDto(EntityId Entity, AccountCode Account, LocalDate? From, LocalDate? To, Money Opening, ImmutableArray<RegisterLineDto> Lines, Money Closing)
{
    /// <summary>Maps the books' <c>AccountRegister</c>.</summary>
    public static AccountRegisterDto FromCore(Reports.AccountRegister value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Entity, value.Account, value.From, value.To, value.Opening, [.. value.Lines.Select(RegisterLineDto.FromCore)], value.Closing);
    }
}

/// <summary>One line of an account register.</summary>
/// <param name="Date">The accounting date.</param>
/// <param name="Sequence">The journal's sequence.</param>
/// <param name="Journal">The journal.</param>
/// <param name="Kind">The journal's kind.</param>
/// <param name="Memo">The journal's memo.</param>
/// <param name="Debit">The debit amount (zero for a credit line).</param>
/// <param name="Credit">The credit amount (zero for a debit line).</param>
/// <param name="Balance">The running balance after the line (debit positive).</param>
public sealed record RegisterLineDto(LocalDate Date, long Sequence, JournalId Journal, JournalKind Kind, string Memo, Money Debit, Money Credit, Money Balance)
{
    /// <summary>Maps the books' <c>RegisterLine</c>.</summary>
    public static RegisterLineDto FromCore(Reports.RegisterLine value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Date, value.Sequence, value.Journal, value.Kind.ToWire(), value.Memo, value.Debit, value.Credit, value.Balance);
    }
}

/// <summary>
/// 业务活动表 — the statement of activities of a 民非 entity for a date range: revenues by source and expenses,
/// each split into unrestricted and restricted columns, and the change in net assets.
/// </summary>
public sealed record StatementOfActivitiesDto
{
    private StatementOfActivitiesDto(Reports.StatementOfActivities value)
    {
        Entity = value.Entity;
        From = value.From;
        To = value.To;
        Revenues = [.. value.Revenues.Select(StatementLineDto.FromCore)];
        Expenses = [.. value.Expenses.Select(StatementLineDto.FromCore)];
        ReleasedFromRestriction = value.ReleasedFromRestriction;
        TotalRevenue = StatementLineDto.FromCore(value.TotalRevenue);
        TotalExpenses = StatementLineDto.FromCore(value.TotalExpenses);
        ChangeInNetAssets = StatementLineDto.FromCore(value.ChangeInNetAssets);
    }

    /// <summary>The entity.</summary>
    public EntityId Entity { get; init; }

    /// <summary>The first date.</summary>
    public LocalDate From { get; init; }

    /// <summary>The last date.</summary>
    public LocalDate To { get; init; }

    /// <summary>Revenue lines (41xx–49xx), positive.</summary>
    public ImmutableArray<StatementLineDto> Revenues { get; init; }

    /// <summary>Expense lines (51xx–54xx), positive.</summary>
    public ImmutableArray<StatementLineDto> Expenses { get; init; }

    /// <summary>限定性净资产转为非限定性净资产: restricted net assets released in the range (at period closes), positive.</summary>
    public Money ReleasedFromRestriction { get; init; }

    /// <summary>Total revenue.</summary>
    public StatementLineDto TotalRevenue { get; }

    /// <summary>Total expenses.</summary>
    public StatementLineDto TotalExpenses { get; }

    /// <summary>Change in net assets: revenue less expenses, plus the releases, per column (净资产变动额).</summary>
    public StatementLineDto ChangeInNetAssets { get; }

    /// <summary>Maps the books' <c>StatementOfActivities</c>.</summary>
    public static StatementOfActivitiesDto FromCore(Reports.StatementOfActivities value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value);
    }
}

/// <summary>A line of a statement with unrestricted, restricted and total columns.</summary>
/// <param name="Code">The first-level account code.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Unrestricted">The unrestricted column (非限定性).</param>
/// <param name="Restricted">The restricted column (限定性).</param>
public sealed record StatementLineDto(string Code, string NameZh, string NameEn, Money Unrestricted, Money Restricted)
{
    /// <summary>The total column (合计).</summary>
    public Money Total { get; private init; }

    /// <summary>Maps the books' <c>StatementLine</c>.</summary>
    public static StatementLineDto FromCore(Reports.StatementLine value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Code, value.NameZh, value.NameEn, value.Unrestricted, value.Restricted)
        {
            Total = value.Total,
        };
    }
}

/// <summary>
/// 资产负债表 — the statement of financial position of a 民非 entity as of a date. Net assets include the
/// revenues and expenses not yet closed into 3101/3102, per restriction, so the statement balances at any date.
/// </summary>
/// <param name="Entity">The entity.</param>
/// <param name="AsOf">The date.</param>
/// <param name="Assets">Asset lines (1xxx, net of contra accounts), in the total column.</param>
/// <param name="Liabilities">Liability lines (2xxx).</param>
/// <param name="UnrestrictedNetAssets">非限定性净资产, including the unclosed surplus.</param>
/// <param name="RestrictedNetAssets">限定性净资产, including the unclosed restricted surplus.</param>
public sealed record StatementOfFinancialPositionDto(EntityId Entity, LocalDate AsOf, ImmutableArray<StatementLineDto> Assets, ImmutableArray<StatementLineDto> Liabilities, Money UnrestrictedNetAssets, Money RestrictedNetAssets)
{
    /// <summary>Total assets.</summary>
    public Money TotalAssets { get; private init; }

    /// <summary>Total liabilities.</summary>
    public Money TotalLiabilities { get; private init; }

    /// <summary>Total liabilities and net assets; equals <c>TotalAssets</c> in balanced books.</summary>
    public Money TotalLiabilitiesAndNetAssets { get; private init; }

    /// <summary><c>true</c> when assets equal liabilities plus net assets.</summary>
    public bool Balances { get; private init; }

    /// <summary>Maps the books' <c>StatementOfFinancialPosition</c>.</summary>
    public static StatementOfFinancialPositionDto FromCore(Reports.StatementOfFinancialPosition value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Entity, value.AsOf, [.. value.Assets.Select(StatementLineDto.FromCore)], [.. value.Liabilities.Select(StatementLineDto.FromCore)], value.UnrestrictedNetAssets, value.RestrictedNetAssets)
        {
            TotalAssets = value.TotalAssets,
            TotalLiabilities = value.TotalLiabilities,
            TotalLiabilitiesAndNetAssets = value.TotalLiabilitiesAndNetAssets,
            Balances = value.Balances,
        };
    }
}

/// <summary>
/// 利润表 — the income statement of a company-form (SME_CN, 小企业会计准则) entity for a date range, in the standard's
/// order: operating revenue, operating costs, taxes and surcharges, selling and administrative expenses, operating
/// profit, non-operating income and expenses, total profit, income tax and net profit. Periods closed inside the range
/// are added back from their close records, so a closed month still shows its revenue and expenses.
/// </summary>
/// <param name="Entity">The entity.</param>
/// <param name="From">The first date.</param>
/// <param name="To">The last date.</param>
/// <param name="Lines">Each account with movement, by code.</param>
public sealed record IncomeStatementDto(EntityId Entity, LocalDate From, LocalDate To, ImmutableArray<AmountLineDto> Lines)
{
    /// <summary>营业收入: main and other operating revenue (5001, 5051).</summary>
    public Money OperatingRevenue { get; private init; }

    /// <summary>营业成本: main and other operating costs (5401, 5402).</summary>
    public Money OperatingCosts { get; private init; }

    /// <summary>
    /// 营业利润: operating revenue less operating costs, taxes and surcharges, selling and administrative expenses.
    /// </summary>
    public Money OperatingProfit { get; private init; }

    /// <summary>利润总额: operating profit plus non-operating income (5301) less non-operating expenses (5711).</summary>
    public Money TotalProfit { get; private init; }

    /// <summary>净利润: total profit less income tax (5801).</summary>
    public Money NetProfit { get; private init; }

    /// <summary>Maps the books' <c>IncomeStatement</c>.</summary>
    public static IncomeStatementDto FromCore(Reports.IncomeStatement value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Entity, value.From, value.To, [.. value.Lines.Select(AmountLineDto.FromCore)])
        {
            OperatingRevenue = value.OperatingRevenue,
            OperatingCosts = value.OperatingCosts,
            OperatingProfit = value.OperatingProfit,
            TotalProfit = value.TotalProfit,
            NetProfit = value.NetProfit,
        };
    }
}

/// <summary>A line of a company-form statement: an account or a subtotal and its amount.</summary>
/// <param name="Code">The first-level account code, or empty for a subtotal.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Amount">The amount, positive in the line's normal direction.</param>
public sealed record AmountLineDto(string Code, string NameZh, string NameEn, Money Amount)
{
    /// <summary>Maps the books' <c>AmountLine</c>.</summary>
    public static AmountLineDto FromCore(Reports.AmountLine value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Code, value.NameZh, value.NameEn, value.Amount);
    }
}

/// <summary>
/// 资产负债表 — the balance sheet of a company-form (SME_CN) entity as of a date: assets, liabilities and owners' equity,
/// with the profit not yet closed into 3103 shown in equity, so the sheet balances at any date.
/// </summary>
/// <param name="Entity">The entity.</param>
/// <param name="AsOf">The date.</param>
/// <param name="Assets">Asset lines (net of contra accounts such as accumulated depreciation).</param>
/// <param name="Liabilities">Liability lines.</param>
/// <param name="Equity">Owners' equity lines (3001–3104).</param>
/// <param name="UnclosedProfit">Revenue less expenses not yet closed into current-year profit (3103).</param>
public sealed record BalanceSheetDto(EntityId Entity, LocalDate AsOf, ImmutableArray<AmountLineDto> Assets, ImmutableArray<AmountLineDto> Liabilities, ImmutableArray<AmountLineDto> Equity, Money UnclosedProfit)
{
    /// <summary>Total assets.</summary>
    public Money TotalAssets { get; private init; }

    /// <summary>Total liabilities.</summary>
    public Money TotalLiabilities { get; private init; }

    /// <summary>Total owners' equity, including the unclosed profit.</summary>
    public Money TotalEquity { get; private init; }

    /// <summary><c>true</c> when assets equal liabilities plus equity.</summary>
    public bool Balances { get; private init; }

    /// <summary>Maps the books' <c>BalanceSheet</c>.</summary>
    public static BalanceSheetDto FromCore(Reports.BalanceSheet value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Entity, value.AsOf, [.. value.Assets.Select(AmountLineDto.FromCore)], [.. value.Liabilities.Select(AmountLineDto.FromCore)], [.. value.Equity.Select(AmountLineDto.FromCore)], value.UnclosedProfit)
        {
            TotalAssets = value.TotalAssets,
            TotalLiabilities = value.TotalLiabilities,
            TotalEquity = value.TotalEquity,
            Balances = value.Balances,
        };
    }
}

/// <summary>
/// The community-fund statement for a date range: inflows by source — the 5% shares of providers' revenue, donations
/// (money and in kind), self-financing by activity, other income — grants by project, releases from restricted net
/// assets, and each restriction's balance at the end of the range. Built from the journals (net of reversals and
/// clawbacks), so it reconciles to the fund's statement of activities.
/// </summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="From">The first date.</param>
/// <param name="To">The last date.</param>
/// <param name="FundShares">The 5% shares received (restricted to the community-fund share), net of clawbacks.</param>
/// <param name="Donations">Donations of money, restricted and unrestricted.</param>
/// <param name="InKindDonations">Donations of goods at voucher or fair value.</param>
/// <param name="SelfFinancing">Self-financing income per activity.</param>
/// <param name="OtherIncome">Any other revenue.</param>
/// <param name="Grants">Grants per project.</param>
/// <param name="Released">Restricted net assets released in the range.</param>
/// <param name="Restrictions">Each restriction as of the end of the range.</param>
public sealed record FundStatementDto(EntityId Fund, LocalDate From, LocalDate To, Money FundShares, Money Donations, Money InKindDonations, ImmutableArray<SourceAmountDto> SelfFinancing, Money OtherIncome, ImmutableArray<SourceAmountDto> Grants, Money Released, ImmutableArray<RestrictionBalanceDto> Restrictions)
{
    /// <summary>All inflows.</summary>
    public Money TotalInflows { get; private init; }

    /// <summary>All grants.</summary>
    public Money TotalGrants { get; private init; }

    /// <summary>Maps the books' <c>FundStatement</c>.</summary>
    public static FundStatementDto FromCore(Reports.FundStatement value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Fund, value.From, value.To, value.FundShares, value.Donations, value.InKindDonations, [.. value.SelfFinancing.Select(SourceAmountDto.FromCore)], value.OtherIncome, [.. value.Grants.Select(SourceAmountDto.FromCore)], value.Released, [.. value.Restrictions.Select(RestrictionBalanceDto.FromCore)])
        {
            TotalInflows = value.TotalInflows,
            TotalGrants = value.TotalGrants,
        };
    }
}

/// <summary>An amount from one source, or to one project.</summary>
/// <param name="Source">The source or project.</param>
/// <param name="Amount">The amount.</param>
public sealed record SourceAmountDto(string Source, Money Amount)
{
    /// <summary>Maps the books' <c>SourceAmount</c>.</summary>
    public static SourceAmountDto FromCore(Reports.SourceAmount value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Source, value.Amount);
    }
}

/// <summary>The result of an integrity check.</summary>
/// <param name="Chain">The hash-chain verification.</param>
/// <param name="BalanceMismatches">Maintained balances that differ from the journals (empty when all agree).</param>
public sealed record IntegrityReportDto(ChainVerificationDto Chain, ImmutableArray<BalanceMismatchDto> BalanceMismatches)
{
    /// <summary><c>true</c> when the chain is intact and every maintained balance equals its rebuild.</summary>
    public bool IsSound { get; private init; }

    /// <summary>Maps the books' <c>IntegrityReport</c>.</summary>
    public static IntegrityReportDto FromCore(Reports.IntegrityReport value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ChainVerificationDto.FromCore(value.Chain), [.. value.BalanceMismatches.Select(BalanceMismatchDto.FromCore)])
        {
            IsSound = value.IsSound,
        };
    }
}

/// <summary>The verdict of a chain verification.</summary>
/// <param name="IsIntact"><c>true</c> when every journal checked is where, and what, the chain says.</param>
/// <param name="JournalsChecked">How many journals were read.</param>
/// <param name="LastSequence">The sequence of the last good journal (0 when none).</param>
/// <param name="LastHash">The hash of the last good journal.</param>
/// <param name="FirstBadSequence">The sequence at which the chain first breaks, when it does.</param>
/// <param name="Problem">What is wrong there, when something is.</param>
public sealed record ChainVerificationDto(bool IsIntact, long JournalsChecked, long LastSequence, string LastHash, long? FirstBadSequence, string? Problem)
{
    /// <summary>Maps the books' <c>ChainVerification</c>.</summary>
    public static ChainVerificationDto FromCore(Posting.ChainVerification value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.IsIntact, value.JournalsChecked, value.LastSequence, value.LastHash, value.FirstBadSequence, value.Problem);
    }
}

/// <summary>One balance the store maintains that differs from the same balance rebuilt from the journals.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="Unit">The unit code.</param>
/// <param name="Maintained">Debits minus credits as maintained, in minor units.</param>
/// <param name="Rebuilt">Debits minus credits rebuilt from the journals, in minor units.</param>
public sealed record BalanceMismatchDto(EntityId Entity, AccountCode Account, string Unit, long Maintained, long Rebuilt)
{
    /// <summary>Maps the books' <c>BalanceMismatch</c>.</summary>
    public static BalanceMismatchDto FromCore(Reports.BalanceMismatch value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Entity, value.Account, value.Unit, value.Maintained, value.Rebuilt);
    }
}
