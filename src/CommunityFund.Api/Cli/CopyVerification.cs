using System.Collections.Immutable;

namespace CommunityFund.Api.Cli;

/// <summary>The verification of a copy of the books (a backup): every ledger in it, and what is wrong with the file
/// itself, if anything.</summary>
/// <param name="File">The copy's full path.</param>
/// <param name="Ledgers">Each ledger's verification, by ledger id.</param>
/// <param name="Problems">What is wrong with the file as a database (SQLite's quick check, its migrations), if anything.</param>
public sealed record CopyVerification(string File, ImmutableArray<LedgerVerification> Ledgers, ImmutableArray<string> Problems)
{
    /// <summary><c>true</c> when the file is sound and so is every ledger in it.</summary>
    public bool IsSound => Problems.IsEmpty && Ledgers.All(l => l.IsSound);
}
