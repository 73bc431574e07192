using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Utility;

namespace CommunityFund.Community;

/// <summary>The rules an agreement's terms must keep.</summary>
internal static class AgreementRules
{
    internal const int MaxTermYears = 30;
    internal const int MaxObligations = 20;
    internal const int MaxResources = 20;
    internal const int MaxTextLength = 500;

    internal static void Check(LedgerDefinition ledger, ServiceAgreement agreement, List<PostingError> errors)
    {
        void Fail(string message, string field) => errors.Add(new PostingError(CommunityErrorCodes.AgreementInvalid, message, field));

        if (!Slug.IsValid(agreement.Id))
        {
            Fail($"'{agreement.Id}' is not a valid agreement id: use 1–{Slug.MaxLength} lower-case letters, digits and inner hyphens.", "id");
        }

        var @operator = CheckParties(ledger, agreement, Fail);
        CheckTermAndStatus(agreement, Fail);
        CheckObligations(agreement, Fail);
        switch (agreement.Kind)
        {
            case AgreementKind.NominalLease when agreement.Lease is { } lease && agreement.Swap is null:
                CheckLease(lease, Fail);
                CheckFundShare(lease, @operator, Fail);
                break;
            case AgreementKind.ResourceSwap when agreement.Swap is { } swap && agreement.Lease is null:
                CheckSwap(swap, Fail);
                break;
            default:
                Fail("A nominal lease has lease terms only, a resource swap swap terms only.", agreement.Kind == AgreementKind.ResourceSwap ? "swap" : "lease");
                break;
        }
    }

    /// <summary>The grantor and the operator: two different entities of the ledger, the operator keeping NPO_CN or
    /// SME_CN books.</summary>
    /// <returns>The operator, or <c>null</c> when the ledger has no such entity.</returns>
    private static AccountingEntity? CheckParties(LedgerDefinition ledger, ServiceAgreement agreement, Action<string, string> fail)
    {
        var grantor = agreement.Grantor.Value is null ? null : ledger.FindEntity(agreement.Grantor);
        var @operator = agreement.Operator.Value is null ? null : ledger.FindEntity(agreement.Operator);
        if (grantor is null)
        {
            fail($"Ledger '{ledger.Id}' has no entity '{agreement.Grantor}'.", "grantor");
        }

        if (@operator is null)
        {
            fail($"Ledger '{ledger.Id}' has no entity '{agreement.Operator}'.", "operator");
        }
        else if (@operator.Profile is not (AccountingProfile.NpoCn or AccountingProfile.SmeCn))
        {
            fail($"The operator '{@operator.Id}' keeps {@operator.Profile} books; an operator pays rent and owes services, so it keeps NPO_CN or SME_CN books.", "operator");
        }

        if (grantor is not null && grantor.Id == @operator?.Id)
        {
            fail("The grantor and the operator are different entities.", "operator");
        }

        return @operator;
    }

    /// <summary>The term (at most <see cref="MaxTermYears"/> years), the evaluation interval, and a new agreement's
    /// state: a draft with nothing charged.</summary>
    private static void CheckTermAndStatus(ServiceAgreement agreement, Action<string, string> fail)
    {
        if (agreement.End < agreement.Start)
        {
            fail("The term ends on or after it starts.", "end");
        }
        else if (agreement.End > agreement.Start.PlusYears(MaxTermYears))
        {
            fail($"The term is at most {MaxTermYears} years.", "end");
        }

        if (agreement.EvaluationEveryMonths is < 1 or > 60)
        {
            fail("Evaluations fall every 1 to 60 months.", "evaluationEveryMonths");
        }

        if (agreement.Status != AgreementStatus.Draft || agreement.PeriodsCharged != 0 || agreement.MonthsOpened != 0 || agreement.EndedOn is not null
            || !agreement.UsePosted.IsDefaultOrEmpty || !agreement.SharedMonths.IsDefaultOrEmpty)
        {
            fail("A new agreement starts as a draft with nothing charged.", "status");
        }
    }

    private static void CheckFundShare(LeaseTerms lease, AccountingEntity? leaseOperator, Action<string, string> fail)
    {
        if (!lease.FundShareOnDistributedRevenue)
        {
            return;
        }

        if (lease.FundShareBasisPoints is not > 0)
        {
            fail("Only a lease that promises the fund a revenue share can let that share apply to distributed revenue.", "lease.fundShareOnDistributedRevenue");
        }
        else if (leaseOperator is not null && leaseOperator.Kind != EntityKind.Provider)
        {
            fail($"The operator '{leaseOperator.Id}' is not a provider: only a provider's service-package revenue is distributed, so there is none for the share to apply to as well.",
                "lease.fundShareOnDistributedRevenue");
        }
    }

