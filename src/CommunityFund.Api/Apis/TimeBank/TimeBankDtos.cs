using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A transfer of time-bank hours or points.</summary>
/// <param name="Entity">The entity keeping the time bank or points books.</param>
/// <param name="Kind">award, redeem, donate or transfer.</param>
/// <param name="Amount">The amount in HOUR (time bank) or POINT (points).</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Memo">What for.</param>
/// <param name="From">The giving member (redeem, donate, transfer).</param>
/// <param name="To">The receiving member (award, transfer).</param>
public sealed record MemoTransferRequest(string Entity, MemoTransferKind Kind, Money Amount, LocalDate Date, string Memo, string? From = null, string? To = null)
{
    /// <summary>The books' transfer.</summary>
    public Community.MemoTransfer ToCore() => new(EntityId.From(Entity), Kind.ToCore(), Amount, Date, Memo) { From = From, To = To };
}

/// <summary>A member's holdings.</summary>
/// <param name="Member">The member reference.</param>
/// <param name="Hours">Time-bank hours.</param>
/// <param name="Points">Points.</param>
public sealed record MemberBalanceDto(string Member, Money Hours, Money Points);
