using System.Collections.Immutable;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using Microsoft.EntityFrameworkCore;

namespace CommunityFund.Api.Cli;

/// <summary>
/// Verifies a copy of the books (a SQLite file, such as a backup) without writing it: the file is opened read-only,
/// never migrated, and every ledger in it gets the integrity check of <c>GET /ledgers/{id}/verification</c> (hash
/// chain, balances rebuilt from the journals) and the trustees' audit of <c>GET /ledgers/{id}/audit</c>, the fund's
/// unpaid shares aged as of the last accounting date in the books.
/// </summary>
public static class BooksCopyVerifier
{
    /// <summary>Verifies the copy.</summary>
    /// <param name="file">The copy.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The verification of the file and of each ledger in it.</returns>
    /// <exception cref="InvalidOperationException">There is no such file.</exception>
    public static async Task<CopyVerification> VerifyAsync(string file, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"There is no file '{path}' to verify.");
        }

        // The store's own SQLite set-up would switch the file to WAL (a write); this one only reads, through EF Core.
        var options = new DbContextOptionsBuilder<SqliteBooksDbContext>().UseSqlite(SqliteCopy.ReadOnly(path)).Options;
        List<string> migrations;
        await using (var context = new SqliteBooksDbContext(options))
        {
            migrations = [.. context.Database.GetMigrations()];
        }

        var (problems, readable) = await SqliteCopy.ProblemsAsync(path, migrations, cancellationToken).ConfigureAwait(false);
        if (!readable)
        {
            return new CopyVerification(path, [], problems);
        }

        var store = new EfLedgerStore(() => new SqliteBooksDbContext(options));
        var economy = new LedgerEconomyStore(store);
        var ledgers = ImmutableArray.CreateBuilder<LedgerVerification>();
        foreach (var head in await SqliteCopy.HeadsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var id = LedgerId.From(head.Ledger);
            var integrity = await LedgerIntegrity.CheckAsync(store, id, cancellationToken).ConfigureAwait(false);
            var audit = await LedgerAudit.RunAsync(store, economy, id, null, null, cancellationToken).ConfigureAwait(false);
            ledgers.Add(new LedgerVerification(head, integrity, audit));
        }

        return new CopyVerification(path, ledgers.ToImmutable(), problems);
    }
}
