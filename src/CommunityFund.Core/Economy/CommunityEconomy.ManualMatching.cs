using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>Matches statement rows with sales or refunds by hand, with a reason, recorded with who and when (a hub
    /// administrator's act). Refused when a row or book item is unknown or already matched.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="request">The rows, the sales or refunds, and the reason.</param>
    /// <param name="by">Who.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The match recorded.</returns>
    public Task<CommandResult<PaymentMatch>> ManualMatchAsync(LedgerId ledger, ManualMatchRequest request, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var envelope = CommandEnvelope.For(ledger, "payment-match-manual", idempotencyKey, request.Entity.Value, request.Channel, string.Join('|', request.Rows), string.Join('|', request.Book), request.Reason);
        return ExecuteAsync(envelope, (state, ct) => PlanManualMatchAsync(state, request, by, ct), (_, _, _) => Task.FromResult<PaymentMatch?>(null), cancellationToken);
    }

    /// <summary>Undoes a match by hand, with a reason: the match is kept, marked unmatched with who, when and why, and a
    /// settlement's clearing journal is reversed by a journal with every line on the other side (the books are
    /// append-only). A channel match still paid out by a standing settlement is refused: unmatch the settlement first.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="matchId">The match.</param>
    /// <param name="reason">Why (required).</param>
    /// <param name="by">Who.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The match as unmatched.</returns>
    public Task<CommandResult<PaymentMatch>> UnmatchAsync(LedgerId ledger, string matchId, string reason, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var envelope = CommandEnvelope.For(ledger, "payment-unmatch", idempotencyKey, matchId, reason);
        return ExecuteAsync(envelope, (state, ct) => PlanUnmatchAsync(state, matchId, reason, by, ct), ReplayUnmatchAsync, cancellationToken);
    }

    /// <summary>A replayed unmatch that posted a journal (a settlement's opposite clearing) answers the match it undid,
    /// found by that journal; one that posted none is answered from its command record.</summary>
    private async Task<PaymentMatch?> ReplayUnmatchAsync(LedgerId ledger, IReadOnlyList<Journal> journals, CancellationToken ct) =>
        journals.Count == 0
            ? null
            : (await _store.ListRecordsAsync(ledger, EconomyRecords.PaymentMatch.Kind, null, ct).ConfigureAwait(false))
                .Select(EconomyRecords.PaymentMatch.Read)
                .FirstOrDefault(m => m.Unmatched?.Reversal == journals[0].Id);

    private async Task<Plan<PaymentMatch>> PlanManualMatchAsync(LedgerState state, ManualMatchRequest request, string? by, CancellationToken ct)
    {
        if (ReasonProblem(request.Reason) is { } reasonProblem || request.Rows.IsDefaultOrEmpty || request.Book.IsDefaultOrEmpty)
        {
            return Plan<PaymentMatch>.Refused(EconomyErrorCodes.PaymentMatchInvalid, ReasonProblem(request.Reason) ?? "A manual match names at least one statement row and one sale or refund.", "rows");
        }

        var (book, rows, existing) = await ReconciliationInputsAsync(state.Definition.Id, request.Entity, ct).ConfigureAwait(false);
        var active = existing.Where(m => m.IsActive).ToList();
        var rowByKey = rows.ToDictionary(PaymentMatcher.RowKey, StringComparer.Ordinal);
        var bookByKey = book.ToDictionary(b => b.Key, StringComparer.Ordinal);
        var keys = request.Book.Select(k => k.Contains(':', StringComparison.Ordinal) ? k : $"sale:{k}").ToImmutableArray();
        var unknown = request.Rows.Where(r => !rowByKey.ContainsKey(r)).Concat(keys.Where(k => !bookByKey.ContainsKey(k))).ToList();
        var taken = request.Rows.Where(r => active.Any(m => m.Rows.Contains(r))).Concat(keys.Where(k => active.Any(m => m.Book.Contains(k)))).ToList();
        if (unknown.Count > 0 || taken.Count > 0)
        {
            return Plan<PaymentMatch>.Refused(EconomyErrorCodes.PaymentMatchInvalid,
                unknown.Count > 0 ? $"Entity '{request.Entity}' has no statement row or sale/refund {string.Join(", ", unknown)}." : $"Already matched: {string.Join(", ", taken)}.", unknown.Count > 0 ? "rows" : "book");
        }

        var matched = request.Rows.Select(k => rowByKey[k]).ToList();
        var now = _clock.GetCurrentInstant();
        var match = new PaymentMatch
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()).ToString("n"),
            Entity = request.Entity,
            Channel = request.Channel,
            Rule = MatchRule.Manual,
            Rows = request.Rows,
            Book = keys,
            Amount = Money.FromMinorUnits(matched.Sum(r => Signed(r, r.Amount)), Currency.CNY),
            Fee = Money.FromMinorUnits(matched.Sum(r => Signed(r, r.Fee)), Currency.CNY),
            Date = matched.Max(r => r.Time.Date),
            Reason = request.Reason,
            By = by,
            At = now,
        };
        return new Plan<PaymentMatch>([], _ => (new EconomyChanges { Records = [EconomyRecords.PaymentMatch.Write(match.Id, match.Entity.Value, 0, match)] }, match));
    }

    private async Task<Plan<PaymentMatch>> PlanUnmatchAsync(LedgerState state, string matchId, string reason, string? by, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        if (ReasonProblem(reason) is { } problem)
        {
            return Plan<PaymentMatch>.Refused(EconomyErrorCodes.PaymentMatchInvalid, problem, "reason");
        }

        if (string.IsNullOrEmpty(matchId) || await _store.GetRecordAsync(ledger, EconomyRecords.PaymentMatch.Kind, matchId, ct).ConfigureAwait(false) is not { } document)
        {
            return Plan<PaymentMatch>.Refused(EconomyErrorCodes.PaymentMatchNotFound, $"Ledger '{ledger}' has no payment match '{matchId}'.", "matchId");
        }

        var match = EconomyRecords.PaymentMatch.Read(document);
        var settledBy = (await ReconciliationInputsAsync(ledger, match.Entity, ct).ConfigureAwait(false)).Matches
            .FirstOrDefault(m => m.IsActive && m.Settles.Any(match.Rows.Contains));
        if (!match.IsActive || settledBy is not null)
        {
            return Plan<PaymentMatch>.Refused(EconomyErrorCodes.PaymentMatchInvalid,
                match.IsActive ? $"Match '{matchId}' was paid out by settlement '{settledBy!.Id}': unmatch that first." : $"Match '{matchId}' was already unmatched.", "matchId");
        }

        var now = _clock.GetCurrentInstant();
        var original = match.Clearing is { } clearing ? await _ledgers.GetJournalAsync(ledger, clearing, ct).ConfigureAwait(false) : null;
        var date = LocalDateMax(now.InZone(state.Definition.TimeZone).Date, original?.AccountingDate);
        ImmutableArray<JournalDraft> drafts = original is null ? [] : [ClearingReversal(original, date, reason)];
        return new Plan<PaymentMatch>(drafts, journals =>
        {
            var unmatched = match with { Unmatched = new PaymentUnmatch(reason, by, now, journals.IsDefaultOrEmpty ? null : journals[0].Id) };
            return (new EconomyChanges { Records = [EconomyRecords.PaymentMatch.Write(match.Id, match.Entity.Value, 0, unmatched)] }, unmatched);
        });
    }

    /// <summary>The reversal of a clearing (红字冲销 by a new journal): every line on the other side, linked by metadata.</summary>
    private static JournalDraft ClearingReversal(Journal original, NodaTime.LocalDate date, string reason) =>
        new(date, JournalKind.Clearing, $"Reverses clearing {original.Id}: {reason}",
            [.. original.Lines.Select(l => new LineDraft(l.Entity, l.Account, l.Side == Side.Debit ? Side.Credit : Side.Debit, l.Amount) { Dimensions = l.Dimensions })])
        {
            SourceReference = $"clearing-reversal:{original.Id}",
            Metadata = JournalMetadata.From(("clearing.reverses", original.Id.ToString())),
        };

    private static NodaTime.LocalDate LocalDateMax(NodaTime.LocalDate a, NodaTime.LocalDate? b) => b is { } other && other > a ? other : a;

    private static string? ReasonProblem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > PostingLimits.MaxMemoLength ? $"A reason of 1–{PostingLimits.MaxMemoLength} characters is required." : null;

    private static long Signed(StatementRow row, Money amount) =>
        row.Kind is StatementRowKind.Payment or StatementRowKind.BankCredit ? amount.MinorUnits : -amount.MinorUnits;
}
