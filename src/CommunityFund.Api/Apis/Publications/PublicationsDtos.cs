using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Publishing;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Api.Apis;

/// <summary>A donation on the public page; <c>donor</c> is null (anonymous) unless the donor consented to be named.</summary>
/// <param name="Date">The accounting date.</param>
/// <param name="Donor">The donor's name, or null.</param>
/// <param name="Amount">The amount (negative for a reversal).</param>
/// <param name="Restriction">The restriction it was given under, or null.</param>
public sealed record PublicDonationDto(LocalDate Date, string? Donor, Money Amount, string? Restriction);

/// <summary>A grant paid by the fund.</summary>
/// <param name="Date">The accounting date.</param>
/// <param name="Project">The project.</param>
/// <param name="Purpose">What it is for.</param>
/// <param name="Amount">The amount (negative for a reversal).</param>
public sealed record PublicGrantDto(LocalDate Date, string Project, string Purpose, Money Amount);

/// <summary>A lease or swap in force during the month.</summary>
/// <param name="Id">The agreement.</param>
/// <param name="Kind">nominalLease or resourceSwap.</param>
/// <param name="Operator">The operating organisation.</param>
/// <param name="Resource">The space or resources handed over.</param>
/// <param name="NominalRent">The rent asked per charge period.</param>
/// <param name="FairValueForgone">The fair value given up per month.</param>
/// <param name="Months">Services owed and delivered in the months overlapping the published month.</param>
public sealed record PublicAgreementDto(string Id, AgreementKind Kind, string Operator, string Resource, Money NominalRent, Money FairValueForgone, ImmutableArray<ObligationLineDto> Months);

/// <summary>The month's money through one provider organisation: residents' payments and their split.</summary>
/// <param name="Provider">The provider organisation.</param>
/// <param name="ResidentsPaid">Residents' payments distributed in the month, net of refunds.</param>
/// <param name="Kept">The provider's part.</param>
/// <param name="Hub">The hub's part.</param>
/// <param name="Fund">The fund's part (levied in the month).</param>
public sealed record ProviderFlowDto(string Provider, Money ResidentsPaid, Money Kept, Money Hub, Money Fund);

/// <summary>The published figures of a month.</summary>
/// <param name="Fund">The community fund.</param>
/// <param name="Period">The month (yyyy-MM).</param>
/// <param name="FundShares">The fund's share levied on each provider organisation.</param>
/// <param name="Donations">Each donation.</param>
/// <param name="SelfFinancing">Self-financing by activity.</param>
/// <param name="Grants">Each grant.</param>
/// <param name="Restrictions">Restrictions at the month's end.</param>
/// <param name="Agreements">Leases and swaps.</param>
/// <param name="TotalIn">Shares, donations and self-financing.</param>
/// <param name="TotalGranted">Grants paid.</param>
/// <param name="ProviderFlows">Residents' payments through each provider and their split (empty in publications made before it was kept).</param>
/// <param name="Organisations">The organisations' names by entity id (empty in publications made before they were kept).</param>
public sealed record PublicFiguresDto(string Fund, string Period, ImmutableArray<SourceAmountDto> FundShares, ImmutableArray<PublicDonationDto> Donations, ImmutableArray<SourceAmountDto> SelfFinancing,
    ImmutableArray<PublicGrantDto> Grants, ImmutableArray<RestrictionBalanceDto> Restrictions, ImmutableArray<PublicAgreementDto> Agreements, Money TotalIn, Money TotalGranted,
    ImmutableArray<ProviderFlowDto> ProviderFlows, IReadOnlyDictionary<string, string> Organisations)
{
    /// <summary>Maps the books' figures.</summary>
    public static PublicFiguresDto FromCore(PublicFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(f.Fund.Value, YearMonthPattern.Iso.Format(f.Period), [.. f.FundShares.Select(SourceAmountDto.FromCore)],
            [.. f.Donations.Select(d => new PublicDonationDto(d.Date, d.Donor, d.Amount, d.Restriction))], [.. f.SelfFinancing.Select(SourceAmountDto.FromCore)],
            [.. f.Grants.Select(g => new PublicGrantDto(g.Date, g.Project, g.Purpose, g.Amount))], [.. f.Restrictions.Select(RestrictionBalanceDto.FromCore)],
            [.. f.Agreements.Select(a => new PublicAgreementDto(a.Id, a.Kind.ToWire(), a.Operator.Value, a.Resource, a.NominalRent, a.FairValueForgone, [.. a.Months.Select(ObligationLineDto.FromCore)]))],
            f.TotalIn, f.TotalGranted, [.. f.ProviderFlows.Select(p => new ProviderFlowDto(p.Provider.Value, p.ResidentsPaid, p.Kept, p.Hub, p.Fund))], f.Organisations);
    }
}

/// <summary>A correction of a published month: a journal of the month reversed after publication.</summary>
/// <param name="Sequence">The reversing journal's sequence.</param>
/// <param name="Reversal">The reversing journal.</param>
/// <param name="Reversed">The journal of the month it reverses.</param>
/// <param name="Kind">What the reversed journal recorded.</param>
/// <param name="What">The reversed journal's memo.</param>
/// <param name="Why">The reversal's reason.</param>
/// <param name="RecordedAt">When the reversal was recorded.</param>
/// <param name="Amount">The amount reversed on the fund's books.</param>
public sealed record CorrectionNoteDto(long Sequence, Guid Reversal, Guid Reversed, JournalKind Kind, string What, string Why, Instant RecordedAt, Money Amount);

/// <summary>A published month: the signed snapshot and how to check it, and the corrections since.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Period">The month (yyyy-MM).</param>
/// <param name="Figures">The figures.</param>
/// <param name="FiguresJson">The figures exactly as signed: SHA-256 of its UTF-8 bytes is <c>digest</c>.</param>
/// <param name="Digest">The figures' SHA-256, hex.</param>
/// <param name="Sequence">The chain head's sequence when published.</param>
/// <param name="Hash">The chain head's hash when published.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="KeyId">The hub's signing key (see <c>/checkpoint/keys</c>).</param>
/// <param name="Signature">ECDSA P-256 / SHA-256 over <c>payload</c>, IEEE P1363, base64.</param>
/// <param name="Payload">The exact text signed.</param>
/// <param name="Corrections">Corrections made to the month since (empty when none).</param>
public sealed record PublicationDto(string Ledger, string Period, PublicFiguresDto Figures, string FiguresJson, string Digest, long Sequence, string Hash, Instant PublishedAt,
    string KeyId, string Signature, string Payload, ImmutableArray<CorrectionNoteDto> Corrections)
{
    /// <summary>Maps a publication and its corrections.</summary>
    public static PublicationDto FromCore(Publication p, ImmutableArray<CorrectionNote> corrections)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Ledger.Value, YearMonthPattern.Iso.Format(p.Period), PublicFiguresDto.FromCore(p.Figures), p.FiguresJson, p.Digest, p.Sequence, p.Hash, p.PublishedAt,
            p.KeyId, p.Signature, p.Payload,
            [.. corrections.Select(c => new CorrectionNoteDto(c.Sequence, c.Reversal.Value, c.Reversed.Value, c.Kind.ToWire(), c.What, c.Why, c.RecordedAt, c.Amount))]);
    }
}
