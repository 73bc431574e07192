namespace CommunityFund.Community;

/// <summary>One service over all months so far.</summary>
/// <param name="Service">The service.</param>
/// <param name="Owed">Owed in all months.</param>
/// <param name="Delivered">Delivered in all months.</param>
/// <param name="Shortfall">The sum of the monthly shortfalls (a surplus in one month does not make up another's shortfall).</param>
/// <param name="Surplus">The sum of the monthly surpluses.</param>
public sealed record ObligationTotal(string Service, Money Owed, Money Delivered, Money Shortfall, Money Surplus);
