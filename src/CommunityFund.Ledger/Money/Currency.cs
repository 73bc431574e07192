using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using CommunityFund.Utility;

namespace CommunityFund;

/// <summary>
/// A unit in which amounts are kept: the monetary currency <see cref="CNY"/>, or one of the memo units
/// <see cref="HOUR"/>, <see cref="POINT"/> and <see cref="COUNT"/> that never mix with money.
/// </summary>
/// <remarks>
/// <para>The set of units is closed: instances are singletons obtained from the static members or from
/// <see cref="FromCode"/>, which refuses unknown codes. Equality is by code; there is no ordering between units.</para>
/// <para>The code is the machine form used in JSON, storage and exports (<c>CNY</c>, never the ambiguous <c>¥</c>);
/// it never depends on the current culture.</para>
/// </remarks>
[JsonConverter(typeof(CurrencyJsonConverter))]
public sealed class Currency : IEquatable<Currency>
{
    /// <summary>Renminbi, kept in fen: two decimal places.</summary>
    public static readonly Currency CNY = new("CNY", 2, isMonetary: true, "人民币", "Chinese yuan");

    /// <summary>Time-bank and service hours, kept to the hundredth of an hour. A memo unit.</summary>
    public static readonly Currency HOUR = new("HOUR", 2, isMonetary: false, "小时", "Hour");

    /// <summary>Points of a community points system, whole points only. A memo unit.</summary>
    public static readonly Currency POINT = new("POINT", 0, isMonetary: false, "积分", "Point");

    /// <summary>Counts such as sessions owed or delivered, whole numbers only. A memo unit.</summary>
    public static readonly Currency COUNT = new("COUNT", 0, isMonetary: false, "次", "Count");

    /// <summary>Every known unit, in a fixed order: CNY, HOUR, POINT, COUNT.</summary>
    public static IReadOnlyList<Currency> All { get; } = [CNY, HOUR, POINT, COUNT];

    private Currency(string code, int decimalPlaces, bool isMonetary, string nameZh, string nameEn)
    {
        Code = code;
        DecimalPlaces = decimalPlaces;
        IsMonetary = isMonetary;
        NameZh = nameZh;
        NameEn = nameEn;
        MinorUnitsPerMajor = (long)Math.Pow(10, decimalPlaces);
    }

    /// <summary>The unit's code, e.g. <c>CNY</c> or <c>HOUR</c>.</summary>
    public string Code { get; }

    /// <summary>How many decimal places an amount in this unit may have (2 for CNY: fen).</summary>
    public int DecimalPlaces { get; }

    /// <summary>How many minor units make one major unit (100 for CNY).</summary>
    public long MinorUnitsPerMajor { get; }

    /// <summary><c>true</c> for money (CNY); <c>false</c> for memo units kept outside the monetary trial balance.</summary>
    public bool IsMonetary { get; }

    /// <summary>The Chinese name of the unit.</summary>
    public string NameZh { get; }

    /// <summary>The English name of the unit.</summary>
    public string NameEn { get; }

    /// <summary>Finds a unit by its code (ordinal, case-sensitive).</summary>
    /// <param name="code">A code such as <c>CNY</c>.</param>
    /// <returns>The unit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException">No unit has that code.</exception>
    public static Currency FromCode(string code)
    {
        Preconditions.CheckNotNull(code);
        return TryFromCode(code, out var currency)
            ? currency
            : throw new ArgumentException($"Unknown currency or unit '{code}'; known: {string.Join(", ", All.Select(c => c.Code))}.", nameof(code));
    }

    /// <summary>Finds a unit by its code without throwing.</summary>
    /// <param name="code">A code such as <c>CNY</c>; null finds nothing.</param>
    /// <param name="currency">The unit, when found.</param>
    /// <returns><c>true</c> when a unit has that code.</returns>
    public static bool TryFromCode(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Code, code, StringComparison.Ordinal))
            {
                currency = candidate;
                return true;
            }
        }

        currency = null;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(Currency? other) => other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Currency);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    /// <summary>Returns the code.</summary>
    public override string ToString() => Code;

    /// <summary>Equality by code.</summary>
    public static bool operator ==(Currency? left, Currency? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by code.</summary>
    public static bool operator !=(Currency? left, Currency? right) => !(left == right);
}
