namespace CommunityFund.Api.Apis;

/// <summary>How an in-kind donation was valued.</summary>
public enum InKindBasis
{
    /// <summary>At the value on the donor's voucher (invoice, agreement).</summary>
    Voucher = 1,

    /// <summary>At fair value (market price, appraisal) when there is no voucher.</summary>
    FairValue = 2,
}

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

/// <summary>Which way an agency gift moves.</summary>
public enum AgencyMovement
{
    /// <summary>The fund receives a gift earmarked for a named beneficiary (Dr 1701 / Cr 2601).</summary>
    Receive = 1,

    /// <summary>The fund passes it on to the beneficiary (Dr 2601 / Cr 1701).</summary>
    PassOn = 2,
}

/// <summary>The wire names of the fund enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Community.InKindBasis, InKindBasis> InKindBasisMap = new(
        (Community.InKindBasis.Voucher, InKindBasis.Voucher),
        (Community.InKindBasis.FairValue, InKindBasis.FairValue));

    /// <summary>The wire name of a <see cref="InKindBasis"/>.</summary>
    public static InKindBasis ToWire(this Community.InKindBasis value) => InKindBasisMap.ToWire(value);

    /// <summary>The books' <c>InKindBasis</c> for a wire name.</summary>
    public static Community.InKindBasis ToCore(this InKindBasis value) => InKindBasisMap.ToCore(value);

    private static readonly WireEnum<Community.SelfFinancingSource, SelfFinancingSource> SelfFinancingSourceMap = new(
        (Community.SelfFinancingSource.CharitySupermarketSale, SelfFinancingSource.CharitySupermarketSale),
        (Community.SelfFinancingSource.CaringParking, SelfFinancingSource.CaringParking),
        (Community.SelfFinancingSource.CharityMarketBooth, SelfFinancingSource.CharityMarketBooth),
        (Community.SelfFinancingSource.CharityMarketSale, SelfFinancingSource.CharityMarketSale),
        (Community.SelfFinancingSource.SpotDonation, SelfFinancingSource.SpotDonation));

    /// <summary>The wire name of a <see cref="SelfFinancingSource"/>.</summary>
    public static SelfFinancingSource ToWire(this Community.SelfFinancingSource value) => SelfFinancingSourceMap.ToWire(value);

    /// <summary>The books' <c>SelfFinancingSource</c> for a wire name.</summary>
    public static Community.SelfFinancingSource ToCore(this SelfFinancingSource value) => SelfFinancingSourceMap.ToCore(value);

    private static readonly WireEnum<Community.AgencyMovement, AgencyMovement> AgencyMovementMap = new(
        (Community.AgencyMovement.Receive, AgencyMovement.Receive),
        (Community.AgencyMovement.PassOn, AgencyMovement.PassOn));

    /// <summary>The wire name of a <see cref="AgencyMovement"/>.</summary>
    public static AgencyMovement ToWire(this Community.AgencyMovement value) => AgencyMovementMap.ToWire(value);

    /// <summary>The books' <c>AgencyMovement</c> for a wire name.</summary>
    public static Community.AgencyMovement ToCore(this AgencyMovement value) => AgencyMovementMap.ToCore(value);
}
