using System.Collections.Concurrent;
using System.Net;
using CommunityFund.Api.Cli;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunityFund.Api.Tests;

/// <summary><c>books backup</c> and <c>books verify</c>: an online copy of the SQLite books under write load, restored
/// and verified; a tampered copy fails verification.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly ApiApplication _app = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-backup-").FullName;

    public void Dispose()
    {
        _app.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Dictionary<string, string?> Settings => new() { ["Books:ConnectionString"] = $"Data Source={_app.DatabaseFile}", ["Books:CheckpointKeyFile"] = Path.Combine(_folder, "key.pem") };

    [Fact]
    public async Task Backup_TakenWhileSalesArePosted_HoldsEverySaleAcknowledgedBeforeIt_AndVerifies_AndRestores()
    {
        var client = _app.Client(ApiApplication.ElderCare);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/ledgers/demo/sales", Http.Sale())).StatusCode);
        var acknowledged = new ConcurrentQueue<Guid>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostSalesAsync(client, acknowledged, stop.Token))).ToList();
        await WaitForAsync(() => acknowledged.Count >= 20);

        var before = acknowledged.ToList();
        var backup = await SqliteBackup.BackupAsync($"Data Source={_app.DatabaseFile}", Path.Combine(_folder, "copy.db"));
        var after = acknowledged.Count;
        await WaitForAsync(() => acknowledged.Count >= after + 20);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        // Every sale acknowledged before the backup started is in the copy, at or below its head, and the copy verifies.
        var head = Assert.Single(backup.Heads);
        var verification = await BooksCopyVerifier.VerifyAsync(backup.File);
        Assert.True(verification.IsSound, string.Join("; ", verification.Ledgers.SelectMany(l => l.Audit.Findings).Select(f => f.Message)));
        Assert.Equal((head.Sequence, head.Hash), (verification.Ledgers[0].Integrity.Chain.LastSequence, verification.Ledgers[0].Integrity.Chain.LastHash));
        var copy = new EfLedgerStore(() => new SqliteBooksDbContext(new DbContextOptionsBuilder<SqliteBooksDbContext>().UseSqlite($"Data Source={backup.File};Mode=ReadOnly;Pooling=False").Options));
        foreach (var journal in before)
        {
            var found = await copy.GetJournalAsync(LedgerId.From("demo"), new JournalId(journal));
            Assert.True(found is not null && found.Sequence <= head.Sequence, $"sale journal {journal}, acknowledged before the backup, is not in the copy");
        }

        Assert.True(acknowledged.Count > before.Count + 20, "the API did not keep writing");
        Assert.Equal(0, await ServerCommands.RunAsync(["books", "verify", backup.File], TextWriter.Null, TextWriter.Null));

        // Restored (the copy put in place of a fresh API's database), the books serve the same head and still verify.
        using var restored = new ApiApplication();
        File.Copy(backup.File, restored.DatabaseFile, overwrite: true);
        var trustee = restored.Client(ApiApplication.Trustee);
        var chain = (await (await trustee.GetAsync("/ledgers/demo/verification")).JsonAsync()).GetProperty("chain");
        Assert.True(chain.GetProperty("isIntact").GetBoolean());
        Assert.Equal(head.Sequence, chain.GetProperty("lastSequence").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await trustee.GetAsync($"/ledgers/demo/journals/{before[^1]}")).StatusCode);
    }

    [Fact]
    public async Task BackupCommand_PrintsTheHeadAndSize_AndRefusesAnExistingFile()
    {
        Assert.Equal(HttpStatusCode.Created, (await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale())).StatusCode);
        var target = Path.Combine(_folder, "books-backup.db");
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, await ServerCommands.RunAsync(["books", "backup", target], output, error, Settings));
        var size = new FileInfo(target).Length;
        Assert.Contains($"({size:N0} bytes)", output.ToString(), StringComparison.Ordinal);
        var head = Assert.Single((await BooksCopyVerifier.VerifyAsync(target)).Ledgers).Head;
        Assert.Contains($"demo\thead {head.Sequence}\t{head.Hash}", output.ToString(), StringComparison.Ordinal);

        var (again, refused) = (new StringWriter(), new StringWriter());
        Assert.Equal(1, await ServerCommands.RunAsync(["books", "backup", target], again, refused, Settings));
        Assert.Contains("already exists", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(size, new FileInfo(target).Length);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteBackup.BackupAsync($"Data Source={_app.DatabaseFile}", target));
    }

    [Fact]
    public async Task VerifyCommand_OnACopyWithAnAlteredJournal_ExitsNonZero_NamingTheSequence()
    {
        Assert.Equal(HttpStatusCode.Created, (await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale())).StatusCode);
        var backup = await SqliteBackup.BackupAsync($"Data Source={_app.DatabaseFile}", Path.Combine(_folder, "copy.db"));
        var tampered = Path.Combine(_folder, "tampered.db");
        File.Copy(backup.File, tampered);
        await using (var connection = new SqliteConnection($"Data Source={tampered};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER IF EXISTS journals_no_update; UPDATE journals SET memo = 'altered' WHERE ledger_id = 'demo' AND sequence = 7;";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(1, await ServerCommands.RunAsync(["books", "verify", tampered], output, error));
        Assert.Contains("CHAIN BROKEN at sequence 7", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("chain.broken at sequence 7", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("NOT SOUND (ledgers: demo)", output.ToString(), StringComparison.Ordinal);

        var (good, none) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await ServerCommands.RunAsync(["books", "verify", backup.File], good, none));
        Assert.Contains("chain intact", good.ToString(), StringComparison.Ordinal);
        Assert.Contains(": sound (1 ledger(s)).", good.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyCommand_NeverWritesTheCopy()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/verification")).StatusCode);
        var backup = await SqliteBackup.BackupAsync($"Data Source={_app.DatabaseFile}", Path.Combine(_folder, "copy.db"));
        var bytes = await File.ReadAllBytesAsync(backup.File);

        Assert.Equal(0, await ServerCommands.RunAsync(["books", "verify", backup.File], TextWriter.Null, TextWriter.Null));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(backup.File));
        Assert.Equal(["copy.db"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task VerifyCommand_OnAMissingFileOrOneThatIsNotTheBooks_Exits1()
    {
        var other = Path.Combine(_folder, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x);";
            await command.ExecuteNonQueryAsync();
        }

        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(1, await ServerCommands.RunAsync(["books", "verify", Path.Combine(_folder, "missing.db")], output, error));
        Assert.Contains("There is no file", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await ServerCommands.RunAsync(["books", "verify", other], output, error));
        Assert.Contains("not a CommunityFund database", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupCommand_OnPostgres_GivesThePgDumpCommands_AndExits1()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var settings = new Dictionary<string, string?> { ["Books:Provider"] = "Postgres", ["Books:ConnectionString"] = "Host=localhost;Database=none" };

        Assert.Equal(1, await ServerCommands.RunAsync(["books", "backup", Path.Combine(_folder, "x.db")], output, error, settings));

        Assert.Contains("pg_dump --format=custom", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("pg_restore", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "x.db")));
    }

    private static async Task PostSalesAsync(HttpClient client, ConcurrentQueue<Guid> acknowledged, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var response = await client.PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-05-02"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            acknowledged.Enqueue((await response.JsonAsync()).GetProperty("journal").GetGuid());
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the writers");
            await Task.Delay(10);
        }
    }
}
