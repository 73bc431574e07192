namespace CommunityFund.Community;

/// <summary>Goods donated in kind, held for sale in the charity supermarket (1201.01).</summary>
/// <param name="Description">What was given.</param>
/// <param name="Basis">How it was valued.</param>
/// <param name="Evidence">The voucher or valuation reference.</param>
public sealed record InKindGoods(string Description, InKindBasis Basis, string Evidence);
