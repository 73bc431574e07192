using System.Text.Json.Serialization;
using CommunityFund.Utility;

namespace CommunityFund;

/// <summary>
/// An exact amount in one <see cref="Currency"/>: a whole number of minor units (fen for CNY) and its unit.
/// The minor units are the single truth; <see cref="decimal"/> appears only at the edges.
/// </summary>
/// <remarks>
/// <para>Values are immutable. Arithmetic and ordering between different units throw
/// <see cref="ArgumentException"/>, because mixing them is almost always a bug; equality across units is simply
/// <c>false</c>. All arithmetic is checked: an overflow throws <see cref="OverflowException"/>.</para>
/// <para>The default value has no unit: every member except <see cref="MinorUnits"/>, equality and
/// <see cref="ToString"/> throws <see cref="InvalidOperationException"/> on it. Use a factory.</para>
/// <para>There is deliberately no <c>double</c> anywhere, no <c>Money + decimal</c>, no unit taken from the
/// current culture and no hidden rounding: <see cref="FromDecimal"/> refuses excess digits; rounding happens only in
/// <see cref="Round"/>, which names its rule.</para>
/// </remarks>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly partial struct Money : IEquatable<Money>, IComparable<Money>
{
    private readonly Currency? _currency;

    private Money(long minorUnits, Currency currency)
    {
        MinorUnits = minorUnits;
        _currency = currency;
    }

    /// <summary>The amount in minor units (fen for CNY, hundredths of an hour for HOUR).</summary>
    public long MinorUnits { get; }

    /// <summary>The unit of this amount.</summary>
    /// <exception cref="InvalidOperationException">This is the default value, which has no unit.</exception>
    public Currency Currency => _currency ?? throw new InvalidOperationException("default(Money) has no currency; create Money with a factory.");

    /// <summary><c>false</c> only for the default value, which has no unit.</summary>
    public bool HasCurrency => _currency is not null;

    /// <summary><c>true</c> when the amount is zero.</summary>
    public bool IsZero => MinorUnits == 0;

    /// <summary><c>true</c> when the amount is greater than zero.</summary>
    public bool IsPositive => MinorUnits > 0;

    /// <summary><c>true</c> when the amount is less than zero.</summary>
    public bool IsNegative => MinorUnits < 0;

    /// <summary>Zero in the given unit.</summary>
    /// <param name="currency">The unit.</param>
    /// <returns>A zero amount.</returns>
    public static Money Zero(Currency currency) => new(0, Preconditions.CheckNotNull(currency));

    /// <summary>Creates an amount from minor units (e.g. 1234 fen is 12.34 CNY).</summary>
    /// <param name="minorUnits">The amount in minor units.</param>
    /// <param name="currency">The unit.</param>
    /// <returns>The amount.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="currency"/> is null.</exception>
    public static Money FromMinorUnits(long minorUnits, Currency currency) => new(minorUnits, Preconditions.CheckNotNull(currency));

    /// <summary>
    /// Creates an amount from a decimal that is exact in the unit: <c>12.34</c> CNY is accepted, <c>12.345</c> CNY is
    /// refused. Trailing zeros beyond the unit's places are harmless (<c>12.3400</c> is 12.34).
    /// </summary>
    /// <param name="amount">The amount in major units.</param>
    /// <param name="currency">The unit.</param>
    /// <returns>The amount.</returns>
    /// <exception cref="ArgumentException">The amount has more significant decimal places than the unit allows.</exception>
    /// <exception cref="OverflowException">The amount does not fit in a 64-bit count of minor units.</exception>
    public static Money FromDecimal(decimal amount, Currency currency)
    {
        Preconditions.CheckNotNull(currency);
        var scaled = amount * currency.MinorUnitsPerMajor;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException(
                $"{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} has more than {currency.DecimalPlaces} decimal place(s), the precision of {currency.Code}; round it explicitly with Money.Round.",
                nameof(amount));
        }

        return new Money(decimal.ToInt64(scaled), currency);
    }

    /// <summary>
    /// The one explicit rounding entry point: rounds a decimal to the unit's precision with the named rule.
    /// </summary>
    /// <param name="amount">The amount in major units, possibly with more digits than the unit allows.</param>
    /// <param name="currency">The unit.</param>
    /// <param name="rule">How to round; <see cref="MidpointRounding.ToEven"/> (banker's) and
    /// <see cref="MidpointRounding.AwayFromZero"/> (四舍五入) are the usual choices.</param>
    /// <returns>The rounded amount.</returns>
    /// <exception cref="OverflowException">The amount does not fit in a 64-bit count of minor units.</exception>
    public static Money Round(decimal amount, Currency currency, MidpointRounding rule)
    {
        Preconditions.CheckNotNull(currency);
        var rounded = Math.Round(amount, currency.DecimalPlaces, rule);
        return FromDecimal(rounded, currency);
    }

    /// <summary>The amount in major units as an exact decimal (1234 fen is <c>12.34m</c>).</summary>
    /// <returns>The decimal amount.</returns>
    public decimal ToDecimal() => (decimal)MinorUnits / Currency.MinorUnitsPerMajor;

    /// <summary>The amount in minor units; the same as <see cref="MinorUnits"/>.</summary>
    /// <returns>The minor units.</returns>
    public long ToMinorUnits() => MinorUnits;
}
