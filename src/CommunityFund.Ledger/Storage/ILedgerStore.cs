namespace CommunityFund.Storage;

/// <summary>
/// Where the books are kept: the journal log (<see cref="IJournalLog"/>: definitions, the append-only chain with its
/// keys, the period lock), the balances maintained with it (<see cref="IBalanceReader"/>) and the records kept beside
/// it (<see cref="IRecordStore"/>). A store implements all three over one transaction boundary; a consumer asks for
/// the narrowest it needs.
/// </summary>
public interface ILedgerStore : IJournalLog, IBalanceReader, IRecordStore
{
}
