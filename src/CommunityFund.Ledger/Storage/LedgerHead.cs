using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>The head of a ledger's chain and its period lock.</summary>
/// <param name="Sequence">The sequence of the last journal, 0 when there is none.</param>
/// <param name="Hash">The hash of the last journal, or <see cref="Journal.GenesisHash"/>.</param>
/// <param name="ClosedThrough">The last date of the last closed period, or <c>null</c> when no period is closed.</param>
public sealed record LedgerHead(long Sequence, string Hash, LocalDate? ClosedThrough)
{
    /// <summary>The head of a ledger with no journals and no closed period.</summary>
    public static LedgerHead Empty { get; } = new(0, Journal.GenesisHash, null);
}
