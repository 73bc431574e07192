using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class EfLedgerStore
{
    /// <summary>Writes a document only if none of its kind and key is stored: create-only, so two processes cannot
    /// both write it (the shard directory's placements, <see cref="ShardedLedgerStore"/>).</summary>
    /// <returns><c>false</c> when a document with that kind and key existed (nothing changes).</returns>
    internal async Task<bool> AddDocumentAsync(LedgerId ledger, LedgerDocument document, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await WriterTurnAsync(session.Dialect, cancellationToken).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await MoveRecordsVersionAsync(session, transaction, ledger.Value, cancellationToken).ConfigureAwait(false);
        var added = await session.ExecuteAsync(transaction,
            "INSERT INTO documents (ledger_id, kind, key, owner, position, json, schema_version) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6) ON CONFLICT (ledger_id, kind, key) DO NOTHING",
            cancellationToken, ledger.Value, document.Kind, session.Dialect.Key(document.Key), document.Owner ?? string.Empty, document.Order, session.Dialect.Json(document.Json), document.SchemaVersion).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added == 1;
    }

    /// <summary>The ids of the ledgers this database holds (no definitions read).</summary>
    internal async Task<IReadOnlyList<string>> ListLedgerIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await session.Command(null, "SELECT id FROM ledgers").ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>How many ledgers this database holds.</summary>
    internal async Task<long> CountLedgersAsync(CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(await session.Command(null, "SELECT count(*) FROM ledgers").ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture);
    }
}
