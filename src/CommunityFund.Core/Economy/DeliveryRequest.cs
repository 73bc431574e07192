using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>Sessions delivered, either of a prepaid sale (revenue recognised) or of the free public-welfare tier.</summary>
/// <param name="Date">The accounting date.</param>
/// <param name="Sessions">How many sessions, at least 1.</param>
public sealed record DeliveryRequest(LocalDate Date, int Sessions)
{
    /// <summary>The prepaid sale delivered against; <c>null</c> for a free-tier delivery.</summary>
    public SaleId? Sale { get; init; }

    /// <summary>For a free-tier delivery: the provider.</summary>
    public EntityId? Provider { get; init; }

    /// <summary>For a free-tier delivery: the package.</summary>
    public string? PackageId { get; init; }

    /// <summary>For a free-tier delivery: how many residents benefited.</summary>
    public int Beneficiaries { get; init; }
}
