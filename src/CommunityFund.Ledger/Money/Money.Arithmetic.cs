namespace CommunityFund;

public readonly partial struct Money
{
    /// <summary>Adds an amount in the same unit.</summary>
    /// <param name="other">The amount to add.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="ArgumentException">The units differ.</exception>
    /// <exception cref="OverflowException">The sum overflows.</exception>
    public Money Plus(Money other)
    {
        var currency = SameCurrency(this, other);
        return new Money(checked(MinorUnits + other.MinorUnits), currency);
    }

    /// <summary>Subtracts an amount in the same unit.</summary>
    /// <param name="other">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="ArgumentException">The units differ.</exception>
    /// <exception cref="OverflowException">The difference overflows.</exception>
    public Money Minus(Money other)
    {
        var currency = SameCurrency(this, other);
        return new Money(checked(MinorUnits - other.MinorUnits), currency);
    }

    /// <summary>Multiplies by a whole quantity (e.g. a unit price times the number of packages sold).</summary>
    /// <param name="quantity">The quantity.</param>
    /// <returns>The product.</returns>
    /// <exception cref="OverflowException">The product overflows.</exception>
    public Money Times(long quantity) => new(checked(MinorUnits * quantity), Currency);

    /// <summary>The same amount with the opposite sign.</summary>
    /// <returns>The negated amount.</returns>
    public Money Negate() => new(checked(-MinorUnits), Currency);

    /// <summary>The absolute value.</summary>
    /// <returns>The amount without sign.</returns>
    public Money Abs() => MinorUnits < 0 ? Negate() : new(MinorUnits, Currency);

    /// <summary>Adds two amounts in the same unit; the named twin is <see cref="Plus"/>.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    public static Money operator +(Money left, Money right) => left.Plus(right);

    /// <summary>Subtracts two amounts in the same unit; the named twin is <see cref="Minus"/>.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    public static Money operator -(Money left, Money right) => left.Minus(right);

    /// <summary>Negates an amount; the named twin is <see cref="Negate"/>.</summary>
    /// <param name="money">The amount.</param>
    /// <returns>The negated amount.</returns>
    public static Money operator -(Money money) => money.Negate();

    /// <summary>Multiplies by a whole quantity; the named twin is <see cref="Times"/>.</summary>
    /// <param name="money">The amount.</param>
    /// <param name="quantity">The quantity.</param>
    /// <returns>The product.</returns>
    public static Money operator *(Money money, long quantity) => money.Times(quantity);

    private static Currency SameCurrency(Money left, Money right)
    {
        var currency = left.Currency;
        if (currency != right.Currency)
        {
            throw new ArgumentException($"Cannot combine {currency.Code} with {right.Currency.Code}: amounts in different units never mix.");
        }

        return currency;
    }
}
