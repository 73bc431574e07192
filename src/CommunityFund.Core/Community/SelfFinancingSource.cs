namespace CommunityFund.Community;

/// <summary>Where self-financing income comes from (自我造血).</summary>
public enum SelfFinancingSource
{
    /// <summary>Sales of donated goods in the charity supermarket (公益超市), 4501.</summary>
    CharitySupermarketSale = 1,

    /// <summary>Fees of the caring parking lot (爱心停车场), 4301.</summary>
    CaringParking = 2,

    /// <summary>Booth fees at the charity market (公益市集), 4301.</summary>
    CharityMarketBooth = 3,

    /// <summary>Sales at the charity market, 4501.</summary>
    CharityMarketSale = 4,

    /// <summary>Spot donations at a charity event, 4101.</summary>
    SpotDonation = 5,
}
