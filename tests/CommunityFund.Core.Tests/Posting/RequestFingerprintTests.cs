using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Tests.Posting;

/// <summary>A command's fingerprint is stored with its journals and records, so the bytes it hashes never change.</summary>
public class RequestFingerprintTests
{
    [Fact]
    public void Fingerprint_IsTheSha256OfTheCommandAndEachPartWithItsUtf8Length()
    {
        // Computed independently: SHA-256 of "statement-import\n5:row-1\n1:-\n2:42\n9:12345 CNY\n420000:支付…\n".
        var large = string.Concat(Enumerable.Repeat("支付", 70_000));

        var fingerprint = RequestFingerprint.Of("statement-import", "row-1", null, 42, Money.FromMinorUnits(12_345, Currency.CNY), large);

        Assert.Equal("6aa85a31358700add70438b69a1e75fb91ba1bacd627bad660efc4c4c0ca3296", fingerprint);
    }
}
