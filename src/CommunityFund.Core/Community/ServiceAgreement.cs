using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

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
