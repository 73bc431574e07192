using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>
/// Changes to a ledger's definition — a new entity, a new sub-account — as commands of the engine's pipeline
/// (<see cref="PostingEngine.Commands"/>): planned on the current definition under the ledger's lock and written by
/// compare-and-set on its version (<see cref="LedgerState.DefinitionVersion"/>), so a change is never made on a stale
/// copy, in this process or another. Each answers the id of what it added.
/// </summary>
/// <param name="engine">The engine.</param>
public sealed class DefinitionCommands(PostingEngine engine)
{
    /// <summary>Adds an accounting entity with its profile's chart.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The entity's id, or <see cref="ErrorCodes.EntityExists"/>.</returns>
    public Task<CommandResult<string>> AddEntityAsync(LedgerId ledger, AccountingEntity entity, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var envelope = CommandEnvelope.For(ledger, "entity-add", idempotencyKey, entity.Id.Value, entity.Name, entity.Kind, entity.Profile);
        return engine.Commands.RunAsync(envelope, (state, _) => Task.FromResult(state.Definition.FindEntity(entity.Id) is not null
            ? CommandPlan<string>.Refused(ErrorCodes.EntityExists, $"Entity '{entity.Id}' already exists.", "id")
            : Update(state, state.Definition.WithEntity(entity), entity.Id.Value)), cancellationToken);
    }

    /// <summary>Adds a sub-account under an account of an entity's chart.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="parent">The parent account.</param>
    /// <param name="suffix">The sub-account's number under its parent (its code is <c>parent.suffix</c>).</param>
    /// <param name="nameZh">Its Chinese name.</param>
    /// <param name="nameEn">Its English name.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The new account's code, or why it was refused.</returns>
    public Task<CommandResult<string>> AddSubAccountAsync(
        LedgerId ledger, EntityId entity, AccountCode parent, int suffix, string nameZh, string nameEn, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var envelope = CommandEnvelope.For(ledger, "sub-account-add", idempotencyKey, entity.Value, parent.Value, suffix, nameZh, nameEn);
        return engine.Commands.RunAsync(envelope, (state, _) =>
        {
            var code = parent.Child(suffix);
            return Task.FromResult(state.Definition.FindEntity(entity) is not { } found ? CommandPlan<string>.Refused(ErrorCodes.EntityNotFound, $"No entity '{entity}' in this ledger.", "entityId")
                : found.Chart.Find(parent) is null ? CommandPlan<string>.Refused(ErrorCodes.AccountNotFound, $"Account {parent} is not in the chart of '{entity}'.", "parent")
                : found.Chart.Find(code) is not null ? CommandPlan<string>.Refused(ErrorCodes.AccountExists, $"Account {code} already exists.", "suffix")
                : Update(state, state.Definition.WithUpdatedEntity(found with { Chart = found.Chart.WithSubAccount(parent, suffix, nameZh, nameEn) }), code.Value));
        }, cancellationToken);
    }

    /// <summary>Moves an entity to another chart (a 新旧制度衔接, ADR 0021): when its chart is still of
    /// <paramref name="fromVersion"/>, replaces it by <paramref name="migrate"/>'s result; when it is already of the
    /// target's version, answers <see cref="PostingOutcome.AlreadyExists"/> without writing.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="fromVersion">The template version the entity must be on, e.g. <see cref="ChartTemplates.NpoCnVersion"/>.</param>
    /// <param name="migrate">Builds the new chart from the old one.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The new chart's template version, or why it was refused.</returns>
    public Task<CommandResult<string>> MigrateChartAsync(
        LedgerId ledger, EntityId entity, string fromVersion, Func<ChartOfAccounts, ChartOfAccounts> migrate, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migrate);
        var envelope = CommandEnvelope.For(ledger, "chart-migrate", idempotencyKey, entity.Value, fromVersion);
        return engine.Commands.RunAsync(envelope, (state, _) =>
        {
            if (state.Definition.FindEntity(entity) is not { } found)
            {
                return Task.FromResult(CommandPlan<string>.Refused(ErrorCodes.EntityNotFound, $"No entity '{entity}' in this ledger.", "entityId"));
            }

            if (found.Chart.TemplateVersion != fromVersion)
            {
                return Task.FromResult(CommandPlan<string>.Through(_ => Task.FromResult(new CommandResult<string>(PostingOutcome.AlreadyExists, found.Chart.TemplateVersion, [], []))));
            }

            var chart = migrate(found.Chart);
            return Task.FromResult(Update(state, state.Definition.WithUpdatedEntity(found with { Chart = chart }), chart.TemplateVersion));
        }, cancellationToken);
    }

    /// <summary>Writes the definition if it is still at the version planned on; otherwise meets another writer, and
    /// the pipeline plans again on the new one.</summary>
    private CommandPlan<string> Update(LedgerState state, LedgerDefinition definition, string value) =>
        CommandPlan<string>.Through(async ct => await engine.Store.UpdateLedgerAsync(definition, state.DefinitionVersion, ct).ConfigureAwait(false)
            ? new CommandResult<string>(PostingOutcome.Created, value, [], [])
            : CommandResult<string>.AnotherWriter(definition.Id));
}
