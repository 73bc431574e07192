using System.Collections.Immutable;

namespace CommunityFund.Api.Cli;

/// <summary>A backup taken: the copy, its size and the chain head of each ledger in it.</summary>
/// <param name="File">The copy's full path.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Heads">Each ledger's head in the copy, by ledger id.</param>
public sealed record BackupResult(string File, long Bytes, ImmutableArray<BackupHead> Heads);
