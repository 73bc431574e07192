using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

/// <summary>Typed reads over an <see cref="IEconomyStore"/>.</summary>
internal static class EconomyStoreReading
{
    /// <summary>Reads the records of a type, optionally of one owner, streaming their documents so that only the typed
    /// values are held.</summary>
    internal static async Task<List<T>> ReadRecordsAsync<T>(this IEconomyStore store, LedgerId ledger, RecordType<T> type, string? owner, CancellationToken ct)
    {
        var values = new List<T>();
        await foreach (var document in store.StreamRecordsAsync(ledger, type.Kind, owner, ct).ConfigureAwait(false))
        {
            values.Add(type.Read(document));
        }

        return values;
    }

    /// <summary>Reads the statement rows, optionally of one entity, with their repeated texts held once
    /// (<see cref="StringPool"/>).</summary>
    internal static async Task<List<StatementRow>> ReadStatementRowsAsync(this IEconomyStore store, LedgerId ledger, string? owner, CancellationToken ct)
    {
        var pool = new StringPool();
        var rows = new List<StatementRow>();
        await foreach (var document in store.StreamRecordsAsync(ledger, EconomyRecords.StatementRow.Kind, owner, ct).ConfigureAwait(false))
        {
            rows.Add(pool.Share(EconomyRecords.StatementRow.Read(document)));
        }

        return rows;
    }
}
