using System.Collections.Immutable;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>The obligation status of an agreement as of a date: per month and service, with totals per service.</summary>
/// <param name="Agreement">The agreement id.</param>
/// <param name="Status">The agreement's status.</param>
/// <param name="AsOf">The date.</param>
/// <param name="Months">Every month that started on or before the date, per service.</param>
/// <param name="NextEvaluation">The next evaluation date after <paramref name="AsOf"/> inside the term, if any.</param>
public sealed record ObligationStatus(string Agreement, AgreementStatus Status, LocalDate AsOf, ImmutableArray<ObligationLine> Months, LocalDate? NextEvaluation)
{
    /// <summary>Totals per service over the months: owed, delivered, shortfall (sum of monthly shortfalls) and surplus.</summary>
    public ImmutableArray<ObligationTotal> Totals =>
    [
        .. Months.GroupBy(m => m.Service, StringComparer.Ordinal).Select(g => new ObligationTotal(
            g.Key,
            Sum(g.Select(m => m.Owed)), Sum(g.Select(m => m.Delivered)), Sum(g.Select(m => m.Shortfall)), Sum(g.Select(m => m.Surplus)))),
    ];

    /// <summary>Computes the status from the agreement's terms and its deliveries.</summary>
    /// <param name="agreement">The agreement.</param>
    /// <param name="deliveries">Its deliveries dated on or before <paramref name="asOf"/>.</param>
    /// <param name="asOf">The date.</param>
    /// <returns>The status.</returns>
    public static ObligationStatus Compute(ServiceAgreement agreement, IReadOnlyCollection<ServiceDelivery> deliveries, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(deliveries);
        var months = agreement.Status == AgreementStatus.Draft ? [] : agreement.ObligationMonths().TakeWhile(m => m.Start <= asOf).ToList();
        var lines = new List<ObligationLine>();
        foreach (var month in months)
        {
            foreach (var obligation in agreement.Obligations)
            {
                var inMonth = deliveries.Where(d => d.Service == obligation.Service && month.Contains(d.Date) && d.Date <= asOf).ToList();
                lines.Add(new ObligationLine(month.Start, month.End, obligation.Service,
                    CommunityAgreements.Owed(obligation, agreement, month),
                    Sum(inMonth.Select(d => d.Quantity), obligation.PerMonth.Currency),
                    inMonth.Sum(d => d.Beneficiaries),
                    obligation.MinimumBeneficiariesPerMonth));
            }
        }

        LocalDate? next = null;
        for (var k = 1; ; k++)
        {
            var evaluation = agreement.Start.PlusMonths(k * agreement.EvaluationEveryMonths);
            if (evaluation > agreement.LastDay)
            {
                break;
            }

            if (evaluation > asOf)
            {
                next = evaluation;
                break;
            }
        }

        return new ObligationStatus(agreement.Id, agreement.Status, asOf, [.. lines], next);
    }

    private static Money Sum(IEnumerable<Money> amounts, Currency? unit = null)
    {
        Money? total = unit is { } u ? Money.Zero(u) : null;
        foreach (var amount in amounts)
        {
            total = total is { } t ? t + amount : amount;
        }

        return total ?? Money.Zero(Currency.COUNT);
    }
}
