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
    /// <exception cref="FormatException">The text is not in the strict form, or has too many decimal places.</exception>
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

        var span = amount.AsSpan();
        var negative = span[0] == '-';
        if (negative)
        {
            span = span[1..];
        }

        var point = span.IndexOf('.');
        var whole = point < 0 ? span : span[..point];
        var fraction = point < 0 ? ReadOnlySpan<char>.Empty : span[(point + 1)..];
        if (whole.IsEmpty || !IsDigits(whole) || (point >= 0 && (fraction.IsEmpty || !IsDigits(fraction))))
        {
            error = $"'{amount}' is not a decimal amount such as \"12.34\" (digits, an optional point, no exponent or grouping).";
            return false;
        }

        if (fraction.Length > currency.DecimalPlaces)
        {
            error = $"'{amount}' has {fraction.Length} decimal place(s); {currency.Code} allows at most {currency.DecimalPlaces}.";
            return false;
        }

        if (whole.Length > 18)
        {
            error = $"'{amount}' is too large.";
            return false;
        }

        try
        {
            var minor = checked(long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture) * currency.MinorUnitsPerMajor);
            if (!fraction.IsEmpty)
            {
                var fractionValue = long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture);
                for (var i = fraction.Length; i < currency.DecimalPlaces; i++)
                {
                    fractionValue *= 10;
                }

                minor = checked(minor + fractionValue);
            }

            money = new Money(negative ? -minor : minor, currency);
            error = null;
            return true;
        }
        catch (OverflowException)
        {
            error = $"'{amount}' is too large.";
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
