using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>What a community agreement hands over.</summary>
public enum AgreementKind
{
    /// <summary>A public space for a nominal rent (一元租金), e.g. 1.00 CNY a year.</summary>
    NominalLease = 1,

    /// <summary>Resources (space, venue hours, equipment, publicity) in exchange for services (资源换服务).</summary>
    ResourceSwap = 2,
}

/// <summary>Where an agreement is in its life: draft → active → ended.</summary>
public enum AgreementStatus
{
    /// <summary>Registered, not yet in force: nothing is charged or owed.</summary>
    Draft = 1,

    /// <summary>In force: rent and resources are charged and obligations owed, period by period.</summary>
    Active = 2,

    /// <summary>Expired at the end of its term, or terminated early with a reason.</summary>
    Ended = 3,
}

/// <summary>How an agreement ended.</summary>
public enum AgreementEnding
{
    /// <summary>The term ran out.</summary>
    Expired = 1,

    /// <summary>Ended before the end of its term, with a reason.</summary>
    Terminated = 2,
}

/// <summary>How often a nominal rent falls due (in advance, at the start of each rent period).</summary>
public enum RentFrequency
{
    /// <summary>Every month.</summary>
    Monthly = 1,

    /// <summary>Every three months.</summary>
    Quarterly = 3,

    /// <summary>Every twelve months.</summary>
    Yearly = 12,
}

/// <summary>
/// The ledger's policy for the donated use of assets (the gap between fair value and what is paid): kept in the memo
/// ledger only (民非 2004, the default), or also recognised at fair value (Dr expense / Cr donation revenue), as US GAAP
/// and the 2026 民非 standard may require. Every journal it shapes records which one applied.
/// </summary>
public enum DonatedUse
{
    /// <summary>The fair value forgone goes to the memo ledger (M400) only.</summary>
    MemoOnly = 1,

    /// <summary>The fair value forgone is also recognised as an expense and a donation (or a non-cash exchange).</summary>
    RecognizeAtFairValue = 2,
}

/// <summary>A kind of resource handed over in a swap.</summary>
public enum ResourceKind
{
    /// <summary>A space (场地).</summary>
    Space = 1,

    /// <summary>Hours of a venue (场馆时段).</summary>
    VenueHours = 2,

    /// <summary>Equipment (设备).</summary>
    Equipment = 3,

    /// <summary>Publicity (宣传资源).</summary>
    Publicity = 4,
}

/// <summary>A fair value with how it was arrived at.</summary>
/// <param name="Amount">The value in CNY.</param>
/// <param name="Basis">The valuation basis (e.g. "market rent of comparable shops, 2026 survey").</param>
/// <param name="Evidence">A reference to the evidence (appraisal number, quotation file), or <c>null</c>.</param>
public sealed record FairValue(Money Amount, string Basis, string? Evidence = null);

/// <summary>The space of a lease.</summary>
/// <param name="Name">What it is called (e.g. "Community living room, 2F").</param>
/// <param name="AreaSquareMetres">Its area in m² (greater than zero, at most two decimals).</param>
public sealed record LeasedSpace(string Name, decimal AreaSquareMetres);

/// <summary>A service owed to residents every month of an agreement.</summary>
/// <param name="Service">What is owed (e.g. "public-welfare sessions"); unique within the agreement.</param>
/// <param name="PerMonth">How much a month: sessions in COUNT or hours in HOUR.</param>
/// <param name="MinimumBeneficiariesPerMonth">The residents to reach each month, or 0 when not agreed.</param>
public sealed record ServiceObligation(string Service, Money PerMonth, int MinimumBeneficiariesPerMonth = 0);

