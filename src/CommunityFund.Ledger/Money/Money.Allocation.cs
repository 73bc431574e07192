using CommunityFund.Utility;

namespace CommunityFund;

public readonly partial struct Money
{
    /// <summary>
    /// Splits this amount into parts proportional to <paramref name="weights"/>, in whole minor units, so that the
    /// parts always sum exactly to this amount and each part is within one minor unit of its exact share.
    /// </summary>
    /// <remarks>
    /// <para>Method: largest remainder (Hamilton). Each part first gets the floor of its exact share; the minor units
    /// left over go one each to the parts with the largest remainders. <b>Tie-break:</b> among equal remainders the
    /// part that comes first in <paramref name="weights"/> wins. The result is therefore a pure function of the
    /// amount and the weights.</para>
    /// <para>Zero weights are allowed and always receive zero. Negative weights, an empty list and all-zero weights
    /// are refused. A negative amount is split as the mirror image of its absolute value (every part is the
    /// negation of the corresponding part of <c>Abs()</c>), so a refund splits exactly like the sale it undoes.</para>
    /// <para>Example: 0.15 CNY over 7000/2500/500 gives 0.10 / 0.04 / 0.01.</para>
    /// </remarks>
    /// <param name="weights">Non-negative weights, e.g. basis points 7000, 2500, 500.</param>
    /// <returns>The parts, in the order of the weights.</returns>
    /// <exception cref="ArgumentException">A weight is negative, or no weight is positive.</exception>
    public Money[] Allocate(IReadOnlyList<long> weights)
    {
        Preconditions.CheckNotNull(weights);
        var currency = Currency;
        var parts = LargestRemainder.Allocate(MinorUnits, weights);
        var result = new Money[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            result[i] = new Money(parts[i], currency);
        }

        return result;
    }

    /// <summary>Splits this amount into <paramref name="count"/> parts as equal as possible (earlier parts take the
    /// extra minor units); the parts sum exactly to this amount.</summary>
    /// <param name="count">How many parts; at least 1.</param>
    /// <returns>The parts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public Money[] Split(int count)
    {
        Preconditions.CheckArgumentRange(nameof(count), count, 1, int.MaxValue);
        var weights = new long[count];
        Array.Fill(weights, 1L);
        return Allocate(weights);
    }
}

/// <summary>Largest-remainder apportionment in integer minor units; the arithmetic behind <see cref="Money.Allocate"/>.</summary>
internal static class LargestRemainder
{
    internal static long[] Allocate(long total, IReadOnlyList<long> weights)
    {
        Preconditions.CheckArgument(weights.Count > 0, nameof(weights), "At least one weight is required.");
        Int128 weightSum = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            Preconditions.CheckArgument(weights[i] >= 0, nameof(weights), $"Weight {i} is negative ({weights[i]}); weights must be zero or positive.");
            weightSum += weights[i];
        }

        Preconditions.CheckArgument(weightSum > 0, nameof(weights), "At least one weight must be positive.");

        var negative = total < 0;
        Int128 magnitude = negative ? -(Int128)total : total;
        // Parts are kept in Int128 until the sign is applied: the part of long.MinValue over a single weight is
        // long.MinValue itself, whose magnitude does not fit a long.
        var parts = new Int128[weights.Count];
        var remainders = new Int128[weights.Count];
        Int128 assigned = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var product = magnitude * weights[i];
            var floor = product / weightSum;
            remainders[i] = product % weightSum;
            parts[i] = floor;
            assigned += floor;
        }

        var leftover = (long)(magnitude - assigned);
        if (leftover > 0)
        {
            // Order indices by remainder descending, then by index ascending (the documented tie-break).
            var order = new int[weights.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) =>
            {
                var byRemainder = remainders[b].CompareTo(remainders[a]);
                return byRemainder != 0 ? byRemainder : a.CompareTo(b);
            });
            for (var k = 0; k < leftover; k++)
            {
                parts[order[k]]++;
            }
        }

        var result = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            result[i] = (long)(negative ? -parts[i] : parts[i]);
        }

        return result;
    }
}
