using CommunityFund.Ledger;

namespace CommunityFund.Storage;

/// <summary>A ledger's definition together with its head, read at one moment.</summary>
/// <param name="Definition">The definition.</param>
/// <param name="Head">The head.</param>
public sealed record LedgerState(LedgerDefinition Definition, LedgerHead Head);
