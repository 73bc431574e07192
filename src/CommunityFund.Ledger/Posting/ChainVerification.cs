namespace CommunityFund.Posting;

/// <summary>The verdict of a chain verification.</summary>
/// <param name="IsIntact"><c>true</c> when every journal checked is where, and what, the chain says.</param>
/// <param name="JournalsChecked">How many journals were read.</param>
/// <param name="LastSequence">The sequence of the last good journal (0 when none).</param>
/// <param name="LastHash">The hash of the last good journal.</param>
/// <param name="FirstBadSequence">The sequence at which the chain first breaks, when it does.</param>
/// <param name="Problem">What is wrong there, when something is.</param>
public sealed record ChainVerification(bool IsIntact, long JournalsChecked, long LastSequence, string LastHash, long? FirstBadSequence, string? Problem);
