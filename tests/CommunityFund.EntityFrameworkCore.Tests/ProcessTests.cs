using System.Collections.Concurrent;
using System.Diagnostics;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>Real processes writing one SQLite ledger: several at once, and one killed with SIGKILL again and again.</summary>
public sealed class ProcessTests : IAsyncLifetime
{
    private static readonly LedgerId Ledger = LedgerId.From("crash");
    private static readonly EntityId Provider = EntityId.From("provider");
    private SqliteBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _backend = await SqliteBackend.CreateAsync();
        Assert.True(await _backend.Store.CreateLedgerAsync(new LedgerDefinition(Ledger, "Crash", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, AccountingProfile.NpoCn))));
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task SeveralProcessesWritingOneLedger_KeepTheSequenceGaplessAndTheChainIntact()
    {
        var writers = Enumerable.Range(0, 3).Select(w => Writer.Start(_backend.Path, $"p{w}", 40, 0)).ToList();
        foreach (var writer in writers)
        {
            Assert.Equal(0, await writer.WaitAsync(TimeSpan.FromMinutes(2)));
        }

        var verdict = await ChainVerifier.VerifyAsync(_backend.Store, Ledger);
        Assert.True(verdict.IsIntact, verdict.Problem);
        Assert.Equal(120, verdict.LastSequence);
        Assert.Equal(120, writers.Sum(w => w.Acknowledged.Count));
    }

    [Fact]
    public async Task KilledWriter_LosesNoAcknowledgedJournalAndLeavesNothingPartial()
    {
        var random = new Random(20261126);
        var acknowledged = new Dictionary<string, long>();
        var next = 0;
        for (var kill = 0; kill < 10; kill++)
        {
            var writer = Writer.Start(_backend.Path, "crash", 1_000_000, next);
            await writer.FirstAckAsync(TimeSpan.FromMinutes(1));
            await Task.Delay(random.Next(20, 400));
            writer.Kill();
            await writer.WaitAsync(TimeSpan.FromMinutes(1));
            foreach (var (key, sequence) in writer.Acknowledged)
            {
                acknowledged[key] = sequence;
            }

            var store = BooksStore.Sqlite(_backend.ConnectionString);
            foreach (var (key, sequence) in acknowledged)
            {
                var found = await store.FindByIdempotencyKeyAsync(Ledger, key);
                Assert.True(found.Count == 1 && found[0].Sequence == sequence, $"after kill {kill}: acknowledged {key} at {sequence} is missing");
            }

            var integrity = await LedgerIntegrity.CheckAsync(store, Ledger);
            Assert.True(integrity.IsSound, $"after kill {kill}: {integrity.Chain.Problem} {string.Join("; ", integrity.BalanceMismatches)}");
            Assert.Equal(0, await OrphanLinesAsync());
            var trialBalance = await TrialBalance.BuildAsync(store, Ledger, Provider, null);
            Assert.All(trialBalance.Sections, section => Assert.Equal(section.TotalDebitBalance, section.TotalCreditBalance));
            Assert.True(trialBalance.IsBalanced);

            // Re-send the request the writer may have been in the middle of: it is created once, or returned.
            var unacknowledged = writer.Acknowledged.Count == 0 ? next : writer.LastIndex + 1;
            var key2 = $"crash-{unacknowledged}";
            var resend = await new PostingEngine(store, NodaTime.SystemClock.Instance).PostAsync(Ledger, CrashJournal.For(Provider, unacknowledged), key2);
            Assert.True(resend.Outcome is PostingOutcome.Created or PostingOutcome.AlreadyExists, string.Join("; ", resend.Errors));
            Assert.Single(await store.FindByIdempotencyKeyAsync(Ledger, key2));
            acknowledged[key2] = resend.Journal.Sequence;
            next = unacknowledged + 1;
        }

        Assert.True(acknowledged.Count >= 10);
    }

    private async Task<long> OrphanLinesAsync()
    {
        await using var context = new SqliteBooksDbContext(BooksStore.SqliteOptions(_backend.ConnectionString));
        return await context.Database.SqlQueryRaw<long>(
            "SELECT COUNT(*) AS \"Value\" FROM journal_lines l LEFT JOIN journals j ON j.ledger_id = l.ledger_id AND j.sequence = l.sequence WHERE j.sequence IS NULL").SingleAsync();
    }

    /// <summary>A CrashWriter process and what it acknowledged.</summary>
    private sealed class Writer
    {
        private readonly Process _process;
        private readonly TaskCompletionSource _firstAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<(string Key, long Sequence, int Index)> _acks = new();

        private Writer(Process process) => _process = process;

        internal IReadOnlyList<(string Key, long Sequence)> Acknowledged => [.. _acks.Select(a => (a.Key, a.Sequence))];

        internal int LastIndex => _acks.Max(a => a.Index);

        internal static Writer Start(string database, string prefix, int count, int start)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CommunityFund.CrashWriter.dll"));
            info.ArgumentList.Add(database);
            info.ArgumentList.Add(prefix);
            info.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add(start.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var process = new Process { StartInfo = info };
            var writer = new Writer(process);
            process.OutputDataReceived += (_, e) => writer.OnLine(e.Data);
            process.ErrorDataReceived += (_, _) => { };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return writer;
        }

        internal async Task FirstAckAsync(TimeSpan timeout) => await _firstAck.Task.WaitAsync(timeout);

        internal void Kill() => _process.Kill(entireProcessTree: true);

        internal async Task<int> WaitAsync(TimeSpan timeout)
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            _process.WaitForExit();
            return _process.ExitCode;
        }

        private void OnLine(string? line)
        {
            if (line is null || !line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                return;
            }

            var parts = line.Split(' ');
            var index = int.Parse(parts[1][(parts[1].LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            _acks.Enqueue((parts[1], long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), index));
            _firstAck.TrySetResult();
        }
    }
}
