using CommunityFund.Audit;
using FsCheck;
using FsCheck.Fluent;

namespace CommunityFund.Tests.Reports;

/// <summary>The audit compares the journals with the sale records sale by sale without holding anything per sale: each
/// side sums its amounts weighted by a keyed hash of the sale. Equal per-sale totals always agree; different ones do not.</summary>
public class SaleFingerprintTests
{
    private static readonly Guid[] Sales = [.. Enumerable.Range(1, 8).Select(i => new Guid(i, 0, 0, [0, 0, 0, 0, 0, 0, 0, (byte)i]))];

    /// <summary>Amounts of the eight sales, split into parts of any sign, in any order.</summary>
    private static readonly Arbitrary<(int Sale, long Amount)[]> Entries =
        (from sale in Gen.Choose(0, Sales.Length - 1)
         from amount in Gen.Choose(-1_000_000, 1_000_000).Select(a => (long)a * 1_000)
         select (sale, amount)).ArrayOf().ToArbitrary();

    [Fact]
    public void SipHash_GivesTheReferenceVector_ForSixteenBytesUnderTheReferenceKey()
    {
        byte[] message = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

        var hash = SipHash.Of16(message, 0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL);

        Assert.Equal(0x3f2acc7f57c29bdbUL, hash);
    }

    [Fact]
    public void SameTotalsPerSale_Agree_HoweverEachSideSplitsAndOrdersThem() =>
        Prop.ForAll(Entries, Entries, (left, right) =>
        {
            var fingerprint = new SaleFingerprint();
            foreach (var (sale, amount) in left)
            {
                fingerprint.AddLeft(Sales[sale], amount);
            }

            // The right side: the same per-sale totals, as one amount a sale in another order, plus parts that cancel.
            foreach (var group in left.GroupBy(e => e.Sale).Reverse())
            {
                fingerprint.AddRight(Sales[group.Key], group.Sum(e => e.Amount));
            }

            foreach (var (sale, amount) in right)
            {
                fingerprint.AddRight(Sales[sale], amount);
                fingerprint.AddRight(Sales[sale], -amount);
            }

            Assert.True(fingerprint.Agrees);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void AnAmountMovedFromOneSaleToAnother_Disagrees_ThoughTheTotalsAreEqual() =>
        Prop.ForAll(Entries, Gen.Choose(1, 1_000_000_000).ToArbitrary(), (entries, moved) =>
        {
            var fingerprint = new SaleFingerprint();
            foreach (var (sale, amount) in entries)
            {
                fingerprint.AddLeft(Sales[sale], amount);
                fingerprint.AddRight(Sales[sale], amount);
            }

            fingerprint.AddRight(Sales[0], -moved);
            fingerprint.AddRight(Sales[1], moved);

            Assert.Equal(fingerprint.LeftTotal, fingerprint.RightTotal);
            Assert.False(fingerprint.Agrees);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void AnAmountOnOneSideOnly_Disagrees() =>
        Prop.ForAll(Gen.Choose(0, Sales.Length - 1).ToArbitrary(), Gen.Choose(1, int.MaxValue).ToArbitrary(), (sale, amount) =>
        {
            var fingerprint = new SaleFingerprint();

            fingerprint.AddLeft(Sales[sale], amount);

            Assert.False(fingerprint.Agrees);
        }).QuickCheckThrowOnFailure();
}
