using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>The column mapping of each entity's bank statements, saved once by the hub administrator and used for every
/// bank statement of that entity. Kept as a record of the ledger, written through the command pipeline.</summary>
/// <param name="store">The records.</param>
/// <param name="engine">The posting engine (its command pipeline).</param>
public sealed class BankMappings(IRecordStore store, PostingEngine engine)
{
    private static readonly RecordType<BankColumnMapping> Records = new("bank-statement-mapping");

    /// <summary>Saves (or replaces) an entity's mapping.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity whose bank account the statements are of.</param>
    /// <param name="mapping">The mapping.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The command's result.</returns>
    public Task<CommandResult<BankColumnMapping>> SaveAsync(LedgerId ledger, EntityId entity, BankColumnMapping mapping, CancellationToken cancellationToken = default) =>
        engine.Commands.RunAsync(CommandEnvelope.For(ledger, "bank-statement-mapping", null, entity.Value),
            (_, _) => Task.FromResult(CommandPlan<BankColumnMapping>.WithoutJournals([Records.Write(entity.Value, entity.Value, 0, mapping)], mapping)), cancellationToken);

    /// <summary>An entity's mapping, or <c>null</c> when none was saved.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The mapping.</returns>
    public async Task<BankColumnMapping?> FindAsync(LedgerId ledger, EntityId entity, CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(ledger, Records.Kind, entity.Value, cancellationToken).ConfigureAwait(false) is { } document ? Records.Read(document) : null;
}
