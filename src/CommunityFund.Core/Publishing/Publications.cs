using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Publishing;

/// <summary>Publishing closed months (公示): <see cref="PublishAsync"/> takes an immutable, signed snapshot of a closed
/// month's <see cref="PublicFigures"/> with the chain head it was built from; <see cref="GetAsync"/> reads it back with
/// the corrections made since (reversals of the month's journals), so a published month never changes silently.</summary>
public sealed class Publications
{
    /// <summary>The kind of the ledger documents that hold publications (one per month, keyed <c>yyyy-MM</c>, never
    /// rewritten): a reader that lists their keys knows whether a month was published since it last looked.</summary>
    public const string DocumentKind = "publication";

    private static readonly RecordType<Publication> Records = new(DocumentKind, 1, PublishingJson.Options);
    private readonly ILedgerStore _store;
    private readonly ICommandPipeline _commands;
    private readonly CommunityAgreements _agreements;
    private readonly CheckpointSigner _signer;
    private readonly IClock _clock;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The books.</param>
    /// <param name="engine">The posting engine (its command pipeline writes the publications).</param>
    /// <param name="agreements">The agreements (leases and swaps shown on the page).</param>
    /// <param name="signer">The hub's checkpoint key, which signs publications too.</param>
    /// <param name="clock">The clock.</param>
    public Publications(ILedgerStore store, PostingEngine engine, CommunityAgreements agreements, CheckpointSigner signer, IClock clock)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _commands = (engine ?? throw new ArgumentNullException(nameof(engine))).Commands;
        _agreements = agreements ?? throw new ArgumentNullException(nameof(agreements));
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>Publishes a closed month of the ledger's community fund. Refused when the month is not closed
    /// (<c>publication.period_open</c>), already published (<c>publication.exists</c>) or the ledger has no fund
    /// (<c>publication.no_fund</c>); idempotent under its key.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="period">The month.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The publication.</returns>
    public Task<CommandResult<Publication>> PublishAsync(LedgerId ledger, YearMonth period, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _commands.RunAsync(CommandEnvelope.For(ledger, "publication", idempotencyKey, YearMonthPattern.Iso.Format(period)), (state, ct) => PlanAsync(state, period, ct), cancellationToken);

    /// <summary>A published month with its corrections, or <c>null</c> when it was not published.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="period">The month.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The month, or <c>null</c>.</returns>
    public async Task<PublishedMonth?> GetAsync(LedgerId ledger, YearMonth period, CancellationToken cancellationToken = default)
    {
        if (await _store.GetDocumentAsync(ledger, Records.Kind, YearMonthPattern.Iso.Format(period), cancellationToken).ConfigureAwait(false) is not { } document)
        {
            return null;
        }

        var publication = Records.Read(document);
        return new PublishedMonth(publication, await CorrectionsAsync(publication, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The ledger's publications, by month.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The publications.</returns>
    public async Task<IReadOnlyList<Publication>> ListAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, Records.Kind, null, cancellationToken).ConfigureAwait(false)).Select(Records.Read).OrderBy(p => p.Period)];

    private async Task<CommandPlan<Publication>> PlanAsync(LedgerState state, YearMonth period, CancellationToken ct)
    {
        var last = period.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1);
        var fund = state.Definition.Entities.Values.FirstOrDefault(e => e.Kind == EntityKind.CommunityFund && e.Profile == AccountingProfile.NpoCn);
        var key = YearMonthPattern.Iso.Format(period);
        var refusal = fund is null ? (CommunityErrorCodes.PublicationNoFund, $"Ledger '{state.Definition.Id}' has no community fund keeping 民非 (NPO_CN) books whose figures could be published.")
            : state.Head.ClosedThrough is not { } closed || closed < last ? (CommunityErrorCodes.PublicationPeriodOpen, $"{key} is not closed (the books are closed through {state.Head.ClosedThrough?.ToString() ?? "no month yet"}); close it first.")
            : await _store.GetDocumentAsync(state.Definition.Id, Records.Kind, key, ct).ConfigureAwait(false) is not null ? (CommunityErrorCodes.PublicationExists, $"{key} was already published; a published month never changes.")
            : default((string, string)?);
        if (refusal is var (code, message))
        {
            return CommandPlan<Publication>.Refused(code, message, "period");
        }

        var figures = await PublicFiguresBuilder.BuildAsync(_store, _agreements, state.Definition, fund!.Id, period, ct).ConfigureAwait(false);
        var json = JsonSerializer.Serialize(figures, PublishingJson.Options);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        var at = _clock.GetCurrentInstant();
        var payload = Publication.PayloadOf(state.Definition.Id, period, state.Head.Sequence, state.Head.Hash, digest, at);
        var publication = new Publication(Guid.CreateVersion7(at.ToDateTimeOffset()), state.Definition.Id, period, figures, json, digest, state.Head.Sequence, state.Head.Hash, at, _signer.KeyId, _signer.SignText(payload));
        // Ordered after the head it was built from, and written only while the head is still there: its event in the change
        // feed takes that place for good.
        return CommandPlan<Publication>.WithoutJournals([Records.Write(key, null, state.Head.Sequence, publication)], publication) with { AtHead = true };
    }

