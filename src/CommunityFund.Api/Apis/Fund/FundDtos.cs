using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A donation to the community fund.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY (for goods: their value).</param>
/// <param name="Donor">A pseudonymous donor reference.</param>
/// <param name="Channel">How the money came in (default bank).</param>
/// <param name="Restriction">The purpose the donor restricted it to, if any.</param>
/// <param name="InKind">For goods: what, and how valued.</param>
/// <param name="PublishDonor"><c>true</c> when the donor consents to be named on the public page (anonymous by default).</param>
public sealed record DonationRequest(string Fund, LocalDate Date, Money Amount, string Donor, PaymentChannel Channel = PaymentChannel.Bank, string? Restriction = null, InKindGoodsDto? InKind = null,
    bool PublishDonor = false)
{
    /// <summary>The books' donation receipt.</summary>
    public Community.DonationReceipt ToCore() =>
        new(EntityId.From(Fund), Date, Amount, Donor) { Channel = Channel.ToCore(), Restriction = Restriction, InKind = InKind?.ToCore(), PublishDonor = PublishDonor };
}

/// <summary>Self-financing income of the community fund.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Source">charitySupermarketSale, caringParking, charityMarketBooth, charityMarketSale or spotDonation.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The money received.</param>
/// <param name="Channel">How it came in.</param>
/// <param name="GoodsCost">For sales of donated goods: their carrying value.</param>
/// <param name="Memo">A note.</param>
public sealed record SelfFinancingRequest(string Fund, SelfFinancingSource Source, LocalDate Date, Money Amount, PaymentChannel Channel, Money? GoodsCost = null, string? Memo = null)
{
    /// <summary>The books' self-financing income.</summary>
    public Community.SelfFinancingIncome ToCore() =>
        new(EntityId.From(Fund), Source.ToCore(), Date, Amount, Channel.ToCore()) { GoodsCost = GoodsCost, Memo = Memo };
}

/// <summary>Donated goods given away free.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Cost">The goods' carrying value, at most the donated goods held (1201.01).</param>
/// <param name="Purpose">What was given, to whom (pseudonymously) and why.</param>
/// <param name="Programme">The programme it is charged to (a slug; default the charity supermarket).</param>
public sealed record GoodsGiveawayRequest(string Fund, LocalDate Date, Money Cost, string Purpose, string? Programme = null)
{
    /// <summary>The books' giveaway of donated goods.</summary>
    public Community.GoodsGiveaway ToCore() => new(EntityId.From(Fund), Date, Cost, Purpose) { Programme = Programme };
}

/// <summary>A grant to a community project.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Project">The project slug.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount, paid from the fund's account.</param>
/// <param name="Purpose">What it is for.</param>
/// <param name="Restriction">The restriction it is charged to, if any.</param>
public sealed record GrantRequest(string Fund, string Project, LocalDate Date, Money Amount, string Purpose, string? Restriction = null)
{
    /// <summary>The books' grant award.</summary>
    public Community.GrantAward ToCore() => new(EntityId.From(Fund), Project, Date, Amount, Purpose) { Restriction = Restriction };
}

/// <summary>A gift held as agent for a named beneficiary, received or passed on.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Movement">receive or passOn.</param>
/// <param name="Beneficiary">A pseudonymous beneficiary reference.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY.</param>
/// <param name="Memo">What it is.</param>
public sealed record AgencyGiftRequest(string Fund, AgencyMovement Movement, string Beneficiary, LocalDate Date, Money Amount, string Memo)
{
    /// <summary>The books' agency gift.</summary>
    public Community.AgencyGift ToCore() => new(EntityId.From(Fund), Movement.ToCore(), Beneficiary, Date, Amount, Memo);
}

/// <summary>Goods donated in kind, held for sale in the charity supermarket (1201.01).</summary>
/// <param name="Description">What was given.</param>
/// <param name="Basis">How it was valued.</param>
/// <param name="Evidence">The voucher or valuation reference.</param>
public sealed record InKindGoodsDto(string Description, InKindBasis Basis, string Evidence)
{
    /// <summary>The books' <c>InKindGoods</c>.</summary>
    public Community.InKindGoods ToCore() => new(Description, Basis.ToCore(), Evidence);
}

/// <summary>What the fund holds as agent for one beneficiary.</summary>
/// <param name="Beneficiary">The beneficiary reference.</param>
/// <param name="Held">Assets held for them (1701).</param>
/// <param name="Owed">Liabilities to them (2601); always equal to <c>Held</c>.</param>
public sealed record AgencyBalanceDto(string Beneficiary, Money Held, Money Owed)
{
    /// <summary>Maps the books' <c>AgencyBalance</c>.</summary>
    public static AgencyBalanceDto FromCore(Community.AgencyBalance value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Beneficiary, value.Held, value.Owed);
    }
}

/// <summary>One restriction (named purpose) of an entity's restricted net assets.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Restriction">The restriction's name.</param>
/// <param name="Received">Restricted revenue and opening restricted net assets received under it.</param>
/// <param name="Spent">Spending charged to it (expenses tagged with the restriction).</param>
/// <param name="Released">Released to unrestricted net assets at period closes so far.</param>
public sealed record RestrictionBalanceDto(EntityId Entity, string Restriction, Money Received, Money Spent, Money Released)
{
    /// <summary>What remains available for the purpose: received − spent.</summary>
    public Money Available { get; private init; }

    /// <summary>Maps the books' <c>RestrictionBalance</c>.</summary>
    public static RestrictionBalanceDto FromCore(Reports.RestrictionBalance value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Entity, value.Restriction, value.Received, value.Spent, value.Released)
        {
            Available = value.Available,
        };
    }
}
