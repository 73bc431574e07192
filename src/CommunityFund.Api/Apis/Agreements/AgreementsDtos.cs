using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A one-yuan lease or a resource-for-service swap to register (as a draft).</summary>
/// <param name="Id">A slug, unique in the ledger.</param>
/// <param name="Kind">nominalLease or resourceSwap.</param>
/// <param name="Grantor">The entity handing over the space or resources (community, residents' committee).</param>
/// <param name="Operator">The entity using them and owing services (NPO_CN or SME_CN books).</param>
/// <param name="Start">The first day of the term.</param>
/// <param name="End">The last day of the term.</param>
/// <param name="Obligations">The services owed each month.</param>
/// <param name="Lease">The lease terms (for a lease).</param>
/// <param name="Swap">The swap terms (for a swap).</param>
/// <param name="EvaluationEveryMonths">How often performance is evaluated, in months (default 6).</param>
public sealed record AgreementRequest(
    string Id, AgreementKind Kind, string Grantor, string Operator, LocalDate Start, LocalDate End,
    IReadOnlyList<ServiceObligationDto> Obligations, LeaseTermsDto? Lease = null, SwapTermsDto? Swap = null, int EvaluationEveryMonths = 6)
{
    /// <summary>The books' agreement (a draft): the lease terms for a lease, the swap terms for a swap.</summary>
    public Community.ServiceAgreement ToCore() =>
        new(Id, Kind.ToCore(), EntityId.From(Grantor), EntityId.From(Operator), Start, End, [.. Obligations.Select(o => o.ToCore())])
        {
            Lease = Kind == AgreementKind.NominalLease ? Lease?.ToCore() : null,
            Swap = Kind == AgreementKind.ResourceSwap ? Swap?.ToCore() : null,
            EvaluationEveryMonths = EvaluationEveryMonths,
        };
}

/// <summary>How an agreement ends.</summary>
/// <param name="Ending">expired (on the last day of the term) or terminated (inside the term, with a reason).</param>
/// <param name="LastDay">The last day in force.</param>
/// <param name="Reason">Why it was terminated.</param>
public sealed record EndAgreementRequest(AgreementEnding Ending, LocalDate LastDay, string? Reason = null);

/// <summary>Posts what an agreement owes through a date.</summary>
/// <param name="Through">The last date to post for.</param>
public sealed record PostDueRequest(LocalDate Through);

/// <summary>A service delivered under an agreement.</summary>
/// <param name="Service">Which obligation it counts towards.</param>
/// <param name="Date">When it was delivered.</param>
/// <param name="Quantity">Sessions (COUNT) or hours (HOUR).</param>
/// <param name="Beneficiaries">Residents reached.</param>
/// <param name="Evidence">The evidence reference (sign-in sheet, photos).</param>
public sealed record AgreementDeliveryRequest(string Service, LocalDate Date, Money Quantity, int Beneficiaries, string Evidence)
{
    /// <summary>The books' delivery under an agreement.</summary>
    public Community.ServiceDelivery ToCore(string agreement) => new(agreement, Service, Date, Quantity, Beneficiaries, Evidence);
}

/// <summary>The operator's revenue from a leased space for one agreement month, on which the fund's share is paid.</summary>
/// <param name="Month">The first day of the agreement month.</param>
/// <param name="Revenue">The revenue from the space in that month (CNY, zero or more).</param>
/// <param name="Date">The payment date.</param>
/// <param name="Fund">The community fund receiving the share.</param>
/// <param name="DistributedRevenue">The part of <paramref name="Revenue"/> that is service-package revenue a
/// distribution policy already shares with the fund (CNY, zero or more; omitted means none). More than zero is refused
/// with <c>agreement.fund_share_overlaps_distribution</c> unless the lease says <c>fundShareOnDistributedRevenue</c>.</param>
public sealed record RevenueShareRequest(LocalDate Month, Money Revenue, LocalDate Date, string Fund, Money? DistributedRevenue = null)
{
    /// <summary>The books' revenue-share payment under an agreement.</summary>
    public Community.RevenueSharePayment ToCore(string agreement) =>
        new(agreement, Month, Revenue, Date, EntityId.From(Fund)) { DistributedRevenue = DistributedRevenue };
}

