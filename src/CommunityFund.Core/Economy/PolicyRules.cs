using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Economy;

/// <summary>The rules a distribution policy version must meet.</summary>
internal static class PolicyRules
{
    internal static void Check(LedgerDefinition ledger, DistributionPolicy policy, List<PostingError> errors)
    {
        void Fail(string message, string field) => errors.Add(new PostingError(EconomyErrorCodes.PolicyInvalid, message, field));

        if (!EntityId.TryFrom(policy.Id, out _))
        {
            Fail($"'{policy.Id}' is not a valid policy id.", "id");
        }

        if (policy.Version < 1)
        {
            Fail("Versions start at 1.", "version");
        }

        if (!CheckShares(policy, Fail, errors))
        {
            return;
        }

        CheckParty(ledger, policy.Hub, EntityKind.Hub, AccountingProfile.SmeCn, "hub", errors);
        CheckParty(ledger, policy.Fund, EntityKind.CommunityFund, AccountingProfile.NpoCn, "fund", errors);
        if (policy.EffectiveTo is { } to && to < policy.EffectiveFrom)
        {
            Fail("The version ends before it starts.", "effectiveTo");
        }

        if (policy.DistributableTiers.Contains(PricingTier.PublicWelfare) || policy.DistributableTiers.Any(t => !Enum.IsDefined(t)))
        {
            Fail("Only the low-cost and paid tiers have revenue to distribute.", "distributableTiers");
        }

        if (!Enum.IsDefined(policy.Rounding) || !Enum.IsDefined(policy.HubRefund) || !Enum.IsDefined(policy.FundRefund))
        {
            Fail("Unknown rounding or refund rule.", "rounding");
        }

        if (Dimensions.Validate(DimensionNames.Restriction, policy.FundRestriction) is { } problem)
        {
            Fail(problem, "fundRestriction");
        }
    }

    /// <summary>The shares: 2 to <see cref="CarryForwardAllocator.MaxParties"/> distinct parties, the provider among them,
    /// summing to <see cref="DistributionPolicy.TotalBasisPoints"/>.</summary>
    /// <returns><c>false</c> when a share is malformed, after which nothing else is checked.</returns>
    private static bool CheckShares(DistributionPolicy policy, Action<string, string> fail, List<PostingError> errors)
    {
        var shares = policy.Shares.IsDefault ? [] : policy.Shares;
        if (shares.Length is < 2 or > CarryForwardAllocator.MaxParties)
        {
            fail($"A policy has 2 or {CarryForwardAllocator.MaxParties} parties (the no-drift guarantee holds up to {CarryForwardAllocator.MaxParties}).", "shares");
        }

        if (shares.Any(s => s is null || !Enum.IsDefined(s.Party) || s.BasisPoints <= 0))
        {
            fail("Every share names a party and has a positive number of basis points.", "shares");
            return false;
        }

        if (shares.Select(s => s.Party).Distinct().Count() != shares.Length)
        {
            fail("Each party appears once.", "shares");
        }

        if (shares.All(s => s.Party != DistributionParty.Provider))
        {
            fail("The provider is one of the parties.", "shares");
        }

        var total = shares.Sum(s => (long)s.BasisPoints);
        if (total != DistributionPolicy.TotalBasisPoints)
        {
            errors.Add(new PostingError(EconomyErrorCodes.PolicySharesNot10000,
                $"The shares sum to {total} basis points; they must sum to exactly {DistributionPolicy.TotalBasisPoints}.", "shares"));
        }

        return true;
    }

    private static void CheckParty(LedgerDefinition ledger, EntityId id, EntityKind kind, AccountingProfile profile, string field, List<PostingError> errors)
    {
        var entity = id.Value is null ? null : ledger.FindEntity(id);
        if (entity is null || entity.Kind != kind || entity.Profile != profile)
        {
            errors.Add(new PostingError(EconomyErrorCodes.PolicyInvalid, $"'{id}' must be a {kind} entity keeping {profile} books.", field));
        }
    }
}
