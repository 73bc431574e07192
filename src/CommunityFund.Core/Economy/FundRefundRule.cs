namespace CommunityFund.Economy;

/// <summary>What happens to the community fund's share of a refund once that share was settled.</summary>
public enum FundRefundRule
{
    /// <summary>The provider's payable to the fund is reduced; later accruals offset it (default).</summary>
    OffsetAgainstLaterAccruals = 1,

    /// <summary>The fund keeps what it received; the provider absorbs that part of the refund.</summary>
    AbsorbedByProvider = 2,
}
