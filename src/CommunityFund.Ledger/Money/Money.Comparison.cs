namespace CommunityFund;

public readonly partial struct Money
{
    /// <summary>Equal when both the minor units and the unit are equal; amounts in different units are never equal.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns><c>true</c> when equal.</returns>
    public bool Equals(Money other) => MinorUnits == other.MinorUnits && _currency == other._currency;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MinorUnits, _currency);

    /// <summary>Orders amounts of the same unit by value.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns>Negative, zero or positive as this amount is less than, equal to or greater than <paramref name="other"/>.</returns>
    /// <exception cref="ArgumentException">The units differ: amounts in different units have no order.</exception>
    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return MinorUnits.CompareTo(other.MinorUnits);
    }

    /// <summary>Equality; see <see cref="Equals(Money)"/>.</summary>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Inequality; see <see cref="Equals(Money)"/>.</summary>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Less than, within one unit; throws across units.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Less than or equal, within one unit; throws across units.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than, within one unit; throws across units.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Greater than or equal, within one unit; throws across units.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;
}
