using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

/// <summary>
/// Moves a 民非 entity from the 2004 chart to the revised one at 2026-01-01 (新旧制度衔接, ADR 0021): first the
/// transition journal (the balances of the accounts the new chart drops, at the end of the old books, carried to the
/// accounts that take them) with its record, then the entity's chart. Each step is a command of the pipeline, and a
/// step already done is not done again, so the command is idempotent and an interrupted one is completed by sending
/// it again. After it, the entity posts under the revised chart.
/// </summary>
public sealed class ChartTransition
{
    /// <summary>The record of each entity's transition; key the entity id.</summary>
    public static RecordType<ChartTransitionRecord> Records { get; } = new("chart-transition");

    private readonly ILedgerStore _store;
    private readonly PostingEngine _engine;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="engine">The posting engine over it.</param>
    public ChartTransition(ILedgerStore store, PostingEngine engine)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
    }

    /// <summary>Moves the entity to <see cref="ChartTemplates.NpoCn2026Version"/>.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The 民非 entity.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The transition's record (<see cref="PostingOutcome.AlreadyExists"/> when it was done before), or why it
    /// was refused.</returns>
    public async Task<CommandResult<ChartTransitionRecord>> TransitionAsync(LedgerId ledger, EntityId entity, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        await AddTargetsAsync(ledger, entity, cancellationToken).ConfigureAwait(false);
        var envelope = CommandEnvelope.For(ledger, "chart-transition", idempotencyKey, entity.Value, ChartTemplates.NpoCn2026Version);
        var journal = await _engine.Commands.RunAsync(envelope, (state, ct) => PlanAsync(ledger, state, entity, ct),
            (_, _, ct) => RecordAsync(ledger, entity, ct), cancellationToken).ConfigureAwait(false);
        if (!journal.Succeeded)
        {
            return journal;
        }

        var chart = await new DefinitionCommands(_engine).MigrateChartAsync(ledger, entity, ChartTemplates.NpoCnVersion, ChartTransitions.Migrate,
            idempotencyKey is null ? null : idempotencyKey + ":chart", cancellationToken).ConfigureAwait(false);
        return chart.Succeeded ? journal : CommandResult<ChartTransitionRecord>.Rejected(chart.Errors);
    }

    /// <summary>The entity's transition record, or <c>null</c> when it has not moved.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The record.</returns>
    public async Task<ChartTransitionRecord?> RecordAsync(LedgerId ledger, EntityId entity, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, Records.Kind, entity.Value, cancellationToken).ConfigureAwait(false) is { } document ? Records.Read(document) : null;

    /// <summary>Adds to a 2004 chart the sub-accounts of the revised one that take a dropped account's balance (so the
    /// transition journal posts under the old chart, before the chart changes); one already there is left alone.</summary>
    private async Task AddTargetsAsync(LedgerId ledger, EntityId entity, CancellationToken ct)
    {
        if ((await _store.GetLedgerAsync(ledger, ct).ConfigureAwait(false))?.Definition.FindEntity(entity) is not { Chart.TemplateVersion: ChartTemplates.NpoCnVersion } found)
        {
            return;
        }

        foreach (var target in ChartTransitions.NpoCn2005To2026.Select(r => r.To).Where(t => found.Chart.Find(t) is null && t.Parent is not null))
        {
            var account = ChartTemplates.NpoCn2026.Get(target);
            var suffix = int.Parse(target.Value[(target.Value.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            await new DefinitionCommands(_engine).AddSubAccountAsync(ledger, entity, target.Parent!.Value, suffix, account.NameZh, account.NameEn, null, ct).ConfigureAwait(false);
        }
    }

    private async Task<CommandPlan<ChartTransitionRecord>> PlanAsync(LedgerId ledger, LedgerState state, EntityId entity, CancellationToken ct)
    {
        if (state.Definition.FindEntity(entity) is not { } found)
        {
            return CommandPlan<ChartTransitionRecord>.Refused(ErrorCodes.EntityNotFound, $"No entity '{entity}' in this ledger.", "entityId");
        }

        if (await RecordAsync(ledger, entity, ct).ConfigureAwait(false) is { } done)
        {
            return CommandPlan<ChartTransitionRecord>.WithoutJournals([], done);
        }

        if (found.Profile != AccountingProfile.NpoCn || found.Chart.TemplateVersion != ChartTemplates.NpoCnVersion)
        {
            return CommandPlan<ChartTransitionRecord>.Refused(EconomyErrorCodes.ChartTransitionNotApplicable,
                $"Entity '{entity}' keeps {found.Chart.TemplateVersion} books; only an entity on {ChartTemplates.NpoCnVersion} moves to {ChartTemplates.NpoCn2026Version}.", "entityId");
        }

        var date = ChartTransitions.TransitionDate(state.Definition.BooksStart);
        var eve = await _store.GetBalancesAsync(ledger, entity, date.PlusDays(-1), ct).ConfigureAwait(false);
        var now = await _store.GetBalancesAsync(ledger, entity, null, ct).ConfigureAwait(false);
        if (MovedSince(eve, now) is { } moved)
        {
            return CommandPlan<ChartTransitionRecord>.Refused(EconomyErrorCodes.ChartTransitionAccountInUse,
                $"Account {moved} has postings dated on or after {date}; reverse them (or post them to the account that takes its balance) before the transition.", "entityId");
        }

        var draft = ChartTransitions.Journal(entity, eve, date);
        var rules = draft is null ? ImmutableArray<string>.Empty
            : [.. draft.Lines.Select(l => ChartTransitions.RuleFor(l.Account)?.Rule).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        ChartTransitionRecord Record(JournalId? id) => new(entity, ChartTemplates.NpoCnVersion, ChartTemplates.NpoCn2026Version, date, id, rules);
        return draft is null
            ? CommandPlan<ChartTransitionRecord>.WithoutJournals([Records.Write(entity.Value, entity.Value, 0, Record(null))], Record(null))
            : new CommandPlan<ChartTransitionRecord>([draft], journals => ([Records.Write(entity.Value, entity.Value, journals[0].Sequence, Record(journals[0].Id))], Record(journals[0].Id)));
    }

    /// <summary>An account the new chart drops whose totals moved after the eve of the transition, or <c>null</c>.</summary>
    private static AccountCode? MovedSince(IReadOnlyList<AccountBalance> eve, IReadOnlyList<AccountBalance> now)
    {
        var before = eve.Where(b => ChartTransitions.RuleFor(b.Account) is not null).ToDictionary(b => (b.Account, b.Unit), b => (b.DebitMinorUnits, b.CreditMinorUnits));
        return now.Where(b => ChartTransitions.RuleFor(b.Account) is not null)
            .FirstOrDefault(b => before.GetValueOrDefault((b.Account, b.Unit)) != (b.DebitMinorUnits, b.CreditMinorUnits))?.Account;
    }
}
