using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Community;

/// <summary>
/// Donated services (服务捐赠) under the revised 民非 system (ADR 0021). The hours always go to the memo ledger
/// (Dr M300.01 [member] / Cr M300.09), so they are disclosed whether recognised or not. When the entity keeps the
/// revised chart (<see cref="ChartTemplates.NpoCn2026Version"/>), the day is on or after 2026-01-01 and the
/// <see cref="DonatedServiceConditions"/> hold (a voucher whose amount reflects the fair value), the service is also
/// recognised at the voucher's amount: Dr 5101.07 受赠服务 / Cr 4101.01 捐赠收入—非限定性.
/// </summary>
public sealed class DonatedServices
{
    private readonly ICommandPipeline _commands;

    /// <summary>Creates the service.</summary>
    /// <param name="engine">The posting engine.</param>
    public DonatedServices(PostingEngine engine) => _commands = (engine ?? throw new ArgumentNullException(nameof(engine))).Commands;

    /// <summary>The account the used service is charged to (业务活动成本—受赠服务).</summary>
    public static AccountCode Expense { get; } = AccountCode.Parse("5101.07");

    /// <summary>The revenue it is recognised in (捐赠收入—非限定性).</summary>
    public static AccountCode Revenue { get; } = AccountCode.Parse("4101.01");

    /// <summary>The memo accounts of donated hours and their contra.</summary>
    public static (AccountCode Hours, AccountCode Contra) Memo { get; } = (AccountCode.Parse("M300.01"), AccountCode.Parse("M300.09"));

    /// <summary>Records a donated service: its memo journal and, when recognised, its CNY journal.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="service">The service.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The journals (the memo journal first), or why it was refused.</returns>
    public Task<CommandResult<Journal>> RecordAsync(LedgerId ledger, DonatedService service, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var c = service.Conditions;
        var envelope = CommandEnvelope.For(ledger, "donated-service", idempotencyKey, service.Entity.Value, service.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            service.Member, service.Hours, c.Voucher?.Reference, c.Voucher?.Amount, c.Voucher?.ReflectsFairValue, service.Memo);
        return _commands.RunAsync<Journal>(envelope, (state, _) => Task.FromResult(Plan(state.Definition, service)),
            (_, journals, _) => Task.FromResult<Journal?>(journals[0]), cancellationToken);
    }

    /// <summary>The journals of a donated service for an entity's chart: the memo journal, and the recognition when it
    /// applies (<see cref="Recognised"/>).</summary>
    /// <param name="chart">The entity's chart.</param>
    /// <param name="service">The service.</param>
    /// <returns>The drafts.</returns>
    public static ImmutableArray<JournalDraft> Drafts(ChartOfAccounts chart, DonatedService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var memo = new JournalDraft(service.Date, JournalKind.TimeBank, $"服务捐赠备查 Donated service: {service.Memo}",
        [
            new LineDraft(service.Entity, Memo.Hours, Side.Debit, service.Hours).With(DimensionNames.Member, service.Member),
            new LineDraft(service.Entity, Memo.Contra, Side.Credit, service.Hours),
        ])
        {
            Metadata = JournalMetadata.From(("donated-service.unmet", string.Join(",", service.Conditions.Unmet))),
        };
        if (!Recognised(chart, service))
        {
            return [memo];
        }

        var voucher = service.Conditions.Voucher!;
        var amount = voucher.Amount;
        var recognition = new JournalDraft(service.Date, JournalKind.Donation, $"服务捐赠 Donated service on voucher {voucher.Reference}: {service.Memo}",
            [LineDraft.Debit(service.Entity, Expense.Value, amount), LineDraft.Credit(service.Entity, Revenue.Value, amount)])
        {
            Metadata = JournalMetadata.From(("donated-service.hours", service.Hours.ToDecimal().ToString(CultureInfo.InvariantCulture)),
                ("donated-service.voucher", voucher.Reference)),
        };
        return [memo, recognition];
    }

    /// <summary><c>true</c> when the service is recognised (at its voucher's amount): the entity keeps the revised 民非 chart, the
    /// day is on or after 2026-01-01 and the conditions hold.</summary>
    /// <param name="chart">The entity's chart.</param>
    /// <param name="service">The service.</param>
    /// <returns>Whether it is recognised.</returns>
    public static bool Recognised(ChartOfAccounts chart, DonatedService service)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(service);
        return chart.TemplateVersion == ChartTemplates.NpoCn2026Version && service.Date >= ChartTemplates.NpoCn2026Effective && service.Conditions.Hold;
    }

    private static CommandPlan<Journal> Plan(LedgerDefinition definition, DonatedService service)
    {
        if (definition.FindEntity(service.Entity) is not { } entity)
        {
            return CommandPlan<Journal>.Refused(ErrorCodes.EntityNotFound, $"No entity '{service.Entity}' in this ledger.", "entity");
        }

        if (entity.Chart.Find(Memo.Hours) is null)
        {
            return CommandPlan<Journal>.Refused(CommunityErrorCodes.DonatedServiceNotApplicable,
                $"Entity '{service.Entity}' keeps the chart {entity.Chart.TemplateVersion}, which has no donated-service memo accounts ({Memo.Hours}): donated services are recorded under the revised 民非 chart ({ChartTemplates.NpoCn2026Version}); move a 民非 entity to it with its chart transition first.", "entity");
        }

        if (!service.Hours.HasCurrency || service.Hours.Currency != Currency.HOUR || !service.Hours.IsPositive)
        {
            return CommandPlan<Journal>.Refused(ErrorCodes.LineAmountNotPositive, "The hours must be a positive HOUR amount.", "hours");
        }

        return new CommandPlan<Journal>(Drafts(entity.Chart, service), journals => ([], journals[0]));
    }
}