    /// <summary>The reversals recorded after the publication of journals dated in its month.</summary>
    private async Task<ImmutableArray<CorrectionNote>> CorrectionsAsync(Publication publication, CancellationToken ct) =>
        [.. (await CorrectionsSinceAsync(publication.Ledger, [publication], publication.Sequence, cancellationToken: ct).ConfigureAwait(false)).Corrections.Select(c => c.Note)];

    /// <summary>The correction notes of reversals recorded after <paramref name="after"/> (and after the publication they
    /// correct) that reverse a journal dated in one of <paramref name="publications"/>' months, in sequence order, and
    /// the sequence read through (the head when the call began): a reader that keeps its notes asks again from there. Only
    /// the reversals are read (<see cref="IJournalLog.ReadReversalsAsync"/>), not the journals between them.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="publications">The publications to correct.</param>
    /// <param name="after">The last sequence already read.</param>
    /// <param name="pageSize">Reversals read per page.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The notes and the last sequence read (<paramref name="after"/> when there was nothing new).</returns>
    public async Task<(ImmutableArray<MonthCorrection> Corrections, long ReadThrough)> CorrectionsSinceAsync(LedgerId ledger, IReadOnlyList<Publication> publications, long after,
        int pageSize = 1_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publications);
        var head = (await _store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false))?.Head.Sequence ?? after;
        var notes = ImmutableArray.CreateBuilder<MonthCorrection>();
        for (var from = after; from < head;)
        {
            var page = await _store.ReadReversalsAsync(ledger, from, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var reversal in page.Where(j => j.Sequence <= head))
            {
                if (await NoteAsync(ledger, publications, reversal, cancellationToken).ConfigureAwait(false) is { } note)
                {
                    notes.Add(note);
                }
            }

            from = page.Count < pageSize ? head : page[^1].Sequence;
        }

        return (notes.ToImmutable(), Math.Max(after, head));
    }

    /// <summary>The note of a reversal that corrects a published month, or <c>null</c> when the journal it reverses is
    /// dated in no month published before it.</summary>
    private async Task<MonthCorrection?> NoteAsync(LedgerId ledger, IReadOnlyList<Publication> publications, Journal reversal, CancellationToken ct)
    {
        if (await _store.GetJournalAsync(ledger, reversal.ReversalOf!.Value, ct).ConfigureAwait(false) is not { } reversed)
        {
            return null;
        }

        var month = new YearMonth(reversed.AccountingDate.Year, reversed.AccountingDate.Month);
        if (publications.FirstOrDefault(p => p.Period == month && reversal.Sequence > p.Sequence) is not { } publication)
        {
            return null;
        }

        var onFund = reversal.Lines.Where(l => l.Entity == publication.Figures.Fund && l.Side == Side.Debit && l.Amount.Currency == Currency.CNY && !l.Account.IsMemo);
        return new MonthCorrection(month, new CorrectionNote(reversal.Sequence, reversal.Id, reversed.Id, reversed.Kind, reversed.Memo, reversal.Memo, reversal.RecordedAt,
            onFund.Aggregate(Money.Zero(Currency.CNY), (sum, l) => sum + l.Amount)));
    }
}
