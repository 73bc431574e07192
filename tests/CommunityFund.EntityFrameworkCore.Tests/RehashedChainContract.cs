using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Tests.Posting;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>
/// Someone with write access to the database (and the triggers out of the way) changes a journal's amounts and then
/// rewrites its hash — and, to hide it further, the hashes of the journals after it and the ledger's head — so that
/// every journal still matches its own hash. The verifier finds the first journal that names the old hash; when the
/// whole tail and the head were rewritten, only a checkpoint kept elsewhere exposes it.
/// </summary>
public abstract class RehashedChainContract : IAsyncLifetime
{
    private const int Journals = 10;
    private static readonly LedgerId Ledger = LedgerId.From("rehash");
    private static readonly EntityId Provider = EntityId.From("provider");
    private IBackend? _backend;
    private List<Journal> _chain = [];

    private IBackend Backend => _backend ?? throw new InvalidOperationException("Not initialised.");

    protected abstract Task<IBackend> CreateBackendAsync();

    /// <summary>Disables the append-only triggers, runs the statements, and enables the triggers again.</summary>
    protected abstract Task RewriteAsync(IBackend backend, IEnumerable<string> statements);

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        Assert.True(await Backend.Store.CreateLedgerAsync(new LedgerDefinition(Ledger, "Rehash", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, AccountingProfile.NpoCn))));
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 1, 0, 0)));
        for (var i = 1; i <= Journals; i++)
        {
            var amount = Money.FromMinorUnits(i * 1_000, Currency.CNY);
            Assert.True((await engine.PostAsync(Ledger, new JournalDraft(new LocalDate(2026, 3, i), JournalKind.Sale, $"sale {i}",
                [LineDraft.Debit(Provider, "1002.01", amount), LineDraft.Credit(Provider, "4301.01", amount)]))).Succeeded);
        }

        _chain = [.. await Backend.Store.ReadJournalsAsync(Ledger, 0, Journals)];
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task OneJournalEditedAndRehashedInTheDatabase_IsFoundAtTheNextJournal()
    {
        await EditAndRehashAsync(edited: 4, through: 4, moveHead: false);

        var verdict = await ChainVerifier.VerifyAsync(Backend.OpenAnother(), Ledger, pageSize: 3);

        Assert.Equal(5L, verdict.FirstBadSequence);
        Assert.StartsWith("Journal 5 names previous hash", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunRehashedInTheDatabase_IsFoundAtTheFirstJournalAfterTheRun()
    {
        await EditAndRehashAsync(edited: 3, through: 7, moveHead: false);

        var verdict = await ChainVerifier.VerifyAsync(Backend.OpenAnother(), Ledger, pageSize: 3);

        Assert.Equal(8L, verdict.FirstBadSequence);
        Assert.StartsWith("Journal 8 names previous hash", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunRehashedToTheEndInTheDatabase_IsFoundByTheStoredHead()
    {
        await EditAndRehashAsync(edited: 4, through: Journals, moveHead: false);

        var verdict = await ChainVerifier.VerifyAsync(Backend.OpenAnother(), Ledger);

        Assert.Equal(Journals + 1L, verdict.FirstBadSequence);
        Assert.StartsWith("The head says", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATailRehashedFromBeforeAKeptCheckpoint_WithTheHeadMoved_IsFoundOnlyByTheCheckpoint()
    {
        var kept = Rehash.At(_chain, 6);
        await EditAndRehashAsync(edited: 4, through: Journals, moveHead: true);

        var chain = await ChainVerifier.VerifyAsync(Backend.OpenAnother(), Ledger);
        var reopened = Backend.OpenAnother();
        var audit = await LedgerAudit.RunAsync(reopened, new LedgerEconomyStore(reopened), Ledger, [kept]);

        Assert.True(chain.IsIntact, chain.Problem);
        var finding = Assert.Single(audit.Findings, f => f.Code.StartsWith("checkpoint.", StringComparison.Ordinal) || f.Code == "chain.broken");
        Assert.Equal(("checkpoint.diverged", 6L), (finding.Code, finding.Sequence!.Value));
        Assert.False(audit.IsSound);
    }

    /// <summary>The statement that adds <paramref name="minor"/> to the amount of every line of the journal
    /// <paramref name="sequence"/>: rows of <c>journal_lines</c> on SQLite, the journal's array of amounts on PostgreSQL
    /// (ADR 0038; a credit's amount is stored negative).</summary>
    protected virtual string AddToEveryLine(long sequence, long minor) =>
        $"UPDATE journal_lines SET amount_minor = amount_minor + {minor} WHERE ledger_id = 'rehash' AND sequence = {sequence}";

    /// <summary>A hash (hex) as an SQL literal of the journals' hash columns: text on SQLite, bytes on PostgreSQL (ADR 0035).</summary>
    protected virtual string HashLiteral(string hex) => $"'{hex}'";

    /// <summary>Adds 1.00 to both lines of journal <paramref name="edited"/> and rewrites the hashes from it through
    /// <paramref name="through"/> in the database, then checks each journal read back matches its new hash.</summary>
    private async Task EditAndRehashAsync(long edited, long through, bool moveHead)
    {
        var rewritten = Rehash.Apply(_chain, edited, through).Where(j => j.Sequence >= edited && j.Sequence <= through).ToList();
        var statements = new List<string> { AddToEveryLine(edited, 100) };
        statements.AddRange(rewritten.Select(j => $"UPDATE journals SET previous_hash = {HashLiteral(j.PreviousHash)}, hash = {HashLiteral(j.Hash)} WHERE ledger_id = 'rehash' AND sequence = {j.Sequence}"));
        if (moveHead)
        {
            statements.Add($"UPDATE ledgers SET head_hash = '{rewritten[^1].Hash}' WHERE id = 'rehash'");
        }

        await RewriteAsync(Backend, statements);

        var readBack = await Backend.OpenAnother().ReadJournalsAsync(Ledger, edited - 1, (int)(through - edited + 1));
        Assert.All(readBack, j => Assert.Equal(j.Hash, CanonicalForm.ComputeHash(j)));
        Assert.Equal(rewritten.Select(j => j.Hash), readBack.Select(j => j.Hash));
    }
}

public sealed class SqliteRehashedChain : RehashedChainContract
{
    protected override async Task<IBackend> CreateBackendAsync() => await SqliteBackend.CreateAsync();

    protected override async Task RewriteAsync(IBackend backend, IEnumerable<string> statements)
    {
        await using var connection = new SqliteConnection($"Data Source={((SqliteBackend)backend).Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER journals_no_update; DROP TRIGGER journal_lines_no_update; " + string.Join("; ", statements) + ";";
        await command.ExecuteNonQueryAsync();
        SqliteConnection.ClearAllPools();
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresRehashedChain : RehashedChainContract
{
    protected override string HashLiteral(string hex) => $"'\\x{hex}'::bytea";

    protected override string AddToEveryLine(long sequence, long minor) =>
        $"UPDATE journals SET line_amounts = (SELECT array_agg(a + sign(a)::bigint * {minor} ORDER BY n) FROM unnest(line_amounts) WITH ORDINALITY AS u(a, n)) " +
        $"WHERE ledger_id = 'rehash' AND sequence = {sequence}";

    protected override async Task<IBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();

    protected override Task RewriteAsync(IBackend backend, IEnumerable<string> statements) =>
        PostgresServer.ExecuteAsync(((PostgresBackend)backend).OwnerConnectionString,
            "ALTER TABLE journals DISABLE TRIGGER USER; " + string.Join("; ", statements) + "; ALTER TABLE journals ENABLE TRIGGER USER;");
}
