using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Community;

/// <summary>The stable error codes of agreements, the community fund and their commands.</summary>
public static class CommunityErrorCodes
{
    /// <summary>The agreement's terms break a rule (the message says which).</summary>
    public const string AgreementInvalid = "agreement.invalid";

    /// <summary>A lease's fund revenue share would apply to revenue a distribution policy already shares with the fund,
    /// and the agreement does not say it may (<see cref="LeaseTerms.FundShareOnDistributedRevenue"/>).</summary>
    public const string FundShareOverlapsDistribution = "agreement.fund_share_overlaps_distribution";

    /// <summary>No agreement with this id.</summary>
    public const string AgreementNotFound = "agreement.not_found";

    /// <summary>An agreement with this id already exists.</summary>
    public const string AgreementExists = "agreement.exists";

    /// <summary>The command does not fit the agreement's status (e.g. activating an ended one).</summary>
    public const string AgreementStatusInvalid = "agreement.status_invalid";

    /// <summary>The delivery does not fit the agreement (unknown service, wrong unit, outside the term).</summary>
    public const string DeliveryInvalid = "agreement.delivery_invalid";

    /// <summary>The entity is not a community fund keeping NPO_CN books.</summary>
    public const string NotAFund = "fund.not_a_fund";

    /// <summary>The fund command's data breaks a rule (the message says which).</summary>
    public const string FundInvalid = "fund.invalid";

    /// <summary>A grant exceeds what remains available under its restriction.</summary>
    public const string RestrictionInsufficient = "fund.restriction_insufficient";

    /// <summary>An unrestricted grant (or other spending of the fund's own money) exceeds the cash that is not held
    /// for restrictions or agency.</summary>
    public const string GrantExceedsUnrestricted = "grant.exceeds_unrestricted_funds";

    /// <summary>A sale of donated goods in the charity supermarket names no goods cost while the fund holds donated goods
    /// (1201.01): the goods sold must leave inventory at their carrying value. The figures give the goods held.</summary>
    public const string GoodsCostRequired = "fund.goods_cost_required";

    /// <summary>A goods cost (of goods sold or given away) exceeds the donated goods the fund holds (1201.01). The figures
    /// give the goods held, the cost asked and the shortfall.</summary>
    public const string GoodsExceedStock = "fund.goods_exceed_stock";

    /// <summary>More is passed on to a beneficiary than is held for them.</summary>
    public const string AgencyInsufficient = "fund.agency_insufficient";
}

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

        var grantor = agreement.Grantor.Value is null ? null : ledger.FindEntity(agreement.Grantor);
        var @operator = agreement.Operator.Value is null ? null : ledger.FindEntity(agreement.Operator);
        if (grantor is null)
        {
            Fail($"Ledger '{ledger.Id}' has no entity '{agreement.Grantor}'.", "grantor");
        }

        if (@operator is null)
        {
            Fail($"Ledger '{ledger.Id}' has no entity '{agreement.Operator}'.", "operator");
        }
        else if (@operator.Profile is not (AccountingProfile.NpoCn or AccountingProfile.SmeCn))
        {
            Fail($"The operator '{@operator.Id}' keeps {@operator.Profile} books; an operator pays rent and owes services, so it keeps NPO_CN or SME_CN books.", "operator");
        }

        if (grantor is not null && grantor.Id == @operator?.Id)
        {
            Fail("The grantor and the operator are different entities.", "operator");
        }

        if (agreement.End < agreement.Start)
        {
            Fail("The term ends on or after it starts.", "end");
        }
        else if (agreement.End > agreement.Start.PlusYears(MaxTermYears))
        {
            Fail($"The term is at most {MaxTermYears} years.", "end");
        }

        if (agreement.EvaluationEveryMonths is < 1 or > 60)
        {
            Fail("Evaluations fall every 1 to 60 months.", "evaluationEveryMonths");
        }

        if (agreement.Status != AgreementStatus.Draft || agreement.PeriodsCharged != 0 || agreement.MonthsOpened != 0 || agreement.EndedOn is not null
            || !agreement.UsePosted.IsDefaultOrEmpty || !agreement.SharedMonths.IsDefaultOrEmpty)
        {
            Fail("A new agreement starts as a draft with nothing charged.", "status");
        }

        CheckObligations(agreement, Fail);
        switch (agreement.Kind)
        {
            case AgreementKind.NominalLease when agreement.Lease is { } lease && agreement.Swap is null:
                CheckLease(lease, Fail);
                CheckFundShare(lease, @operator);
                break;
            case AgreementKind.ResourceSwap when agreement.Swap is { } swap && agreement.Lease is null:
                CheckSwap(swap, Fail);
                break;
            default:
                Fail("A nominal lease has lease terms only, a resource swap swap terms only.", agreement.Kind == AgreementKind.ResourceSwap ? "swap" : "lease");
                break;
        }

        void CheckFundShare(LeaseTerms lease, AccountingEntity? leaseOperator)
        {
            if (!lease.FundShareOnDistributedRevenue)
            {
                return;
            }

            if (lease.FundShareBasisPoints is not > 0)
            {
                Fail("Only a lease that promises the fund a revenue share can let that share apply to distributed revenue.", "lease.fundShareOnDistributedRevenue");
            }
            else if (leaseOperator is not null && leaseOperator.Kind != EntityKind.Provider)
            {
                Fail($"The operator '{leaseOperator.Id}' is not a provider: only a provider's service-package revenue is distributed, so there is none for the share to apply to as well.",
                    "lease.fundShareOnDistributedRevenue");
            }
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
        !string.IsNullOrWhiteSpace(text) && text.Length <= maxLength && !text.Any(char.IsControl);
}
