using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>The fairness of one provider's distribution stream under one policy version.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="PolicyReference">The policy, <c>id@version</c>.</param>
/// <param name="Distributions">How many distributions.</param>
/// <param name="Base">The cumulative base.</param>
/// <param name="Lines">One line per party.</param>
public sealed record FairnessStreamDto(EntityId Provider, string PolicyReference, int Distributions, Money Base, ImmutableArray<FairnessLineDto> Lines)
{
    /// <summary><c>true</c> when every party is within one fen of its entitlement.</summary>
    public bool IsFair { get; private init; }

    /// <summary>Maps the books' <c>FairnessStream</c>.</summary>
    public static FairnessStreamDto FromCore(Economy.FairnessStream value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Provider, value.PolicyReference, value.Distributions, value.Base, [.. value.Lines.Select(FairnessLineDto.FromCore)])
        {
            IsFair = value.IsFair,
        };
    }
}

/// <summary>One party's line of the fairness report: what it was paid against its exact entitlement.</summary>
/// <param name="Party">The party.</param>
/// <param name="BasisPoints">Its share.</param>
/// <param name="Paid">What its parts add up to.</param>
/// <param name="Exact">Its exact entitlement: the cumulative base × its share, unrounded (in yuan).</param>
/// <param name="Drift">Paid − exact, in yuan; always strictly within ±0.01.</param>
public sealed record FairnessLineDto(DistributionParty Party, int BasisPoints, Money Paid, decimal Exact, decimal Drift)
{
    /// <summary><c>true</c> when the drift is less than one fen.</summary>
    public bool WithinOneFen { get; private init; }

    /// <summary>Maps the books' <c>FairnessLine</c>.</summary>
    public static FairnessLineDto FromCore(Economy.FairnessLine value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Party.ToWire(), value.BasisPoints, value.Paid, value.Exact, value.Drift)
        {
            WithinOneFen = value.WithinOneFen,
        };
    }
}

/// <summary>A provider's due-to balance against the counterparty's due-from balance.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Counterparty">The hub, or the community fund (which recognises the 5% only when received, so its row
/// holds only what it owes back after refunds: the provider's 1122.02 against the fund's 2209.03, both negative).</param>
/// <param name="ProviderOwes">What the provider's books say it owes the counterparty (net of clawbacks).</param>
/// <param name="CounterpartyClaims">What the counterparty's books say the provider owes it (net of amounts due back).</param>
public sealed record ReconciliationDto(EntityId Provider, EntityId Counterparty, Money ProviderOwes, Money CounterpartyClaims)
{
    /// <summary><c>true</c> when both books agree.</summary>
    public bool Agrees { get; private init; }

    /// <summary>Maps the books' <c>Reconciliation</c>.</summary>
    public static ReconciliationDto FromCore(Economy.Reconciliation value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Provider, value.Counterparty, value.ProviderOwes, value.CounterpartyClaims)
        {
            Agrees = value.Agrees,
        };
    }
}

/// <summary>
/// The schedule of amounts providers owe their community fund and the fund has not received (its receipts are
/// recognised only when they arrive, so these amounts are in no statement of the fund's).
/// </summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="AsOf">The date the schedule is drawn up at: accruals, refunds and settlements dated later are left out.</param>
/// <param name="Rows">One row per provider, fund and month with something outstanding, by provider, fund and month.</param>
/// <param name="Totals">One total per provider and fund with any entry, by provider and fund.</param>
public sealed record FundReceivablesReportDto(LedgerId Ledger, LocalDate AsOf, ImmutableArray<FundReceivableRowDto> Rows, ImmutableArray<FundReceivableTotalDto> Totals)
{
    /// <summary>The total outstanding 0–30 days.</summary>
    public Money Days0To30 { get; private init; }

    /// <summary>The total outstanding 31–90 days.</summary>
    public Money Days31To90 { get; private init; }

    /// <summary>The total outstanding more than 90 days.</summary>
    public Money Over90Days { get; private init; }

    /// <summary>The total outstanding, net of unapplied credits.</summary>
    public Money Outstanding { get; private init; }

