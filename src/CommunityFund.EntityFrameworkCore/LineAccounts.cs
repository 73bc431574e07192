using System.Data.Common;
using CommunityFund.Ledger;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The distinct accounts lines are posted to — an entity, an account code and a unit — stored once each in
/// <c>line_accounts</c> (issue 20): a line stores the id instead of the three texts (a ledger posts to a few dozen
/// accounts over millions of lines), and the lines' account index is on that id. Ids are resolved in the append's own
/// transaction and remembered once it commits (<see cref="InternTable"/>); reading joins the lines to their accounts.
/// </summary>
internal sealed class LineAccounts
{
    private readonly InternTable _accounts = new("line_accounts", ["entity_id", "account", "unit"], "(entity_id, account, unit)");

    /// <summary>The ids of the accounts of an append's lines, resolved in its transaction.</summary>
    internal async Task<Resolved> ResolveAsync(DbSession session, DbTransaction transaction, IReadOnlyList<Journal> journals, CancellationToken cancellationToken)
    {
        var resolved = new Resolved();
        foreach (var journal in journals)
        {
            foreach (var line in journal.Lines)
            {
                var key = (line.Entity.Value, line.Account.Value, line.Amount.Currency.Code);
                if (!resolved.ByLine.ContainsKey(key))
                {
                    resolved.ByLine[key] = await _accounts.IdAsync(session, transaction, [key.Item1, key.Item2, key.Code], resolved.Ids, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return resolved;
    }

    /// <summary>Remembers the ids of an append that committed.</summary>
    internal void Committed(Resolved resolved) => _accounts.Committed(resolved.Ids);

    /// <summary>The accounts of one append, by line and by stored key.</summary>
    internal sealed class Resolved
    {
        internal Dictionary<(string Entity, string Account, string Unit), long> ByLine { get; } = [];

        internal Dictionary<string, long> Ids { get; } = new(StringComparer.Ordinal);

        /// <summary>The id of a line's account.</summary>
        internal long IdOf(JournalLine line) => ByLine[(line.Entity.Value, line.Account.Value, line.Amount.Currency.Code)];
    }
}
