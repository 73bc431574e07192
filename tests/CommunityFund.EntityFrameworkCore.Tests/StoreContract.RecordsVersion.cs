using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The store contract: the records version moves with every record written or deleted without journals
/// (ADR 0045), so that with the head it tells a reader whether a list it read is still the stored one.</summary>
public abstract partial class StoreContract
{
    private static readonly LedgerDocument Versioned = new("contract-version", "a", null, 0, "{}");

    [Fact]
    public async Task RecordsVersion_Moves_WhenRecordsAreWrittenAlone()
    {
        var before = await Store.GetRecordsVersionAsync(Ledger);

        await Store.PutDocumentsAsync(Ledger, [Versioned]);

        Assert.NotNull(before);
        Assert.NotEqual(before, await Store.GetRecordsVersionAsync(Ledger));
    }

    [Fact]
    public async Task RecordsVersion_Moves_WhenRecordsAreDeleted()
    {
        await Store.PutDocumentsAsync(Ledger, [Versioned]);
        var before = await Store.GetRecordsVersionAsync(Ledger);

        Assert.Equal(1, await Store.DeleteDocumentsAsync(Ledger, Versioned.Kind, [Versioned.Key]));

        Assert.NotEqual(before, await Store.GetRecordsVersionAsync(Ledger));
    }

    [Fact]
    public async Task RecordsVersion_Moves_WhenRecordsAreWrittenAtTheHead()
    {
        var head = (await Store.GetLedgerAsync(Ledger))!.Head.Sequence;
        var before = await Store.GetRecordsVersionAsync(Ledger);

        Assert.True(await Store.PutDocumentsAtHeadAsync(Ledger, head, [Versioned]));

        Assert.NotEqual(before, await Store.GetRecordsVersionAsync(Ledger));
    }

    [Fact]
    public async Task RecordsVersion_Moves_WhenAPeriodClosesWithRecords()
    {
        var head = (await Store.GetLedgerAsync(Ledger))!.Head.Sequence;
        var before = await Store.GetRecordsVersionAsync(Ledger);

        Assert.True(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2025, 12, 31), head, [Versioned]));

        Assert.NotEqual(before, await Store.GetRecordsVersionAsync(Ledger));
    }

    [Fact]
    public async Task RecordsVersion_StandsStill_WhenRecordsAreWrittenWithJournals_WhichMoveTheHead()
    {
        var before = await Store.GetRecordsVersionAsync(Ledger);

        Assert.True((await Engine.PostBatchAsync(new PostingBatch(Ledger, [Sale(100)]) { Documents = _ => [Versioned] })).Succeeded);

        Assert.Equal(before, await Store.GetRecordsVersionAsync(Ledger));
    }

    [Fact]
    public async Task RecordsVersion_OfALedgerThatDoesNotExist_IsNull() =>
        Assert.Null(await Store.GetRecordsVersionAsync(LedgerId.From("no-such-ledger")));
}