/// <summary>The ledger's donated-use policy.</summary>
/// <param name="Policy">memoOnly (default) or recognizeAtFairValue.</param>
public sealed record DonatedUseDto(DonatedUse Policy);

/// <summary>An agreement with the journals a command posted.</summary>
/// <param name="Agreement">The agreement after the command.</param>
/// <param name="Journals">The journals posted (empty when nothing was due).</param>
public sealed record AgreementResultDto(ServiceAgreementDto Agreement, IReadOnlyList<JournalDto> Journals)
{
    /// <summary>Maps an agreement and the journals a command posted.</summary>
    public static AgreementResultDto FromCore(Community.ServiceAgreement agreement, IEnumerable<Ledger.Journal> journals) =>
        new(ServiceAgreementDto.FromCore(agreement), [.. journals.Select(j => JournalDto.FromCore(j))]);
}

/// <summary>
/// A community agreement: a nominal-rent lease (一元租金) or a resource-for-service swap (资源换服务) between the
/// grantor (the community or residents' committee that owns the space or resources) and the operator (the social
/// organisation that uses them and owes services to residents). Its term is an inclusive date range; it is charged
/// and owes services period by period from its start: rent periods of <c>RentFrequency</c> months, and months
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
public sealed record ServiceAgreementDto(string Id, AgreementKind Kind, EntityId Grantor, EntityId Operator, LocalDate Start, LocalDate End, ImmutableArray<ServiceObligationDto> Obligations)
{
    /// <summary>The lease terms (for <c>NominalLease</c>).</summary>
    public LeaseTermsDto? Lease { get; init; }

    /// <summary>The swap terms (for <c>ResourceSwap</c>).</summary>
    public SwapTermsDto? Swap { get; init; }

    /// <summary>How often the operator's performance is evaluated, in months.</summary>
    public int EvaluationEveryMonths { get; init; }

    /// <summary>Where the agreement is in its life.</summary>
    public AgreementStatus Status { get; init; }

    /// <summary>How it ended, when <c>Status</c> is <c>Ended</c>.</summary>
    public AgreementEnding? Ending { get; init; }

    /// <summary>The last day in force, when ended (the term's end if it expired).</summary>
    public LocalDate? EndedOn { get; init; }

    /// <summary>Why it was terminated early.</summary>
    public string? EndReason { get; init; }

    /// <summary>How many charge periods (rent or resources) have been posted.</summary>
    public int PeriodsCharged { get; init; }

    /// <summary>How many obligation months have been opened.</summary>
    public int MonthsOpened { get; init; }

    /// <summary>
    /// The months of use posted so far, in order: the fair rent forgone (lease) or the resources received
    /// (swap) of each agreement month, posted on the month's last day, and whether it was also recognised at fair
    /// value.
    /// </summary>
    public ImmutableArray<UseMonthDto> UsePosted { get; init; }

    /// <summary>The first days of the months whose revenue share has been paid to the fund.</summary>
    public ImmutableArray<LocalDate> SharedMonths { get; init; }

    /// <summary>The last day the agreement is (or was) in force.</summary>
    public LocalDate LastDay { get; private init; }

    /// <summary>Months per charge period: the rent frequency for a lease, one for a swap.</summary>
    public int MonthsPerCharge { get; private init; }

    /// <summary>Maps the books' <c>ServiceAgreement</c>.</summary>
    public static ServiceAgreementDto FromCore(Community.ServiceAgreement value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Id, value.Kind.ToWire(), value.Grantor, value.Operator, value.Start, value.End, [.. value.Obligations.Select(ServiceObligationDto.FromCore)])
        {
            Lease = value.Lease is null ? null : LeaseTermsDto.FromCore(value.Lease),
            Swap = value.Swap is null ? null : SwapTermsDto.FromCore(value.Swap),
            EvaluationEveryMonths = value.EvaluationEveryMonths,
            Status = value.Status.ToWire(),
            Ending = value.Ending?.ToWire(),
            EndedOn = value.EndedOn,
            EndReason = value.EndReason,
            PeriodsCharged = value.PeriodsCharged,
            MonthsOpened = value.MonthsOpened,
            UsePosted = [.. value.UsePosted.Select(UseMonthDto.FromCore)],
            SharedMonths = value.SharedMonths,
            LastDay = value.LastDay,
            MonthsPerCharge = value.MonthsPerCharge,
        };
    }
}

