using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Publishing;

namespace CommunityFund.Api.Pages.Public;

/// <summary>What the public page shows: the ledger's name, its publications (oldest first), the corrections made to
/// their months since, and the public key that signed the latest.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Name">The ledger's name.</param>
/// <param name="Publications">The publications, by month.</param>
/// <param name="Corrections">The corrections, in sequence order.</param>
/// <param name="PublicKeyPem">The public key that signed the latest publication, or <c>null</c> when unknown.</param>
internal sealed record PublicPageModel(LedgerId Ledger, string Name, ImmutableArray<Publication> Publications, ImmutableArray<MonthCorrection> Corrections, string? PublicKeyPem)
{
    /// <summary>The latest publication.</summary>
    internal Publication Latest => Publications[^1];

    /// <summary>An organisation's name: as the publication recorded it, else its id.</summary>
    internal static string OrganisationName(PublicFigures figures, string id) => figures.Organisations.GetValueOrDefault(id) ?? id;
}
