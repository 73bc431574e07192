using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>Journals to post and what to record once they are posted; or why the command is refused.</summary>
    private sealed record Plan<T>(ImmutableArray<JournalDraft> Drafts, Func<ImmutableArray<Journal>, (EconomyChanges Changes, T? Value)> Commit)
        where T : class
    {
        internal ImmutableArray<PostingError> Errors { get; init; } = [];

        internal static Plan<T> Refused(IEnumerable<PostingError> errors) => new([], _ => (new EconomyChanges(), null)) { Errors = [.. errors] };

        internal static Plan<T> Refused(string code, string message, string field) => Refused([new PostingError(code, message, field)]);
    }

    /// <summary>Runs a command through the engine's command pipeline, recording its changes in the economy store.</summary>
    private Task<CommandResult<T>> ExecuteAsync<T>(
        CommandEnvelope envelope,
        Func<LedgerState, CancellationToken, Task<Plan<T>>> plan,
        Func<LedgerId, IReadOnlyList<Journal>, CancellationToken, Task<T?>> replay,
        CancellationToken cancellationToken,
        bool groupable = false)
        where T : class
    {
        async Task<CommandPlan<T>> Planned(LedgerState state, CancellationToken ct)
        {
            var planned = await plan(state, ct).ConfigureAwait(false);
            return planned.Errors.IsEmpty
                ? new CommandPlan<T>(planned.Drafts, journals =>
                {
                    var (changes, value) = planned.Commit(journals);
                    return (_store.Encode(changes), value);
                })
                : CommandPlan<T>.Refused(planned.Errors);
        }

        return _commands.RunAsync(new LedgerCommand<T>(envelope, Planned, replay) { Groupable = groupable && _grouping }, cancellationToken);
    }

    /// <summary>The sale a replayed key posted: the one its first journal's metadata names (one read), else as the store
    /// finds it by the journal.</summary>
    private async Task<SaleRecord?> ReplaySaleAsync(LedgerId ledger, IReadOnlyList<Journal> journals, CancellationToken ct) =>
        SaleRecords.IdOf(journals[0]) is { } id && await _store.GetSaleAsync(ledger, id, ct).ConfigureAwait(false) is { } sale && SaleRecords.Has(sale, journals[0].Id)
            ? sale
            : await _store.FindSaleByJournalAsync(ledger, journals[0].Id, ct).ConfigureAwait(false);
}
