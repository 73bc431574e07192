namespace CommunityFund.Reports;

/// <summary>One page of an account register: the register of the page's lines (its opening is the balance just before
/// the first, its closing the balance after the last) and where the next page starts.</summary>
/// <param name="Register">The page's lines with their running balances.</param>
/// <param name="Next">The cursor of the next page, or <c>null</c> on the last.</param>
public sealed record AccountRegisterPage(AccountRegister Register, Storage.JournalCursor? Next);