/// <summary>The terms of a nominal-rent lease.</summary>
/// <param name="Space">The space.</param>
/// <param name="NominalRent">The rent per rent period (e.g. 1.00 CNY); always the amount posted.</param>
/// <param name="Frequency">How often it falls due.</param>
/// <param name="FairRent">The fair market rent for the same period, with its basis.</param>
/// <param name="FundShareBasisPoints">An optional share of the operator's revenue from the space promised to the
/// community fund, in basis points (e.g. 500 = 5%); recorded with the terms.</param>
public sealed record LeaseTerms(LeasedSpace Space, Money NominalRent, RentFrequency Frequency, FairValue FairRent, int? FundShareBasisPoints = null)
{
    /// <summary>
    /// <c>true</c> when the agreement explicitly lets the fund's revenue share apply also to service-package revenue
    /// that a distribution policy already shares with the community fund (the fund then receives both shares of it).
    /// <c>false</c> (the default): the share applies only to revenue from the space outside the distribution (room
    /// hire, café sales…), and a declaration that includes distributed revenue is refused with
    /// <see cref="CommunityErrorCodes.FundShareOverlapsDistribution"/>. Only a provider's revenue is distributed, so only
    /// a lease to a provider with a fund share may say <c>true</c>.
    /// </summary>
    public bool FundShareOnDistributedRevenue { get; init; }
}

/// <summary>A resource handed over in a swap, valued per month.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Description">Which one (e.g. "multi-function hall, Tue/Thu evenings").</param>
/// <param name="MonthlyValue">Its fair value per month, with its basis.</param>
public sealed record SwapResource(ResourceKind Kind, string Description, FairValue MonthlyValue);

/// <summary>The terms of a resource-for-service swap: both legs at fair value.</summary>
/// <param name="Resources">The resources given to the operator.</param>
/// <param name="MonthlyServiceValue">The fair value of the services the operator owes per month, with its basis.</param>
public sealed record SwapTerms(ImmutableArray<SwapResource> Resources, FairValue MonthlyServiceValue)
{
    /// <summary>The fair value of all resources per month.</summary>
    public Money MonthlyResourceValue => Resources.Aggregate(Money.Zero(Currency.CNY), (sum, r) => sum + r.MonthlyValue.Amount);
}

/// <summary>
/// A community agreement: a nominal-rent lease (一元租金) or a resource-for-service swap (资源换服务) between the
/// grantor (the community or residents' committee that owns the space or resources) and the operator (the social
/// organisation that uses them and owes services to residents). Its term is an inclusive date range; it is charged
/// and owes services period by period from its start: rent periods of <see cref="RentFrequency"/> months, and months
/// for resources and obligations, each counted from the start date (a period cut short by the end is prorated by days
/// for obligations).
/// </summary>
/// <param name="Id">A slug, unique in the ledger.</param>
/// <param name="Kind">Lease or swap.</param>
/// <param name="Grantor">The entity handing over the space or resources.</param>
/// <param name="Operator">The entity using them (NPO_CN or SME_CN books).</param>
/// <param name="Start">The first day of the term.</param>
/// <param name="End">The last day of the term.</param>
/// <param name="Obligations">The services owed each month.</param>
public sealed record ServiceAgreement(string Id, AgreementKind Kind, EntityId Grantor, EntityId Operator, LocalDate Start, LocalDate End, ImmutableArray<ServiceObligation> Obligations)
{
    /// <summary>The lease terms (for <see cref="AgreementKind.NominalLease"/>).</summary>
    public LeaseTerms? Lease { get; init; }

    /// <summary>The swap terms (for <see cref="AgreementKind.ResourceSwap"/>).</summary>
    public SwapTerms? Swap { get; init; }

    /// <summary>How often the operator's performance is evaluated, in months.</summary>
    public int EvaluationEveryMonths { get; init; } = 6;

    /// <summary>Where the agreement is in its life.</summary>
    public AgreementStatus Status { get; init; } = AgreementStatus.Draft;

    /// <summary>How it ended, when <see cref="Status"/> is <see cref="AgreementStatus.Ended"/>.</summary>
    public AgreementEnding? Ending { get; init; }

    /// <summary>The last day in force, when ended (the term's end if it expired).</summary>
    public LocalDate? EndedOn { get; init; }

    /// <summary>Why it was terminated early.</summary>
    public string? EndReason { get; init; }

    /// <summary>How many charge periods (rent or resources) have been posted.</summary>
    public int PeriodsCharged { get; init; }

    /// <summary>How many obligation months have been opened.</summary>
    public int MonthsOpened { get; init; }

