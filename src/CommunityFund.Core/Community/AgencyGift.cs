using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>A gift the fund holds as agent for a named beneficiary (受托代理): never revenue.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Movement">Received or passed on.</param>
/// <param name="Beneficiary">A pseudonymous beneficiary reference.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY.</param>
/// <param name="Memo">What it is (e.g. "winter clothes from the Li family").</param>
public sealed record AgencyGift(EntityId Fund, AgencyMovement Movement, string Beneficiary, LocalDate Date, Money Amount, string Memo);
