namespace CommunityFund.Economy;

/// <summary>A statement row no match covers.</summary>
/// <param name="Key">Its key <c>{channel}:{transactionId}</c>.</param>
/// <param name="Row">The row.</param>
/// <param name="AgeDays">Days since its date, as of the date asked.</param>
public sealed record UnmatchedRow(string Key, StatementRow Row, int AgeDays);
