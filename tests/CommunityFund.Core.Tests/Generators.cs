using FsCheck;
using FsCheck.Fluent;

namespace CommunityFund.Tests;

/// <summary>Generators shared by the property tests.</summary>
internal static class Generators
{
    /// <summary>Seeds over the whole <see cref="int"/> range (the default <c>int</c> generator is capped by FsCheck's size
    /// at about ±100, so it repeats a few dozen seeds). A seed does not shrink: a smaller seed is not a simpler case.</summary>
    internal static Arbitrary<int> Seeds { get; } = Arb.From(Gen.Choose(int.MinValue, int.MaxValue));

    /// <summary>Any <see cref="long"/>, its extremes and the neighbourhood of zero included.</summary>
    internal static Gen<long> AnyLong { get; } = Gen.OneOf(
        Gen.Elements(long.MinValue, long.MinValue + 1, -1L, 0L, 1L, long.MaxValue - 1, long.MaxValue),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => (long)i),
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) | unchecked((uint)t.Item2)));

    /// <summary>Any non-negative <see cref="long"/>, <see cref="long.MaxValue"/> included.</summary>
    internal static Gen<long> NonNegativeLong { get; } = AnyLong.Select(l => l == long.MinValue ? long.MaxValue : Math.Abs(l));

    /// <summary>Shrinks a <see cref="long"/> towards zero.</summary>
    internal static IEnumerable<long> ShrinkLong(long value) => ArbMap.Default.ArbFor<long>().Shrinker(value);

    /// <summary>Shrinks an array by removing elements, then by shrinking one element, keeping only candidates that pass.</summary>
    internal static IEnumerable<long[]> ShrinkArray(long[] values, Func<long[], bool> valid)
    {
        for (var i = 0; i < values.Length; i++)
        {
            long[] shorter = [.. values.Take(i), .. values.Skip(i + 1)];
            if (valid(shorter))
            {
                yield return shorter;
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            foreach (var smaller in ShrinkLong(values[i]).Take(8))
            {
                var copy = (long[])values.Clone();
                copy[i] = smaller;
                if (valid(copy))
                {
                    yield return copy;
                }
            }
        }
    }

    /// <summary>QuickCheck that throws on failure, with <paramref name="runs"/> cases.</summary>
    internal static Config Runs(int runs) => Config.QuickThrowOnFailure.WithMaxTest(runs);
}
