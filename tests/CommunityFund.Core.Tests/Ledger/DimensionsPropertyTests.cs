using CommunityFund.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace CommunityFund.Tests.Ledger;

/// <summary><see cref="Dimensions"/> behaves as an ordinal sorted map, whatever order its values are set in: checked
/// against <see cref="SortedDictionary{TKey,TValue}"/> as the reference.</summary>
public class DimensionsPropertyTests
{
    /// <summary>Up to 12 settings of known names (repeats set a name again) to values from a small alphabet, so that
    /// equal and nearly equal sets both turn up. (The cash-flow dimension takes only cash-flow item codes.)</summary>
    private static Arbitrary<(string Name, string Value)[]> Settings { get; } = Arb.From(
        Gen.Zip(Gen.Elements(DimensionNames.All.Remove(DimensionNames.CashFlow).ToArray()), Gen.Elements("a", "b", "paid", "elder-meals", "资金"))
            .ArrayOf().Where(a => a.Length <= 12));

    private static Dimensions Apply((string Name, string Value)[] settings) =>
        settings.Aggregate(Dimensions.Empty, (d, s) => d.With(s.Name, s.Value));

    private static SortedDictionary<string, string> Reference((string Name, string Value)[] settings)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in settings)
        {
            map[name] = value;
        }

        return map;
    }

    [Fact]
    public void Dimensions_HoldTheLastValueSetForEachName_InOrdinalNameOrder() =>
        Prop.ForAll(Settings, settings =>
        {
            var dimensions = Apply(settings);
            var reference = Reference(settings);
            Assert.Equal(reference.ToArray(), dimensions.ToArray());
            Assert.Equal(reference.Count, dimensions.Count);
            Assert.Equal(reference.Keys, dimensions.Keys);
            Assert.Equal(reference.Values, dimensions.Values);
            foreach (var name in DimensionNames.All)
            {
                Assert.Equal(reference.TryGetValue(name, out var expected), dimensions.TryGetValue(name, out var actual));
                Assert.Equal(expected, actual);
                Assert.Equal(reference.ContainsKey(name), dimensions.ContainsKey(name));
            }
        }).Check(Generators.Runs(500));

    [Fact]
    public void Dimensions_AreEqualWithEqualHashes_ExactlyWhenTheirMapsAre() =>
        Prop.ForAll(Settings, Settings, (left, right) =>
        {
            var (a, b) = (Apply(left), Apply(right));
            var same = Reference(left).SequenceEqual(Reference(right));
            Assert.Equal(same, a.Equals(b));
            Assert.Equal(same, b.Equals(a));
            Assert.True(!same || a.GetHashCode() == b.GetHashCode());
            Assert.Equal(a, Dimensions.From(Reference(left).Reverse()));
            Assert.Equal(a.GetHashCode(), Dimensions.From(Reference(left).Reverse()).GetHashCode());
        }).Check(Generators.Runs(500));

    [Fact]
    public void With_LeavesTheDimensionsItWasCalledOnUnchanged()
    {
        var paid = Dimensions.Empty.With(DimensionNames.Tier, "paid");
        var both = paid.With(DimensionNames.Programme, "elder-meals");
        var lowCost = both.With(DimensionNames.Tier, "low-cost");
        Assert.Equal("tier=paid", paid.ToString());
        Assert.Equal("programme=elder-meals,tier=paid", both.ToString());
        Assert.Equal("programme=elder-meals,tier=low-cost", lowCost.ToString());
    }

    [Fact]
    public void Indexer_OfAnAbsentName_ThrowsKeyNotFound() =>
        Assert.Throws<KeyNotFoundException>(() => Dimensions.Empty.With(DimensionNames.Tier, "paid")[DimensionNames.Fund]);
}
