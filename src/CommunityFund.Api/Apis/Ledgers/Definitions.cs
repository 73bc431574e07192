using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Api.Apis;

/// <summary>Changes to a ledger's definition (entities, sub-accounts) as commands of the engine's pipeline: planned on
/// the current definition under the ledger's lock, written by compare-and-set on its version.</summary>
internal static class Definitions
{
    /// <summary>A plan that writes <paramref name="definition"/>, planned on <paramref name="state"/>; answers
    /// <paramref name="value"/> once written, or meets another writer when the stored definition moved from the
    /// planned version meanwhile — in this process or another (the pipeline plans again on the new one).</summary>
    internal static CommandPlan<string> Update(LedgerScope scope, LedgerState state, LedgerDefinition definition, string value) =>
        CommandPlan<string>.Through(async ct => await scope.Store.UpdateLedgerAsync(definition, state.DefinitionVersion, ct).ConfigureAwait(false)
            ? new CommandResult<string>(PostingOutcome.Created, value, [], [])
            : CommandResult<string>.Rejected(ErrorCodes.LedgerHeadMoved, $"The definition of ledger '{definition.Id}' moved; plan again.", "ledger"));
}
