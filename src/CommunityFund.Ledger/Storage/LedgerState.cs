using CommunityFund.Ledger;

namespace CommunityFund.Storage;

/// <summary>A ledger's definition together with its head, read at one moment.</summary>
/// <param name="Definition">The definition.</param>
/// <param name="Head">The head.</param>
public sealed record LedgerState(LedgerDefinition Definition, LedgerHead Head)
{
    /// <summary>The version of the definition: it moves with every <see cref="IJournalLog.UpdateLedgerAsync"/>, so a
    /// change planned on this state can be written only if nobody changed the definition meanwhile.</summary>
    public long DefinitionVersion { get; init; }
}