/// <summary>A service owed to residents every month of an agreement.</summary>
/// <param name="Service">What is owed (e.g. "public-welfare sessions"); unique within the agreement.</param>
/// <param name="PerMonth">How much a month: sessions in COUNT or hours in HOUR.</param>
/// <param name="MinimumBeneficiariesPerMonth">The residents to reach each month, or 0 when not agreed.</param>
public sealed record ServiceObligationDto(string Service, Money PerMonth, int MinimumBeneficiariesPerMonth = 0)
{
    /// <summary>Maps the books' <c>ServiceObligation</c>.</summary>
    public static ServiceObligationDto FromCore(Community.ServiceObligation value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Service, value.PerMonth, value.MinimumBeneficiariesPerMonth);
    }

    /// <summary>The books' <c>ServiceObligation</c>.</summary>
    public Community.ServiceObligation ToCore() => new(Service, PerMonth, MinimumBeneficiariesPerMonth);
}

/// <summary>The terms of a nominal-rent lease.</summary>
/// <param name="Space">The space.</param>
/// <param name="NominalRent">The rent per rent period (e.g. 1.00 CNY); always the amount posted.</param>
/// <param name="Frequency">How often it falls due.</param>
/// <param name="FairRent">The fair market rent for the same period, with its basis.</param>
/// <param name="FundShareBasisPoints">An optional share of the operator's revenue from the space promised to the
/// community fund, in basis points (e.g. 500 = 5%); recorded with the terms.</param>
public sealed record LeaseTermsDto(LeasedSpaceDto Space, Money NominalRent, RentFrequency Frequency, FairValueDto FairRent, int? FundShareBasisPoints = null)
{
    /// <summary>
    /// <c>true</c> when the agreement explicitly lets the fund's revenue share apply also to service-package revenue
    /// that a distribution policy already shares with the community fund (the fund then receives both shares of it).
    /// <c>false</c> (the default): the share applies only to revenue from the space outside the distribution (room
    /// hire, café sales…), and a declaration that includes distributed revenue is refused with
    /// <c>FundShareOverlapsDistribution</c>. Only a provider's revenue is distributed, so only
    /// a lease to a provider with a fund share may say <c>true</c>.
    /// </summary>
    public bool FundShareOnDistributedRevenue { get; init; }

    /// <summary>Maps the books' <c>LeaseTerms</c>.</summary>
    public static LeaseTermsDto FromCore(Community.LeaseTerms value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(LeasedSpaceDto.FromCore(value.Space), value.NominalRent, value.Frequency.ToWire(), FairValueDto.FromCore(value.FairRent), value.FundShareBasisPoints)
        {
            FundShareOnDistributedRevenue = value.FundShareOnDistributedRevenue,
        };
    }

    /// <summary>The books' <c>LeaseTerms</c>.</summary>
    public Community.LeaseTerms ToCore() => new(Space.ToCore(), NominalRent, Frequency.ToCore(), FairRent.ToCore(), FundShareBasisPoints)
    {
        FundShareOnDistributedRevenue = FundShareOnDistributedRevenue,
    };
}

/// <summary>The space of a lease.</summary>
/// <param name="Name">What it is called (e.g. "Community living room, 2F").</param>
/// <param name="AreaSquareMetres">Its area in m² (greater than zero, at most two decimals).</param>
public sealed record LeasedSpaceDto(string Name, decimal AreaSquareMetres)
{
    /// <summary>Maps the books' <c>LeasedSpace</c>.</summary>
    public static LeasedSpaceDto FromCore(Community.LeasedSpace value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Name, value.AreaSquareMetres);
    }

    /// <summary>The books' <c>LeasedSpace</c>.</summary>
    public Community.LeasedSpace ToCore() => new(Name, AreaSquareMetres);
}

