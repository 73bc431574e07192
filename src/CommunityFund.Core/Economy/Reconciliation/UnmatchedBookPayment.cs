namespace CommunityFund.Economy;

/// <summary>A sale or refund of the books no statement row matched.</summary>
/// <param name="Item">The book item.</param>
/// <param name="AgeDays">Days since its date, as of the date asked.</param>
public sealed record UnmatchedBookPayment(BookPayment Item, int AgeDays);
