using System.Collections.Concurrent;
using CommunityFund.Ledger;

namespace CommunityFund.Api.Apis;

/// <summary>The ledgers this process has seen to exist. A ledger is never deleted, so once seen it exists for good: an
/// endpoint whose command reads the ledger itself (<see cref="LedgerScopeExtensions.InLedgerCommand"/>) answers the
/// 404 for an unknown ledger without reading a known one again on every request.</summary>
public sealed class KnownLedgers
{
    private readonly ConcurrentDictionary<LedgerId, bool> _seen = new();

    /// <summary>Whether the ledger was seen to exist.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <returns><c>true</c> when it was.</returns>
    public bool Contains(LedgerId ledger) => _seen.ContainsKey(ledger);

    /// <summary>Notes that the ledger exists.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <returns><c>true</c> when it was not noted before.</returns>
    public bool Add(LedgerId ledger) => _seen.TryAdd(ledger, true);
}
