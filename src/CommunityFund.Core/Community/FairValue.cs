namespace CommunityFund.Community;

/// <summary>A fair value with how it was arrived at.</summary>
/// <param name="Amount">The value in CNY.</param>
/// <param name="Basis">The valuation basis (e.g. "market rent of comparable shops, 2026 survey").</param>
/// <param name="Evidence">A reference to the evidence (appraisal number, quotation file), or <c>null</c>.</param>
public sealed record FairValue(Money Amount, string Basis, string? Evidence = null);
