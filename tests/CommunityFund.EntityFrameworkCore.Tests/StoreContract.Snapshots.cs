using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The store contract: snapshots read the books as they were when opened.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task Snapshot_ReadsTheBooksAsTheyWereWhenOpened_WhileMoreIsWritten()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);
        }

        await Store.PutDocumentsAsync(Ledger, [new LedgerDocument("contract-snapshot", "before", null, 0, "{}")]);

        await using var snapshot = await LedgerSnapshot.OpenAsync(Store, Ledger);
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await Engine.PostAsync(Ledger, Sale(1_000))).Succeeded);
        }

        await Store.PutDocumentsAsync(Ledger, [new LedgerDocument("contract-snapshot", "after", null, 0, "{}"), new LedgerDocument("contract-snapshot", "before", null, 0, """{"rewritten":true}""")]);

        Assert.True(snapshot.IsIsolated);
        Assert.Equal(3, (await snapshot.Store.GetLedgerAsync(Ledger))!.Head.Sequence);
        Assert.Equal([1L, 2L, 3L], await SequencesAsync(snapshot.Store));
        Assert.Equal(300, (await snapshot.Store.GetBalancesAsync(Ledger, Provider, null)).Single(b => b.Account.Value == "1002.01").DebitMinorUnits);
        Assert.Equal(["before"], (await snapshot.Store.ListDocumentsAsync(Ledger, "contract-snapshot", null)).Select(d => d.Key));
        Assert.Equal("{}", (await snapshot.Store.GetDocumentAsync(Ledger, "contract-snapshot", "before"))!.Json);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], await SequencesAsync(Store));
    }

    [Fact]
    public async Task Snapshot_RefusesWrites()
    {
        var journal = await NextJournalAsync(Sale(100));
        await using var snapshot = await LedgerSnapshot.OpenAsync(Store, Ledger);

        await Assert.ThrowsAsync<InvalidOperationException>(() => snapshot.Store.AppendAsync(new AppendRequest(Ledger, 0, [journal], null, null)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => snapshot.Store.PutDocumentsAsync(Ledger, [new LedgerDocument("contract-snapshot", "written", null, 0, "{}")]));

        Assert.Empty(await SequencesAsync(Store));
        Assert.Null(await Store.GetDocumentAsync(Ledger, "contract-snapshot", "written"));
    }

    [Fact]
    public async Task Snapshot_OpenedAfterOthersWereDisposed_SeesItsOwnMoment()
    {
        // Snapshots reuse the store's connections: one given back still in its read transaction would show an old moment.
        for (var i = 1; i <= 5; i++)
        {
            Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);
            await using var snapshot = await LedgerSnapshot.OpenAsync(Store, Ledger);
            Assert.Equal(i, (await snapshot.Store.GetLedgerAsync(Ledger))!.Head.Sequence);
        }

        Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);
        Assert.Equal(6, (await Store.GetLedgerAsync(Ledger))!.Head.Sequence);
    }

    [Fact]
    public async Task SnapshotOfASnapshot_ReadsTheSameMoment()
    {
        Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);
        await using var snapshot = await LedgerSnapshot.OpenAsync(Store, Ledger);
        Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);

        await using var again = await LedgerSnapshot.OpenAsync(snapshot.Store, Ledger);

        Assert.True(again.IsIsolated);
        Assert.Equal([1L], await SequencesAsync(again.Store));
    }

    private static async Task<List<long>> SequencesAsync(ILedgerStore store)
    {
        var sequences = new List<long>();
        await foreach (var journal in store.StreamJournalsAsync(Ledger))
        {
            sequences.Add(journal.Sequence);
        }

        return sequences;
    }
}