    /// <summary><c>true</c> when every provider's schedule agrees with its books.</summary>
    public bool Agrees { get; private init; }

    /// <summary>Maps the books' <c>FundReceivablesReport</c>.</summary>
    public static FundReceivablesReportDto FromCore(Economy.FundReceivablesReport value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Ledger, value.AsOf, [.. value.Rows.Select(FundReceivableRowDto.FromCore)], [.. value.Totals.Select(FundReceivableTotalDto.FromCore)])
        {
            Days0To30 = value.Days0To30,
            Days31To90 = value.Days31To90,
            Over90Days = value.Over90Days,
            Outstanding = value.Outstanding,
            Agrees = value.Agrees,
        };
    }
}

/// <summary>
/// One month of one provider's fund shares that the fund has not yet received, as of the schedule's date.
/// </summary>
/// <param name="Provider">The provider that owes the share.</param>
/// <param name="Fund">The community-fund entity it is owed to.</param>
/// <param name="Month">The month the shares accrued in (the date of their distribution journals).</param>
/// <param name="AgedFrom">The last day of <c>Month</c>, from which the age is counted.</param>
/// <param name="AgeDays">Days from <c>AgedFrom</c> to the schedule's date; 0 while the month is not over.</param>
/// <param name="Bucket">The age bucket.</param>
/// <param name="Accrued">The fund shares distributed in the month (the provider's credits to its payable to the fund).</param>
/// <param name="Reversed">The fund shares reversed by refunds dated in the month (the refunds' fund statement items).</param>
/// <param name="Received">What of the month's accruals and reversals is on statements settled by the schedule's date.</param>
/// <param name="CreditApplied">Reversals of later months not yet received, applied to this month (oldest first).</param>
/// <param name="Outstanding">What is still owed for the month: accrued − reversed − received − credit applied; always positive.</param>
public sealed record FundReceivableRowDto(EntityId Provider, EntityId Fund, YearMonth Month, LocalDate AgedFrom, int AgeDays, AgeBucket Bucket, Money Accrued, Money Reversed, Money Received, Money CreditApplied, Money Outstanding)
{
    /// <summary>Maps the books' <c>FundReceivableRow</c>.</summary>
    public static FundReceivableRowDto FromCore(Economy.FundReceivableRow value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Provider, value.Fund, value.Month, value.AgedFrom, value.AgeDays, value.Bucket.ToWire(), value.Accrued, value.Reversed, value.Received, value.CreditApplied, value.Outstanding);
    }
}

/// <summary>
/// One provider's total owed to one fund, by age, reconciled with the provider's payable in its own books.
/// </summary>
/// <param name="Provider">The provider.</param>
/// <param name="Fund">The community-fund entity.</param>
/// <param name="Days0To30">Outstanding 0–30 days.</param>
/// <param name="Days31To90">Outstanding 31–90 days.</param>
/// <param name="Over90Days">Outstanding more than 90 days.</param>
/// <param name="UnappliedCredit">Reversals not yet received that exceed every unpaid month (the fund owes them back,
/// or they wait for later accruals); zero or positive.</param>
/// <param name="PayableInBooks">The provider's payable to the fund by its journals (DueToFund, counterparty = the fund),
/// dated up to the schedule's date.</param>
public sealed record FundReceivableTotalDto(EntityId Provider, EntityId Fund, Money Days0To30, Money Days31To90, Money Over90Days, Money UnappliedCredit, Money PayableInBooks)
{
    /// <summary>What the schedule says is owed: the three buckets less the unapplied credit.</summary>
    public Money Outstanding { get; private init; }

    /// <summary>
    /// <c>true</c> when the schedule, built from the sale and statement records, equals the payable in the
    /// provider's books.
    /// </summary>
    public bool Agrees { get; private init; }

    /// <summary>Maps the books' <c>FundReceivableTotal</c>.</summary>
    public static FundReceivableTotalDto FromCore(Economy.FundReceivableTotal value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Provider, value.Fund, value.Days0To30, value.Days31To90, value.Over90Days, value.UnappliedCredit, value.PayableInBooks)
        {
            Outstanding = value.Outstanding,
            Agrees = value.Agrees,
        };
    }
}