    /// <summary>The months of use posted so far, in order: the fair rent forgone (lease) or the resources received
    /// (swap) of each agreement month, posted on the month's last day, and whether it was also recognised at fair
    /// value.</summary>
    public ImmutableArray<UseMonth> UsePosted { get; init; } = [];

    /// <summary>The first days of the months whose revenue share has been paid to the fund.</summary>
    public ImmutableArray<LocalDate> SharedMonths { get; init; } = [];

    /// <summary>The last day the agreement is (or was) in force.</summary>
    public LocalDate LastDay => EndedOn ?? End;

    /// <summary>Months per charge period: the rent frequency for a lease, one for a swap.</summary>
    public int MonthsPerCharge => Lease is { } lease ? (int)lease.Frequency : 1;

    /// <summary>The charge periods (rent or resources) of the term, in order.</summary>
    /// <returns>Inclusive (from, to) ranges from the start, the last one cut at <see cref="LastDay"/>.</returns>
    public IEnumerable<DateInterval> ChargePeriods() => Periods(MonthsPerCharge);

    /// <summary>The obligation months of the term, in order.</summary>
    /// <returns>Inclusive (from, to) ranges of one month from the start, the last one cut at <see cref="LastDay"/>.</returns>
    public IEnumerable<DateInterval> ObligationMonths() => Periods(1);

    private IEnumerable<DateInterval> Periods(int months)
    {
        for (var k = 0; ; k++)
        {
            var from = Start.PlusMonths(k * months);
            if (from > LastDay)
            {
                yield break;
            }

            var to = Start.PlusMonths((k + 1) * months).PlusDays(-1);
            yield return new DateInterval(from, to < LastDay ? to : LastDay);
        }
    }
}

/// <summary>One month of use posted under an agreement: the memo of the fair rent forgone (lease) or of the resources
/// received (swap) for one agreement month, and, when <see cref="Recognised"/>, the same value recognised in the
/// operator's statements (donated use as expense and donation revenue; a swap as a non-cash exchange).</summary>
/// <param name="From">The month's first day.</param>
/// <param name="To">The month's last day (the agreement's last day for a month cut short); the journals are dated on it.</param>
/// <param name="Value">The value of the month's use in CNY.</param>
/// <param name="Recognised"><c>true</c> when the ledger's policy was <see cref="DonatedUse.RecognizeAtFairValue"/> when
/// the month was posted, so a termination also reverses the recognition of any part not used.</param>
public sealed record UseMonth(LocalDate From, LocalDate To, Money Value, bool Recognised);

/// <summary>The operator's revenue from a leased space for one month of the agreement, and the fund's share paid on it.</summary>
/// <param name="Agreement">The lease id.</param>
/// <param name="Month">The first day of the agreement month (the start date or a month after it).</param>
/// <param name="Revenue">The operator's revenue from the space in that month, in CNY (zero or more).</param>
/// <param name="Date">The payment date.</param>
/// <param name="Fund">The community fund receiving the share.</param>
public sealed record RevenueSharePayment(string Agreement, LocalDate Month, Money Revenue, LocalDate Date, EntityId Fund)
{
    /// <summary>The part of <see cref="RevenueSharePayment.Revenue"/> that is service-package revenue a distribution
    /// policy already shares with the community fund (its 70/25/5), or <c>null</c> for none. More than zero is refused
    /// unless the lease says <see cref="LeaseTerms.FundShareOnDistributedRevenue"/>.</summary>
    public Money? DistributedRevenue { get; init; }
}

/// <summary>A recorded service delivery under an agreement.</summary>
/// <param name="Agreement">The agreement id.</param>
/// <param name="Service">Which obligation it counts towards.</param>
/// <param name="Date">When it was delivered.</param>
/// <param name="Quantity">Sessions (COUNT) or hours (HOUR), in the obligation's unit.</param>
/// <param name="Beneficiaries">Residents reached.</param>
/// <param name="Evidence">A reference to the evidence (sign-in sheet, photos, feedback forms).</param>
public sealed record ServiceDelivery(string Agreement, string Service, LocalDate Date, Money Quantity, int Beneficiaries, string Evidence)
{
    /// <summary>The memo journal that recorded it.</summary>
    public JournalId? Journal { get; init; }
}
