using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The store contract: records (documents) written alone, with journals, at the head and streamed.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task Record_KeepsItsSchemaVersion_WrittenAloneOrWithJournals()
    {
        var alone = new LedgerDocument("contract-record", "alone", "provider", 3, "{\"v\":3}") { SchemaVersion = 3 };
        var unversioned = new LedgerDocument("contract-record", "default", null, 0, "{}");
        var withJournal = new LedgerDocument("contract-record", "with-journal", null, 1, "{\"v\":2}") { SchemaVersion = 2 };
        await Store.PutDocumentsAsync(Ledger, [alone, unversioned]);
        Assert.True((await Engine.PostBatchAsync(new PostingBatch(Ledger, [Sale(100)]) { Documents = _ => [withJournal] })).Succeeded);

        var read = await Store.ListDocumentsAsync(Ledger, "contract-record", null);

        Assert.Equal([("default", 1), ("with-journal", 2), ("alone", 3)], read.Select(d => (d.Key, d.SchemaVersion)));
        Assert.Equal(3, (await Store.GetDocumentAsync(Ledger, "contract-record", "alone"))!.SchemaVersion);
    }

    [Fact]
    public async Task RecordsByKeys_AreTheStoredOnesOfThatKind_AbsentKeysLeftOut()
    {
        var stored = Enumerable.Range(0, 1_200).Select(i => new LedgerDocument("contract-keyed", $"k{i:0000}", null, i, $"{{\"i\":{i}}}")).ToList();
        await Store.PutDocumentsAsync(Ledger, [.. stored, new LedgerDocument("contract-other", "k0001", null, 0, "{}")]);
        string[] wanted = [.. Enumerable.Range(0, 1_200).Where(i => i % 2 == 0).Select(i => $"k{i:0000}"), "k9999", "k0000"];

        var read = await Store.GetDocumentsAsync(Ledger, "contract-keyed", wanted);

        Assert.Equal(stored.Where((_, i) => i % 2 == 0).Select(d => (d.Key, d.Json)), read.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, d.Json)));
    }

    [Fact]
    public async Task ManyRecordsWrittenAtOnce_KeepTheLastWriteOfEachKey_WithinAndAcrossChunks()
    {
        // 2,500 writes of 1,000 keys: every key is written in more than one of the store's chunks of documents, and
        // the keys 0–99 twice in a row as well.
        var writes = Enumerable.Range(0, 2_500).Select(i => (Key: $"k{i % 1_000:0000}", Value: i))
            .SelectMany(w => w.Value < 100 ? [w, (w.Key, Value: w.Value + 10_000)] : new[] { w })
            .Select(w => new LedgerDocument("contract-chunked", w.Key, null, w.Value, $"{{\"v\":{w.Value}}}")).ToList();

        await Store.PutDocumentsAsync(Ledger, writes);

        var expected = writes.GroupBy(d => d.Key).Select(g => (g.Key, g.Last().Json)).OrderBy(d => d.Key, StringComparer.Ordinal);
        var read = await Store.ListDocumentsAsync(Ledger, "contract-chunked", null);
        Assert.Equal(expected, read.Select(d => (d.Key, d.Json)).OrderBy(d => d.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RecordsWrittenWithJournals_KeepTheLastWriteOfEachKey()
    {
        // What a group of sales writes: each sale carries the remainder forward under the same key.
        List<LedgerDocument> writes =
        [
            new("contract-carry", "cafe/standard", "cafe", 0, "{\"c\":1}"),
            new("contract-carry", "other/standard", "other", 0, "{\"c\":7}"),
            new("contract-carry", "cafe/standard", "cafe", 0, "{\"c\":2}"),
            new("contract-carry", "cafe/standard", "cafe", 0, "{\"c\":3}"),
        ];

        Assert.True((await Engine.PostBatchAsync(new PostingBatch(Ledger, [Sale(100)]) { Documents = _ => writes })).Succeeded);

        var read = await Store.ListDocumentsAsync(Ledger, "contract-carry", null);
        Assert.Equal([("cafe/standard", "{\"c\":3}"), ("other/standard", "{\"c\":7}")], read.Select(d => (d.Key, d.Json)).OrderBy(d => d.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RecordsAtTheHead_AreWritten_WhileTheHeadIsWhereTheWriterSawIt()
    {
        var head = (await Store.GetLedgerAsync(Ledger))!.Head.Sequence;

        var written = await Store.PutDocumentsAtHeadAsync(Ledger, head, [new LedgerDocument("contract-head", "at-head", null, head, "{}")]);

        Assert.True(written);
        Assert.NotNull(await Store.GetDocumentAsync(Ledger, "contract-head", "at-head"));
    }

    [Fact]
    public async Task RecordsAtTheHead_AreNotWritten_OnceAJournalMovedIt()
    {
        var head = (await Store.GetLedgerAsync(Ledger))!.Head.Sequence;
        Assert.True((await Engine.PostBatchAsync(new PostingBatch(Ledger, [Sale(100)]))).Succeeded);

        var written = await Store.PutDocumentsAtHeadAsync(Ledger, head, [new LedgerDocument("contract-head", "late", null, head, "{}")]);

        Assert.False(written);
        Assert.Null(await Store.GetDocumentAsync(Ledger, "contract-head", "late"));
    }

    [Fact]
    public async Task StreamedRecords_AreTheListedOnes_InTheSameOrder()
    {
        await Store.PutDocumentsAsync(Ledger, [.. Enumerable.Range(0, 1_200).Select(i => new LedgerDocument("contract-streamed", $"k{i % 7}-{i}", i % 3 == 0 ? "a" : "b", i % 5, "{}") { SchemaVersion = 1 + (i % 2) })]);

        foreach (var owner in new[] { null, "a" })
        {
            var listed = await Store.ListDocumentsAsync(Ledger, "contract-streamed", owner);
            var streamed = new List<LedgerDocument>();
            await foreach (var document in Store.StreamDocumentsAsync(Ledger, "contract-streamed", owner))
            {
                streamed.Add(document);
            }

            Assert.Equal(listed, streamed);
        }
    }
}