/// <summary>A fair value with how it was arrived at.</summary>
/// <param name="Amount">The value in CNY.</param>
/// <param name="Basis">The valuation basis (e.g. "market rent of comparable shops, 2026 survey").</param>
/// <param name="Evidence">A reference to the evidence (appraisal number, quotation file), or <c>null</c>.</param>
public sealed record FairValueDto(Money Amount, string Basis, string? Evidence = null)
{
    /// <summary>Maps the books' <c>FairValue</c>.</summary>
    public static FairValueDto FromCore(Community.FairValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Amount, value.Basis, value.Evidence);
    }

    /// <summary>The books' <c>FairValue</c>.</summary>
    public Community.FairValue ToCore() => new(Amount, Basis, Evidence);
}

/// <summary>The terms of a resource-for-service swap: both legs at fair value.</summary>
/// <param name="Resources">The resources given to the operator.</param>
/// <param name="MonthlyServiceValue">The fair value of the services the operator owes per month, with its basis.</param>
public sealed record SwapTermsDto(ImmutableArray<SwapResourceDto> Resources, FairValueDto MonthlyServiceValue)
{
    /// <summary>The fair value of all resources per month.</summary>
    public Money MonthlyResourceValue { get; private init; }

    /// <summary>Maps the books' <c>SwapTerms</c>.</summary>
    public static SwapTermsDto FromCore(Community.SwapTerms value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new([.. value.Resources.Select(SwapResourceDto.FromCore)], FairValueDto.FromCore(value.MonthlyServiceValue))
        {
            MonthlyResourceValue = value.MonthlyResourceValue,
        };
    }

    /// <summary>The books' <c>SwapTerms</c>.</summary>
    public Community.SwapTerms ToCore() => new([.. Resources.Select(r => r.ToCore())], MonthlyServiceValue.ToCore());
}

/// <summary>A resource handed over in a swap, valued per month.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Description">Which one (e.g. "multi-function hall, Tue/Thu evenings").</param>
/// <param name="MonthlyValue">Its fair value per month, with its basis.</param>
public sealed record SwapResourceDto(ResourceKind Kind, string Description, FairValueDto MonthlyValue)
{
    /// <summary>Maps the books' <c>SwapResource</c>.</summary>
    public static SwapResourceDto FromCore(Community.SwapResource value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Kind.ToWire(), value.Description, FairValueDto.FromCore(value.MonthlyValue));
    }

    /// <summary>The books' <c>SwapResource</c>.</summary>
    public Community.SwapResource ToCore() => new(Kind.ToCore(), Description, MonthlyValue.ToCore());
}

/// <summary>
/// One month of use posted under an agreement: the memo of the fair rent forgone (lease) or of the resources
/// received (swap) for one agreement month, and, when <c>Recognised</c>, the same value recognised in the
/// operator's statements (donated use as expense and donation revenue; a swap as a non-cash exchange).
/// </summary>
/// <param name="From">The month's first day.</param>
/// <param name="To">The month's last day (the agreement's last day for a month cut short); the journals are dated on it.</param>
/// <param name="Value">The value of the month's use in CNY.</param>
/// <param name="Recognised"><c>true</c> when the ledger's policy was <c>RecognizeAtFairValue</c> when
/// the month was posted, so a termination also reverses the recognition of any part not used.</param>
public sealed record UseMonthDto(LocalDate From, LocalDate To, Money Value, bool Recognised)
{
    /// <summary>Maps the books' <c>UseMonth</c>.</summary>
    public static UseMonthDto FromCore(Community.UseMonth value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.From, value.To, value.Value, value.Recognised);
    }
}

/// <summary>A recorded service delivery under an agreement.</summary>
/// <param name="Agreement">The agreement id.</param>
/// <param name="Service">Which obligation it counts towards.</param>
/// <param name="Date">When it was delivered.</param>
/// <param name="Quantity">Sessions (COUNT) or hours (HOUR), in the obligation's unit.</param>
/// <param name="Beneficiaries">Residents reached.</param>
/// <param name="Evidence">A reference to the evidence (sign-in sheet, photos, feedback forms).</param>
public sealed record ServiceDeliveryDto(string Agreement, string Service, LocalDate Date, Money Quantity, int Beneficiaries, string Evidence)
{
    /// <summary>The memo journal that recorded it.</summary>
    public JournalId? Journal { get; init; }

