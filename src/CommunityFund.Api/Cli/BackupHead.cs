namespace CommunityFund.Api.Cli;

/// <summary>A ledger's chain head as a database file records it.</summary>
/// <param name="Ledger">The ledger id.</param>
/// <param name="Sequence">The last journal's sequence (0 when the ledger has none).</param>
/// <param name="Hash">The last journal's hash (the genesis hash when none).</param>
public sealed record BackupHead(string Ledger, long Sequence, string Hash);
