using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>A transfer of hours or points.</summary>
/// <param name="Entity">The entity that keeps the time bank or points books.</param>
/// <param name="Kind">What happens.</param>
/// <param name="Amount">How much (HOUR or POINT, &gt; 0).</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Memo">What for.</param>
public sealed record MemoTransfer(EntityId Entity, MemoTransferKind Kind, Money Amount, LocalDate Date, string Memo)
{
    /// <summary>The member giving hours or points (redeem, donate, transfer).</summary>
    public string? From { get; init; }

    /// <summary>The member receiving them (award, transfer).</summary>
    public string? To { get; init; }

    /// <summary>For a redemption for goods or services bought with money: the CNY journal of the goods only, posted
    /// in the same batch (hours and points are never converted into CNY lines).</summary>
    public JournalDraft? GoodsJournal { get; init; }
}