    /// <summary>Maps the books' <c>ServiceDelivery</c>.</summary>
    public static ServiceDeliveryDto FromCore(Community.ServiceDelivery value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Agreement, value.Service, value.Date, value.Quantity, value.Beneficiaries, value.Evidence)
        {
            Journal = value.Journal,
        };
    }
}

/// <summary>The obligation status of an agreement as of a date: per month and service, with totals per service.</summary>
/// <param name="Agreement">The agreement id.</param>
/// <param name="Status">The agreement's status.</param>
/// <param name="AsOf">The date.</param>
/// <param name="Months">Every month that started on or before the date, per service.</param>
/// <param name="NextEvaluation">The next evaluation date after <c>AsOf</c> inside the term, if any.</param>
public sealed record ObligationStatusDto(string Agreement, AgreementStatus Status, LocalDate AsOf, ImmutableArray<ObligationLineDto> Months, LocalDate? NextEvaluation)
{
    /// <summary>
    /// Totals per service over the months: owed, delivered, shortfall (sum of monthly shortfalls) and surplus.
    /// </summary>
    public ImmutableArray<ObligationTotalDto> Totals { get; private init; }

    /// <summary>Maps the books' <c>ObligationStatus</c>.</summary>
    public static ObligationStatusDto FromCore(Community.ObligationStatus value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Agreement, value.Status.ToWire(), value.AsOf, [.. value.Months.Select(ObligationLineDto.FromCore)], value.NextEvaluation)
        {
            Totals = [.. value.Totals.Select(ObligationTotalDto.FromCore)],
        };
    }
}

/// <summary>One service in one obligation month: what was owed, what was delivered, and the gap either way.</summary>
/// <param name="From">The month's first day.</param>
/// <param name="To">The month's last day (cut at the agreement's last day).</param>
/// <param name="Service">The service.</param>
/// <param name="Owed">What the month owes (prorated when cut short).</param>
/// <param name="Delivered">What was delivered in the month.</param>
/// <param name="Beneficiaries">Residents reached in the month.</param>
/// <param name="MinimumBeneficiaries">Residents to reach a month, 0 when not agreed.</param>
public sealed record ObligationLineDto(LocalDate From, LocalDate To, string Service, Money Owed, Money Delivered, int Beneficiaries, int MinimumBeneficiaries)
{
    /// <summary>What is still owed for the month: owed − delivered, when positive.</summary>
    public Money Shortfall { get; private init; }

    /// <summary>What was delivered beyond the month's obligation.</summary>
    public Money Surplus { get; private init; }

    /// <summary><c>true</c> when the month's obligation and its residents were met.</summary>
    public bool Met { get; private init; }

    /// <summary>Maps the books' <c>ObligationLine</c>.</summary>
    public static ObligationLineDto FromCore(Community.ObligationLine value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.From, value.To, value.Service, value.Owed, value.Delivered, value.Beneficiaries, value.MinimumBeneficiaries)
        {
            Shortfall = value.Shortfall,
            Surplus = value.Surplus,
            Met = value.Met,
        };
    }
}

/// <summary>One service over all months so far.</summary>
/// <param name="Service">The service.</param>
/// <param name="Owed">Owed in all months.</param>
/// <param name="Delivered">Delivered in all months.</param>
/// <param name="Shortfall">The sum of the monthly shortfalls (a surplus in one month does not make up another's shortfall).</param>
/// <param name="Surplus">The sum of the monthly surpluses.</param>
public sealed record ObligationTotalDto(string Service, Money Owed, Money Delivered, Money Shortfall, Money Surplus)
{
    /// <summary>Maps the books' <c>ObligationTotal</c>.</summary>
    public static ObligationTotalDto FromCore(Community.ObligationTotal value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Service, value.Owed, value.Delivered, value.Shortfall, value.Surplus);
    }
}
