namespace CommunityFund.Tests;

/// <summary>Shrinks a scenario of command steps for FsCheck: first by dropping one step at a time, then by halving one
/// step's amount, so a counterexample ends as the fewest, smallest commands that still fail.</summary>
internal static class ScenarioShrinker
{
    /// <summary>The smaller scenarios to try, the shortest first.</summary>
    /// <param name="steps">The failing scenario.</param>
    /// <param name="amount">A step's amount in fen.</param>
    /// <param name="withAmount">The step with another amount.</param>
    /// <returns>The candidates.</returns>
    internal static IEnumerable<T[]> Shrink<T>(T[] steps, Func<T, long> amount, Func<T, long, T> withAmount)
    {
        for (var i = 0; i < steps.Length; i++)
        {
            yield return [.. steps[..i], .. steps[(i + 1)..]];
        }

        for (var i = 0; i < steps.Length; i++)
        {
            if (amount(steps[i]) > 1)
            {
                var smaller = steps.ToArray();
                smaller[i] = withAmount(steps[i], amount(steps[i]) / 2);
                yield return smaller;
            }
        }
    }
}
