using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Economy;

/// <summary>Opening a community's books: the ledger and its first distribution policy.</summary>
public sealed partial class CommunityEconomy
{
    /// <summary>
    /// Opens a community's books: creates the ledger from its definition and adds its first distribution policy. The
    /// policy is checked against the definition before anything is written, so a refused policy leaves no ledger
    /// behind. The two writes are two commands: an opening interrupted between them (the ledger created, its policy
    /// not yet added) is completed by the same request sent again, and a replay of a completed opening (same
    /// idempotency key) answers <see cref="CommandResult{T}.Replayed"/>. A ledger that exists with another definition,
    /// or that another request opened, is refused <see cref="ErrorCodes.LedgerExists"/>.
    /// </summary>
    /// <param name="definition">The ledger: its id, name, time zone, first day and entities.</param>
    /// <param name="policy">The first distribution policy (for example <see cref="DistributionPolicy.Standard"/>).</param>
    /// <param name="idempotencyKey">The client's key; the policy is added under a key derived from it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The policy as added, or the errors.</returns>
    public async Task<CommandResult<DistributionPolicy>> OpenLedgerAsync(
        LedgerDefinition definition, DistributionPolicy policy, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var errors = new List<PostingError>();
        PolicyRules.Check(definition, policy, errors);
        if (errors.Count > 0)
        {
            return CommandResult<DistributionPolicy>.Rejected(errors);
        }

        var created = await _ledgers.CreateLedgerAsync(definition, cancellationToken).ConfigureAwait(false);
        if (!created && await _ledgers.GetLedgerAsync(definition.Id, cancellationToken).ConfigureAwait(false) is { } existing
            && !SameDefinition(existing.Definition, definition))
        {
            return LedgerExists(definition.Id);
        }

        // On a ledger that existed, only this opening's own policy may be added (or replayed): a policy of another id
        // means another request opened it.
        if (!created && (await _store.GetPoliciesAsync(definition.Id, cancellationToken).ConfigureAwait(false)).Any(p => p.Id != policy.Id))
        {
            return LedgerExists(definition.Id);
        }

        var added = await AddPolicyAsync(definition.Id, policy, idempotencyKey + ":policy", cancellationToken).ConfigureAwait(false);
        // On a ledger that existed, a refused policy means another request opened it (its policy is version 1).
        return created || added.Succeeded || added.Errors.Any(e => e.Code == ErrorCodes.IdempotencyConflict) ? added : LedgerExists(definition.Id);
    }

    private static CommandResult<DistributionPolicy> LedgerExists(LedgerId id) =>
        CommandResult<DistributionPolicy>.Rejected(ErrorCodes.LedgerExists, $"A ledger '{id}' exists already.", "id");

    private static bool SameDefinition(LedgerDefinition stored, LedgerDefinition requested) =>
        stored.Name == requested.Name && stored.BooksStart == requested.BooksStart && stored.TimeZoneId == requested.TimeZoneId
        && stored.Entities.Count == requested.Entities.Count
        && requested.Entities.Values.All(e => stored.FindEntity(e.Id) is { } s && s.Name == e.Name && s.Kind == e.Kind && s.Profile == e.Profile);
}
