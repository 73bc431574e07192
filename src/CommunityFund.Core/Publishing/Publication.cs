using System.Globalization;
using CommunityFund.Ledger;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Publishing;

/// <summary>A published month: an immutable snapshot of its <see cref="PublicFigures"/>, the chain head the figures were
/// built from, and the hub's signature over both (the checkpoint key). Anyone can check it: the SHA-256 of
/// <see cref="FiguresJson"/> is <see cref="Digest"/>, and <see cref="Signature"/> verifies <see cref="Payload"/> under the
/// hub's public key <see cref="KeyId"/>; an audit against the head (<see cref="Sequence"/>, <see cref="Hash"/>) proves the
/// books the figures came from are the books kept.</summary>
/// <param name="Id">The publication's id (its event's id in the change feed).</param>
/// <param name="Ledger">The ledger.</param>
/// <param name="Period">The month.</param>
/// <param name="Figures">The figures.</param>
/// <param name="FiguresJson">The figures exactly as signed (UTF-8 JSON).</param>
/// <param name="Digest">The SHA-256 of <paramref name="FiguresJson"/>, lower-case hex.</param>
/// <param name="Sequence">The chain head's sequence when published.</param>
/// <param name="Hash">The chain head's hash when published.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="KeyId">The signing key's id.</param>
/// <param name="Signature">The signature over <see cref="Payload"/>, base64.</param>
public sealed record Publication(Guid Id, LedgerId Ledger, YearMonth Period, PublicFigures Figures, string FiguresJson, string Digest, long Sequence, string Hash,
    Instant PublishedAt, string KeyId, string Signature)
{
    /// <summary>The exact text that is signed.</summary>
    public string Payload => PayloadOf(Ledger, Period, Sequence, Hash, Digest, PublishedAt);

    /// <summary>The signed text of a publication.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="period">The month.</param>
    /// <param name="sequence">The head's sequence.</param>
    /// <param name="hash">The head's hash.</param>
    /// <param name="digest">The figures' digest.</param>
    /// <param name="publishedAt">When.</param>
    /// <returns>The text.</returns>
    public static string PayloadOf(LedgerId ledger, YearMonth period, long sequence, string hash, string digest, Instant publishedAt) =>
        string.Create(CultureInfo.InvariantCulture,
            $"communityfund-publication/v1\n{ledger}\n{YearMonthPattern.Iso.Format(period)}\n{sequence}\n{hash}\n{digest}\n{InstantPattern.ExtendedIso.Format(publishedAt)}\n");
}
