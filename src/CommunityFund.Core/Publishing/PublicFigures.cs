using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using NodaTime;

namespace CommunityFund.Publishing;

/// <summary>The figures of one month that the community publishes (公示): the fund's money in — the 5% levied on each
/// provider organisation, donations, self-financing by activity — and out (grants by project), its restrictions, and
/// the accountability of each lease and swap. Residents are never named; donors only with their consent.</summary>
/// <param name="Fund">The community fund entity.</param>
/// <param name="Period">The month.</param>
/// <param name="FundShares">The fund's share levied on each provider organisation in the month.</param>
/// <param name="Donations">Each donation of the month.</param>
/// <param name="SelfFinancing">Self-financing income by activity (charity supermarket, markets, caring parking…).</param>
/// <param name="Grants">Each grant paid in the month.</param>
/// <param name="Restrictions">Each restriction's received, spent and released amounts at the month's end.</param>
/// <param name="Agreements">Each lease and swap in force during the month.</param>
public sealed record PublicFigures(EntityId Fund, YearMonth Period, ImmutableArray<SourceAmount> FundShares, ImmutableArray<PublicDonation> Donations,
    ImmutableArray<SourceAmount> SelfFinancing, ImmutableArray<PublicGrant> Grants, ImmutableArray<RestrictionBalance> Restrictions, ImmutableArray<PublicAgreement> Agreements)
{
    /// <summary>The month's money through each provider organisation: residents' payments and their split between the
    /// provider, the hub and the fund (the flow the public page draws). Empty in publications made before it was kept.</summary>
    public ImmutableArray<ProviderFlow> ProviderFlows { get; init; } = [];

    /// <summary>The names of the organisations the figures mention (providers, the hub, the fund, operators), by entity
    /// id; residents are never among them. Empty in publications made before it was kept (the page shows the ids).</summary>
    public ImmutableSortedDictionary<string, string> Organisations { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The money that came in: shares, donations and self-financing.</summary>
    public Money TotalIn => FundShares.Select(s => s.Amount).Concat(Donations.Select(d => d.Amount)).Concat(SelfFinancing.Select(s => s.Amount))
        .Aggregate(Money.Zero(Currency.CNY), (sum, amount) => sum + amount);

    /// <summary>The money granted out.</summary>
    public Money TotalGranted => Grants.Aggregate(Money.Zero(Currency.CNY), (sum, g) => sum + g.Amount);
}