    private static void CheckObligations(ServiceAgreement agreement, Action<string, string> fail)
    {
        if (agreement.Obligations.IsDefaultOrEmpty || agreement.Obligations.Length > MaxObligations)
        {
            fail($"An agreement owes 1 to {MaxObligations} services to residents.", "obligations");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < agreement.Obligations.Length; i++)
        {
            var obligation = agreement.Obligations[i];
            var field = $"obligations[{i}]";
            if (!IsText(obligation.Service, 100) || !names.Add(obligation.Service))
            {
                fail("Each service has a distinct, non-blank name of at most 100 characters.", $"{field}.service");
            }

            if (!obligation.PerMonth.HasCurrency || (obligation.PerMonth.Currency != Currency.COUNT && obligation.PerMonth.Currency != Currency.HOUR) || !obligation.PerMonth.IsPositive)
            {
                fail("A service is owed in sessions (COUNT) or hours (HOUR), more than zero a month.", $"{field}.perMonth");
            }

            if (obligation.MinimumBeneficiariesPerMonth is < 0 or > 1_000_000)
            {
                fail("The residents to reach a month are between 0 and 1,000,000.", $"{field}.minimumBeneficiariesPerMonth");
            }
        }
    }

    private static void CheckLease(LeaseTerms lease, Action<string, string> fail)
    {
        if (lease.Space is null || !IsText(lease.Space.Name, 200))
        {
            fail("The space has a non-blank name of at most 200 characters.", "lease.space.name");
        }

        if (lease.Space is { } space && (space.AreaSquareMetres <= 0 || space.AreaSquareMetres > 1_000_000 || decimal.Round(space.AreaSquareMetres, 2) != space.AreaSquareMetres))
        {
            fail("The area is more than 0 and at most 1,000,000 m², to the hundredth.", "lease.space.areaSquareMetres");
        }

        if (!IsCny(lease.NominalRent) || !lease.NominalRent.IsPositive)
        {
            fail("The nominal rent is a CNY amount greater than zero (e.g. 1.00).", "lease.nominalRent");
        }

        if (!Enum.IsDefined(lease.Frequency))
        {
            fail("The rent falls due monthly, quarterly or yearly.", "lease.frequency");
        }

        CheckFairValue(lease.FairRent, "lease.fairRent", fail);
        if (lease.FairRent is { } fair && IsCny(fair.Amount) && IsCny(lease.NominalRent) && fair.Amount < lease.NominalRent)
        {
            fail("The fair rent is at least the nominal rent; a lease above market is not a nominal lease.", "lease.fairRent.amount");
        }

        if (lease.FundShareBasisPoints is < 0 or > 10_000)
        {
            fail("The fund's revenue share is between 0 and 10,000 basis points.", "lease.fundShareBasisPoints");
        }
    }

    private static void CheckSwap(SwapTerms swap, Action<string, string> fail)
    {
        if (swap.Resources.IsDefaultOrEmpty || swap.Resources.Length > MaxResources)
        {
            fail($"A swap hands over 1 to {MaxResources} resources.", "swap.resources");
        }
        else
        {
            for (var i = 0; i < swap.Resources.Length; i++)
            {
                var resource = swap.Resources[i];
                if (!Enum.IsDefined(resource.Kind))
                {
                    fail("A resource is a space, venue hours, equipment or publicity.", $"swap.resources[{i}].kind");
                }

                if (!IsText(resource.Description, 200))
                {
                    fail("A resource has a non-blank description of at most 200 characters.", $"swap.resources[{i}].description");
                }

                CheckFairValue(resource.MonthlyValue, $"swap.resources[{i}].monthlyValue", fail);
            }
        }

        CheckFairValue(swap.MonthlyServiceValue, "swap.monthlyServiceValue", fail);
    }

    private static void CheckFairValue(FairValue? value, string field, Action<string, string> fail)
    {
        if (value is null)
        {
            fail("A fair value is given with its basis.", field);
            return;
        }

        if (!IsCny(value.Amount) || !value.Amount.IsPositive)
        {
            fail("A fair value is a CNY amount greater than zero.", $"{field}.amount");
        }

        if (!IsText(value.Basis, MaxTextLength))
        {
            fail($"A fair value names its valuation basis (at most {MaxTextLength} characters).", $"{field}.basis");
        }

        if (value.Evidence is not null && !IsText(value.Evidence, 200))
        {
            fail("The evidence reference is non-blank and at most 200 characters.", $"{field}.evidence");
        }
    }

    internal static bool IsCny(Money money) => money.HasCurrency && money.Currency == Currency.CNY;

    internal static bool IsText(string? text, int maxLength) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= maxLength && !ControlCharacters.In(text);
}
