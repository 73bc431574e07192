using CommunityFund.Utility;

namespace CommunityFund.Economy;

/// <summary>
/// Splits a stream of amounts in fixed proportions so that every split is exact, every part is within one minor unit
/// of its exact share of that amount, <b>and</b> every party's running total stays within one minor unit of its exact
/// share of the running total — no drift, however many small sales there are.
/// </summary>
/// <remarks>
/// <para>Each party carries what it is still owed (or was overpaid), in units of 1/W of a minor unit where W is the
/// sum of the weights; the carries always sum to zero. For an amount x, party i's exact share is x·wᵢ/W = fᵢ + rᵢ/W.
/// Every party gets fᵢ; the L = x − Σfᵢ leftover units go one each to parties with rᵢ &gt; 0, those owed most first
/// (largest carry + rᵢ; ties to the earlier party). So each part is fᵢ or fᵢ + 1 — within one unit of its exact share
/// — and the new carry is carry + rᵢ − W·(extra).</para>
/// <para>For two or three parties the carries provably stay strictly inside (−W, W), so running totals never drift by a
/// whole minor unit (see docs/adr/0004). With four or more parties no per-amount rule can promise both bounds, which is
/// why distribution policies have at most three parties.</para>
/// </remarks>
public static class CarryForwardAllocator
{
    /// <summary>The most parties for which the no-drift bound is guaranteed.</summary>
    public const int MaxParties = 3;

    /// <summary>Splits <paramref name="amount"/> by <paramref name="weights"/>, taking the carried remainders into account.</summary>
    /// <param name="amount">The amount to split, in minor units, zero or more.</param>
    /// <param name="weights">Positive weights (e.g. basis points), 1 to <see cref="MaxParties"/> of them.</param>
    /// <param name="carry">The carries from the previous split (all zero at the start), one per weight.</param>
    /// <returns>The parts (summing to <paramref name="amount"/>) and the carries to keep for the next split.</returns>
    /// <exception cref="ArgumentException">The inputs break the rules above.</exception>
    public static (long[] Parts, long[] Carry) Allocate(long amount, IReadOnlyList<long> weights, IReadOnlyList<long> carry)
    {
        Preconditions.CheckNotNull(weights);
        Preconditions.CheckNotNull(carry);
        Preconditions.CheckArgument(amount >= 0, nameof(amount), "The amount must not be negative.");
        Preconditions.CheckArgument(weights.Count is > 0 and <= MaxParties, nameof(weights), $"1 to {MaxParties} weights are allowed.");
        Preconditions.CheckArgument(carry.Count == weights.Count, nameof(carry), "One carry per weight is required.");
        Int128 total = 0;
        Int128 carrySum = 0;
        foreach (var w in weights)
        {
            Preconditions.CheckArgument(w >= 0, nameof(weights), "Weights must not be negative.");
            total += w;
        }

        Preconditions.CheckArgument(total > 0, nameof(weights), "At least one weight must be positive.");
        foreach (var c in carry)
        {
            Preconditions.CheckArgument(c > -total && c < total, nameof(carry), "Each carry must be within (−W, W).");
            carrySum += c;
        }

        Preconditions.CheckArgument(carrySum == 0, nameof(carry), "The carries must sum to zero.");
        var n = weights.Count;
        var parts = new long[n];
        var remainders = new Int128[n];
        long assigned = 0;
        for (var i = 0; i < n; i++)
        {
            var exact = (Int128)amount * weights[i];
            parts[i] = (long)(exact / total);
            remainders[i] = exact % total;
            assigned += parts[i];
        }

        var leftover = amount - assigned;
        var order = Enumerable.Range(0, n)
            .Where(i => remainders[i] > 0)
            .OrderByDescending(i => carry[i] + remainders[i])
            .ThenBy(i => i)
            .ToArray();
        var next = new long[n];
        for (var k = 0; k < n; k++)
        {
            next[k] = (long)(carry[k] + remainders[k]);
        }

        for (var k = 0; k < leftover; k++)
        {
            parts[order[k]]++;
            next[order[k]] = (long)(next[order[k]] - total);
        }

        return (parts, next);
    }
}
