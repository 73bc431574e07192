using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Reports;

/// <summary>A chain head published and signed by the hub: anyone holding it and the hub's public key can later prove
/// the books still extend it (the audit in CommunityFund.Core checks it).</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Sequence">The head's sequence.</param>
/// <param name="Hash">The head's hash.</param>
/// <param name="SignedAt">When it was signed.</param>
/// <param name="KeyId">The signing key's id (the first 16 hex digits of the SHA-256 of its public key).</param>
/// <param name="Signature">The ECDSA P-256 / SHA-256 signature of <see cref="Payload"/>, base64.</param>
public sealed record SignedCheckpoint(LedgerId Ledger, long Sequence, string Hash, Instant SignedAt, string KeyId, string Signature)
{
    /// <summary>The exact text that is signed.</summary>
    public string Payload => PayloadOf(Ledger, Sequence, Hash, SignedAt);

    /// <summary>The checkpoint without its signature.</summary>
    public ChainCheckpoint Checkpoint => new(Sequence, Hash);

    internal static string PayloadOf(LedgerId ledger, long sequence, string hash, Instant signedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"communityfund-checkpoint/v1\n{ledger}\n{sequence}\n{hash}\n{InstantPattern.ExtendedIso.Format(signedAt)}\n");
}
