using System.Security.Cryptography;

namespace CommunityFund.Audit;

/// <summary>
/// Whether two sides agree sale by sale, in constant memory: each side adds, for every amount it holds for a sale, the
/// amount times a keyed pseudo-random weight of the sale, modulo the prime 2⁶¹ − 1, under two independent keys drawn
/// for this audit (ADR 0029). Equal per-sale totals give equal sums; if any sale's totals differ, the sums are equal only
/// with probability about 2⁻¹²² (the difference is a non-zero linear form in weights no one could predict), so a sum that
/// agrees says every sale agrees, and one that does not sends the audit to the exact, per-sale comparison that names
/// the sales. The plain totals are kept as well, so a difference in the whole is never a matter of chance.
/// </summary>
internal sealed class SaleFingerprint
{
    private const ulong Prime = (1UL << 61) - 1;
    private readonly ulong[] _keys = new ulong[4];
    private readonly ulong[] _left = new ulong[2];
    private readonly ulong[] _right = new ulong[2];

    /// <summary>A fingerprint under fresh random keys.</summary>
    internal SaleFingerprint()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 4; i++)
        {
            _keys[i] = BitConverter.ToUInt64(random[(i * 8)..]);
        }
    }

    /// <summary>The plain sum of the left side's amounts.</summary>
    internal long LeftTotal { get; private set; }

    /// <summary>The plain sum of the right side's amounts.</summary>
    internal long RightTotal { get; private set; }

    /// <summary>Whether both sides hold the same total for every sale (see the class's remarks for the odds).</summary>
    internal bool Agrees => LeftTotal == RightTotal && _left[0] == _right[0] && _left[1] == _right[1];

    /// <summary>Adds an amount of a sale to the left side (e.g. what the journals say).</summary>
    internal void AddLeft(Guid sale, long amount)
    {
        LeftTotal = checked(LeftTotal + amount);
        Add(_left, sale, amount);
    }

    /// <summary>Adds an amount of a sale to the right side (e.g. what the records say).</summary>
    internal void AddRight(Guid sale, long amount)
    {
        RightTotal = checked(RightTotal + amount);
        Add(_right, sale, amount);
    }

    private void Add(ulong[] sums, Guid sale, long amount)
    {
        if (amount == 0)
        {
            return;
        }

        var value = Residue(amount);
        for (var k = 0; k < 2; k++)
        {
            var weight = SipHash.Of(sale, _keys[2 * k], _keys[(2 * k) + 1]) % Prime;
            sums[k] = (ulong)((sums[k] + ((UInt128)weight * value % Prime)) % Prime);
        }
    }

    /// <summary>The amount as a residue modulo the prime (a negative amount as its additive inverse).</summary>
    private static ulong Residue(long amount) => amount >= 0 ? (ulong)amount % Prime : (Prime - ((ulong)(-(amount + 1)) % Prime) - 1) % Prime;
}
