using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CommunityFund.Utility;

namespace CommunityFund;

public readonly partial struct Money
{
    /// <summary>
    /// The amount in major units with exactly the unit's decimal places, invariant culture, no grouping:
    /// <c>12.34</c>, <c>-0.05</c>, <c>3</c> for POINT. This is the form used in JSON and exports.
    /// </summary>
    /// <returns>The amount text, without the unit.</returns>
    public string ToAmountString()
    {
        var currency = Currency;
        return ToDecimal().ToString("F" + currency.DecimalPlaces.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>The amount and unit code, e.g. <c>12.34 CNY</c>; the default value prints as <c>0 (no currency)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _currency is null ? "0 (no currency)" : $"{ToAmountString()} {_currency.Code}";

    /// <summary>
    /// Parses the strict machine form of an amount: an optional minus sign, digits, and optionally a point followed by
    /// at most the unit's decimal places. No exponent, no grouping, no plus sign, no surrounding spaces, invariant
    /// culture.
    /// </summary>
    /// <param name="amount">The text, e.g. <c>12.34</c>.</param>
    /// <param name="currency">The unit.</param>
    /// <returns>The amount.</returns>
    /// <exception cref="FormatException">The text is not in the strict form, has too many decimal places, or does not fit
    /// in a 64-bit count of minor units.</exception>
    public static Money Parse(string amount, Currency currency)
    {
        Preconditions.CheckNotNull(amount);
        Preconditions.CheckNotNull(currency);
        return TryParse(amount, currency, out var money, out var error) ? money : throw new FormatException(error);
    }

    /// <summary>Parses like <see cref="Parse"/> without throwing.</summary>
    /// <param name="amount">The text.</param>
    /// <param name="currency">The unit.</param>
    /// <param name="money">The amount, when parsed.</param>
    /// <param name="error">Why parsing failed, when it did.</param>
    /// <returns><c>true</c> when parsed.</returns>
    public static bool TryParse(string? amount, Currency currency, out Money money, [NotNullWhen(false)] out string? error)
    {
        Preconditions.CheckNotNull(currency);
        money = default;
        if (string.IsNullOrEmpty(amount))
        {
            error = "The amount is empty.";
            return false;
        }

        error = SplitAmount(amount, currency, out var negative, out var whole, out var fraction);
        if (error is not null)
        {
            return false;
        }

        if (!TryCountMinorUnits(negative, whole, fraction, currency.DecimalPlaces, out var minor))
        {
            error = $"'{amount}' is too large.";
            return false;
        }

        money = new Money(minor, currency);
        return true;
    }

    /// <summary>Splits the strict form into its sign, whole digits and fraction digits.</summary>
    /// <returns>Why the text is not in the strict form for the unit, or <c>null</c> when it is.</returns>
    private static string? SplitAmount(string amount, Currency currency, out bool negative, out ReadOnlySpan<char> whole, out ReadOnlySpan<char> fraction)
    {
        var span = amount.AsSpan();
        negative = span[0] == '-';
        if (negative)
        {
            span = span[1..];
        }

        var point = span.IndexOf('.');
        whole = point < 0 ? span : span[..point];
        fraction = point < 0 ? ReadOnlySpan<char>.Empty : span[(point + 1)..];
        if (whole.IsEmpty || !IsDigits(whole) || (point >= 0 && (fraction.IsEmpty || !IsDigits(fraction))))
        {
            return $"'{amount}' is not a decimal amount such as \"12.34\" (digits, an optional point, no exponent or grouping).";
        }

        return fraction.Length > currency.DecimalPlaces
            ? $"'{amount}' has {fraction.Length} decimal place(s); {currency.Code} allows at most {currency.DecimalPlaces}."
            : null;
    }

    /// <summary>
    /// The minor units the digits stand for, the fraction padded to the unit's places. The count is kept negative while
    /// it is built, because the negative range of <see cref="long"/> is one larger: <see cref="long.MinValue"/> has no
    /// positive counterpart, yet <see cref="ToAmountString"/> prints it.
    /// </summary>
    /// <returns><c>false</c> when the amount does not fit in a <see cref="long"/> count of minor units.</returns>
    private static bool TryCountMinorUnits(bool negative, ReadOnlySpan<char> whole, ReadOnlySpan<char> fraction, int decimalPlaces, out long minorUnits)
    {
        minorUnits = 0;
        try
        {
            var negated = 0L;
            foreach (var digit in whole)
            {
                negated = checked((negated * 10) - (digit - '0'));
            }

            for (var i = 0; i < decimalPlaces; i++)
            {
                negated = checked((negated * 10) - (i < fraction.Length ? fraction[i] - '0' : 0));
            }

            minorUnits = negative ? negated : checked(-negated);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
