using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>Rows stored per command of an import: a 100,000-row statement is written in batches of this many.</summary>
    public const int StatementImportBatch = 10_000;

    /// <summary>Stores statement rows (channel bills, bank statements) as records keyed <c>{channel}:{transactionId}</c>,
    /// owned by their entity. A row already stored with the same content (its file and line aside) is skipped, so that
    /// importing a file again, or an overlapping one, adds nothing; a row stored with different content is reported and
    /// kept as it was. Rows are written in batches of <see cref="StatementImportBatch"/>, each its own command (key
    /// <c>{key}/{batch}</c>); nothing is posted.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many rows were added and already there, and the conflicting keys; refused as a whole (of the
    /// first batch that failed) when a row is invalid.</returns>
    public async Task<CommandResult<StatementImportResult>> ImportStatementRowsAsync(LedgerId ledger, IReadOnlyList<StatementRow> rows, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (added, already, conflicting, replayed) = (0, 0, ImmutableArray.CreateBuilder<string>(), true);
        for (var start = 0; start < rows.Count || start == 0; start += StatementImportBatch)
        {
            // Each row is serialised once: the same document is the request's content and, if new, what is stored.
            var batch = rows.Skip(start).Take(StatementImportBatch).Select(r => (Row: r, Document: EconomyRecords.StatementRow.Write(PaymentMatcher.RowKey(r), r.Entity.Value, r.Time.Date.ToDateTimeUnspecified().Ticks / TimeSpan.TicksPerDay, r))).ToList();
            var key = idempotencyKey is null ? null : $"{idempotencyKey}/{start / StatementImportBatch}";
            var envelope = CommandEnvelope.For(ledger, "statement-import", key, [.. batch.Select(r => (object?)r.Document.Json)]);
            var result = await _commands.RunAsync(envelope, (state, ct) => PlanStatementImportAsync(state, batch, ct), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded || result.Value is null)
            {
                return result;
            }

            (added, already, replayed) = (added + result.Value.Added, already + result.Value.AlreadyThere, replayed && result.Replayed);
            conflicting.AddRange(result.Value.Conflicting);
        }

        return new CommandResult<StatementImportResult>(PostingOutcome.Created, new StatementImportResult(added, already, conflicting.ToImmutable()), [], []) { Replayed = replayed };
    }

    private async Task<CommandPlan<StatementImportResult>> PlanStatementImportAsync(LedgerState state, IReadOnlyList<(StatementRow Row, LedgerDocument Document)> rows, CancellationToken ct)
    {
        if (CheckStatementRows(state, [.. rows.Select(r => r.Row)]) is { Count: > 0 } errors)
        {
            return CommandPlan<StatementImportResult>.Refused(errors);
        }

        // Only the batch's own keys are looked up: a row already stored is known by its key, whatever else is stored.
        var stored = (await _store.GetRecordsAsync(state.Definition.Id, EconomyRecords.StatementRow.Kind, [.. rows.Select(r => r.Document.Key)], ct).ConfigureAwait(false))
            .ToDictionary(d => d.Key, StringComparer.Ordinal);

        var (documents, already, conflicting) = (new List<LedgerDocument>(), 0, ImmutableArray.CreateBuilder<string>());
        foreach (var (row, document) in rows)
        {
            var key = document.Key;
            if (stored.TryGetValue(key, out var existing))
            {
                if (SameRow(EconomyRecords.StatementRow.Read(existing), row))
                {
                    already++;
                }
                else
                {
                    conflicting.Add(key);
                }

                continue;
            }

            stored[key] = document;
            documents.Add(document);
        }

        return CommandPlan<StatementImportResult>.WithoutJournals(documents, new StatementImportResult(documents.Count, already, conflicting.ToImmutable()));
    }

    private static bool SameRow(StatementRow stored, StatementRow row) =>
        stored with { Line = 0, SourceFile = string.Empty } == row with { Line = 0, SourceFile = string.Empty };

    private static List<PostingError> CheckStatementRows(LedgerState state, IReadOnlyList<StatementRow> rows)
    {
        var errors = new List<PostingError>();
        foreach (var row in rows)
        {
            var problem = state.Definition.FindEntity(row.Entity) is null ? $"Ledger '{state.Definition.Id}' has no entity '{row.Entity}'."
                : string.IsNullOrWhiteSpace(row.TransactionId) || row.TransactionId.Length > 128 ? "A row needs a transaction id of at most 128 characters."
                : !PackageRules.IsCny(row.Amount) || !row.Amount.IsPositive ? "A row's amount is positive, in CNY."
                : !PackageRules.IsCny(row.Fee) || row.Fee.IsNegative ? "A row's fee is zero or more, in CNY."
                : (row.Channel == PaymentChannel.Bank) != (row.Kind is StatementRowKind.BankCredit or StatementRowKind.BankDebit) ? "Bank rows are credits or debits; channel rows are payments or refunds."
                : row.Channel is not (PaymentChannel.Bank or PaymentChannel.WeChatPay or PaymentChannel.Alipay) ? "Statements are of weChatPay, alipay or bank."
                : null;
            if (problem is not null)
            {
                errors.Add(new PostingError(EconomyErrorCodes.StatementRowInvalid, $"Line {row.Line} ({row.TransactionId}): {problem}", $"rows[{row.Line}]"));
                if (errors.Count >= 20)
                {
                    break;
                }
            }
        }

        return errors;
    }
}