/// <summary>The distributions of one provider in one month under one policy version.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Month">The month.</param>
/// <param name="PolicyReference">The policy id and version.</param>
/// <param name="Distributions">How many distributions.</param>
/// <param name="Base">Their base.</param>
/// <param name="Parts">Each party's share, in fen.</param>
/// <param name="Reversed">Each party's share reversed by refunds dated in the month, in fen.</param>
public sealed record DistributionPeriodRowDto(EntityId Provider, YearMonth Month, string PolicyReference, int Distributions, Money Base, SharePartitionDto Parts, SharePartitionDto Reversed)
{
    /// <summary>Maps the books' <c>DistributionPeriodRow</c>.</summary>
    public static DistributionPeriodRowDto FromCore(Economy.DistributionPeriodRow value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Provider, value.Month, value.PolicyReference, value.Distributions, value.Base, SharePartitionDto.FromCore(value.Parts), SharePartitionDto.FromCore(value.Reversed));
    }
}

/// <summary>The parts of one distribution (or of its reversal by a refund), per party, in fen.</summary>
/// <param name="Provider">The provider's part.</param>
/// <param name="Hub">The hub's part.</param>
/// <param name="Fund">The community fund's part.</param>
public sealed record SharePartitionDto(long Provider, long Hub, long Fund)
{
    /// <summary>The sum of the parts.</summary>
    public long Total { get; private init; }

    /// <summary>Maps the books' <c>SharePartition</c>.</summary>
    public static SharePartitionDto FromCore(Economy.SharePartition value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Provider, value.Hub, value.Fund)
        {
            Total = value.Total,
        };
    }
}

/// <summary>One row of the distribution report.</summary>
/// <param name="Sale">The sale.</param>
/// <param name="Provider">The provider.</param>
/// <param name="Package">The package and version.</param>
/// <param name="Tier">The tier.</param>
/// <param name="Distribution">The distribution.</param>
/// <param name="HubStatus">The settlement status of the hub share (<c>null</c> when not yet on a statement).</param>
/// <param name="FundStatus">The settlement status of the fund share (<c>null</c> when not yet on a statement).</param>
/// <param name="Reversed">What refunds of the sale reversed.</param>
public sealed record DistributionReportRowDto(SaleId Sale, EntityId Provider, string Package, PricingTier Tier, DistributionRecordDto Distribution, SettlementStatus? HubStatus, SettlementStatus? FundStatus, SharePartitionDto Reversed)
{
    /// <summary>Maps the books' <c>DistributionReportRow</c>.</summary>
    public static DistributionReportRowDto FromCore(Economy.DistributionReportRow value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Sale, value.Provider, value.Package, value.Tier.ToWire(), DistributionRecordDto.FromCore(value.Distribution), value.HubStatus?.ToWire(), value.FundStatus?.ToWire(), SharePartitionDto.FromCore(value.Reversed));
    }
}

/// <summary>One distribution of recognised revenue: what it was based on and how it was split.</summary>
/// <param name="Journal">The distribution journal.</param>
/// <param name="Date">Its accounting date.</param>
/// <param name="Base">The revenue distributed (excluding VAT).</param>
/// <param name="Parts">The parts.</param>
/// <param name="PolicyReference">The policy id and version, <c>id@version</c>.</param>
/// <param name="Rounding">The rounding rule used.</param>
public sealed record DistributionRecordDto(JournalId Journal, LocalDate Date, Money Base, SharePartitionDto Parts, string PolicyReference, RoundingRule Rounding)
{
    /// <summary>
    /// The carry-forward state after this distribution (per share of the policy, in the allocator's units);
    /// empty for records written before it was kept.
    /// </summary>
    public ImmutableArray<long> CarryAfter { get; init; }

    /// <summary>Maps the books' <c>DistributionRecord</c>.</summary>
    public static DistributionRecordDto FromCore(Economy.DistributionRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Journal, value.Date, value.Base, SharePartitionDto.FromCore(value.Parts), value.PolicyReference, value.Rounding.ToWire())
        {
            CarryAfter = value.CarryAfter,
        };
    }
}
