using CommunityFund.Utility;

namespace CommunityFund.Ledger;

/// <summary>
/// The VAT status of a company-form (SME_CN) entity: small-scale (小规模纳税人) with its levy rate and monthly exemption
/// threshold, or general (一般纳税人) with the rate of the services it sells. Immutable; fixed when the entity is added.
/// Prices are VAT-inclusive: a sale of <c>p</c> has the base <c>round(p / (1 + rate))</c> to the fen and the VAT
/// <c>p − base</c> (<see cref="VatOf"/>). Rules and sources: ADR 0022.
/// </summary>
public sealed record VatRegistration
{
    /// <summary>The small-scale levy rate of 财政部 税务总局公告2023年第19号 (3% reduced to 1%, to 2027-12-31): 100 bp.</summary>
    public const int SmallScaleReducedRateBasisPoints = 100;

    /// <summary>The general taxpayers' rate for 现代服务 / 生活服务 (the services the economy sells): 600 bp.</summary>
    public const int GeneralServicesRateBasisPoints = 600;

    /// <summary>The monthly exemption threshold of 2023年第19号 (月销售额10万元以下（含本数）免征): 100,000.00 CNY, in fen.</summary>
    public const long SmallScaleMonthlyThresholdFen = 10_000_000;

    private VatRegistration(TaxpayerKind kind, int rateBasisPoints, Money? threshold)
    {
        Preconditions.CheckArgument(Enum.IsDefined(kind), nameof(kind), $"Unknown taxpayer kind {kind}.");
        Preconditions.CheckArgument(rateBasisPoints is >= 0 and <= 2_000, nameof(rateBasisPoints), "The VAT rate is 0 to 2,000 basis points (0–20%).");
        Preconditions.CheckArgument(threshold is null || (threshold.Value.Currency == Currency.CNY && !threshold.Value.IsNegative),
            nameof(threshold), "The exemption threshold is a CNY amount of zero or more.");
        Kind = kind;
        RateBasisPoints = rateBasisPoints;
        MonthlyExemptionThreshold = threshold;
    }

    /// <summary>A small-scale taxpayer (小规模纳税人).</summary>
    /// <param name="rateBasisPoints">The levy rate in basis points; by default 1% (<see cref="SmallScaleReducedRateBasisPoints"/>).</param>
    /// <param name="monthlyExemptionThreshold">The monthly VAT-exclusive sales up to which (inclusive) the VAT is exempt;
    /// by default 100,000.00.</param>
    /// <returns>The registration.</returns>
    /// <exception cref="ArgumentException">The rate or threshold is out of range.</exception>
    public static VatRegistration SmallScale(int rateBasisPoints = SmallScaleReducedRateBasisPoints, Money? monthlyExemptionThreshold = null) =>
        new(TaxpayerKind.SmallScale, rateBasisPoints, monthlyExemptionThreshold ?? Money.FromMinorUnits(SmallScaleMonthlyThresholdFen, Currency.CNY));

    /// <summary>A general taxpayer (一般纳税人).</summary>
    /// <param name="rateBasisPoints">The rate of its services in basis points; by default 6% (<see cref="GeneralServicesRateBasisPoints"/>).</param>
    /// <returns>The registration.</returns>
    /// <exception cref="ArgumentException">The rate is out of range.</exception>
    public static VatRegistration General(int rateBasisPoints = GeneralServicesRateBasisPoints) => new(TaxpayerKind.General, rateBasisPoints, null);

    /// <summary>Small-scale or general.</summary>
    public TaxpayerKind Kind { get; }

    /// <summary>The rate (general) or levy rate (small-scale) in basis points of the VAT-exclusive price: 100 = 1%.</summary>
    public int RateBasisPoints { get; }

    /// <summary>A small-scale taxpayer's monthly exemption threshold (VAT-exclusive sales, inclusive); <c>null</c> for a
    /// general taxpayer.</summary>
    public Money? MonthlyExemptionThreshold { get; }

    /// <summary>The VAT included in a VAT-inclusive CNY amount: <c>amount − round(amount × 10,000 / (10,000 + rate))</c>,
    /// the base rounded half away from zero to the fen. The base and the VAT sum exactly to the amount.</summary>
    /// <param name="inclusive">The VAT-inclusive amount, in CNY.</param>
    /// <returns>The VAT.</returns>
    public Money VatOf(Money inclusive)
    {
        Preconditions.CheckArgument(inclusive.Currency == Currency.CNY, nameof(inclusive), "VAT is computed on CNY amounts.");
        var fen = (Int128)inclusive.MinorUnits * 10_000;
        var divisor = 10_000 + RateBasisPoints;
        var quotient = Int128.DivRem(Int128.Abs(fen), divisor);
        var baseFen = (long)(quotient.Quotient + (quotient.Remainder * 2 >= divisor ? 1 : 0)) * Math.Sign(inclusive.MinorUnits);
        return Money.FromMinorUnits(inclusive.MinorUnits - baseFen, Currency.CNY);
    }

    /// <summary>The rate as printed, e.g. <c>1%</c> or <c>6%</c>.</summary>
    /// <returns>The text.</returns>
    public string RateText() => $"{RateBasisPoints / 100m:0.##}%";
}
