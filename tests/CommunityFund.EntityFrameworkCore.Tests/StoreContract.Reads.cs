using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The store contract: the paged reads of accounts, kinds, the register and records.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task AccountJournals_AreThoseWithALineOnTheAccount_DatedInTheRange_InSequenceOrder()
    {
        await PostInterleavedAsync();

        var from = new LocalDate(2026, 2, 3);
        var to = new LocalDate(2026, 2, 16);
        var expected = new List<long>();
        await foreach (var journal in Store.StreamJournalsAsync(Ledger))
        {
            if (journal.AccountingDate >= from && journal.AccountingDate <= to && journal.Lines.Any(l => l.Entity == Provider && l.Account.Value == "1002.01"))
            {
                expected.Add(journal.Sequence);
            }
        }

        var read = new List<Journal>();
        await foreach (var journal in Store.ReadAccountJournalsAsync(Ledger, Provider, AccountCode.Parse("1002.01"), from, to))
        {
            read.Add(journal);
        }

        Assert.True(expected.Count > 100);
        Assert.Equal(expected, read.Select(j => j.Sequence));
        Assert.All(read, j => Assert.Equal(j.Hash, CanonicalForm.ComputeHash(j))); // whole journals, every line
        var all = new List<long>();
        await foreach (var journal in Store.ReadAccountJournalsAsync(Ledger, Hub, AccountCode.Parse("1002.01"), null, null))
        {
            all.Add(journal.Sequence);
        }

        Assert.Equal(400, all.Count);
    }

    [Fact]
    public async Task AccountJournalPages_AreTheAccountsJournals_ByDateThenSequence_EachOnce()
    {
        await PostInterleavedAsync();
        var (from, to) = (new LocalDate(2026, 2, 3), new LocalDate(2026, 2, 16));
        var expected = new List<Journal>();
        await foreach (var journal in Store.ReadAccountJournalsAsync(Ledger, Provider, AccountCode.Parse("1002.01"), from, to))
        {
            expected.Add(journal);
        }

        var paged = new List<Journal>();
        JournalCursor? after = null;
        for (IReadOnlyList<Journal> page; (page = await Store.ReadAccountJournalsPageAsync(Ledger, Provider, AccountCode.Parse("1002.01"), from, to, after, 37)).Count > 0;)
        {
            paged.AddRange(page);
            after = new JournalCursor(page[^1].AccountingDate, page[^1].Sequence);
        }

        Assert.Equal(expected.OrderBy(j => j.AccountingDate).ThenBy(j => j.Sequence).Select(j => j.Sequence), paged.Select(j => j.Sequence));
        Assert.All(paged, j => Assert.Equal(j.Hash, CanonicalForm.ComputeHash(j))); // whole journals, every line
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("provider", false)]
    [InlineData("hub", true)]
    public async Task KindJournalPages_AreTheKindsJournalsWithALineOnTheEntity_ByDateThenId_EachOnce(string? entity, bool ranged)
    {
        // Distributions (the provider's, every other one with a line on the hub too) among manual journals, dates back and forth.
        for (var i = 0; i < 600; i++)
        {
            var date = new LocalDate(2026, 1 + (i % 3), 1 + (i * 7 % 28));
            ImmutableArray<LineDraft> lines = i % 4 == 1
                ? [.. Sale(10 + i).Lines, LineDraft.Debit(Hub, "1002.01", Cny(1)), LineDraft.Credit(Hub, "5001.01", Cny(1))]
                : Sale(10 + i).Lines;
            var draft = new JournalDraft(date, i % 2 == 0 ? JournalKind.Manual : JournalKind.Distribution, $"j {i}", lines)
            {
                Metadata = i % 3 == 0 ? JournalMetadata.Empty : JournalMetadata.From(("sale.id", $"s-{i}"), ("n", $"{i}")), // heads read their metadata
            };
            Assert.True((await Engine.PostAsync(Ledger, draft)).Succeeded);
        }

        EntityId? on = entity is null ? null : entity == "hub" ? Hub : Provider;
        var (from, to) = ranged ? ((LocalDate?)new LocalDate(2026, 1, 20), (LocalDate?)new LocalDate(2026, 3, 5)) : (null, null);
        var expected = new List<Journal>();
        await foreach (var journal in Store.ReadDatedJournalsAsync(Ledger, from, to))
        {
            if (journal.Kind == JournalKind.Distribution && (on is null || journal.Lines.Any(l => l.Entity == on)))
            {
                expected.Add(journal);
            }
        }

        var paged = new List<JournalHead>();
        DatedJournalId? after = null;
        for (IReadOnlyList<JournalHead> page; (page = await Store.ReadKindJournalsPageAsync(Ledger, JournalKind.Distribution, on, from, to, after, 37)).Count > 0;)
        {
            paged.AddRange(page);
            after = new DatedJournalId(page[^1].AccountingDate, page[^1].Id);
        }

        if (!ranged)
        {
            Assert.Equal(on == Hub ? 150 : 300, expected.Count); // every distribution has the provider's lines; every other one the hub's
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(j => j.AccountingDate).ThenBy(j => j.Id).Select(j => Shape(JournalHead.Of(j))), paged.Select(Shape));
        static string Shape(JournalHead h) => $"{h.Sequence}|{h.Id}|{h.AccountingDate}|{h.Kind}|{string.Join(",", h.Metadata)}";
    }

    [Fact]
    public async Task RegisterPages_TogetherAreTheWholeRegister_EachOpeningWhereTheLastClosed()
    {
        await PostInterleavedAsync();
        var (from, to) = (new LocalDate(2026, 1, 10), new LocalDate(2026, 2, 20));
        var whole = await AccountRegister.BuildAsync(Store, Ledger, Provider, AccountCode.Parse("1002.01"), from, to);
        var lines = new List<RegisterLine>();
        var opening = whole.Opening;
        JournalCursor? after = null;
        do
        {
            var page = await AccountRegister.BuildPageAsync(Store, Ledger, Provider, AccountCode.Parse("1002.01"), from, to, after, 41);
            Assert.Equal(opening, page.Register.Opening);
            lines.AddRange(page.Register.Lines);
            (opening, after) = (page.Register.Closing, page.Next);
        }
        while (after is not null);

        Assert.Equal(whole.Lines, lines);
        Assert.Equal(whole.Closing, opening);
    }

    /// <summary>1,200 journals whose dates jump back and forth (back-dating in open periods): a third the hub's, the rest
    /// the provider's sales.</summary>
    private async Task PostInterleavedAsync()
    {
        for (var i = 0; i < 1_200; i++)
        {
            var date = new LocalDate(2026, 1 + (i % 3), 1 + (i % 28));
            var draft = i % 3 == 0
                ? new JournalDraft(date, JournalKind.Manual, $"hub {i}", [LineDraft.Debit(Hub, "1002.01", Cny(5 + i)), LineDraft.Credit(Hub, "5001.01", Cny(5 + i))])
                : Sale(10 + i, date, $"sale {i}");
            Assert.True((await Engine.PostAsync(Ledger, draft)).Succeeded);
        }
    }

    [Fact]
    public async Task RecordPages_TogetherAreTheListedRecords_InTheSameOrder()
    {
        await Store.PutDocumentsAsync(Ledger, [.. Enumerable.Range(0, 300).Select(i => new LedgerDocument("contract-paged", $"k{i % 7}-{i}", i % 3 == 0 ? "a" : "b", i % 5, "{}"))]);
        foreach (var owner in new[] { null, "a" })
        {
            var paged = new List<LedgerDocument>();
            DocumentCursor? after = null;
            for (IReadOnlyList<LedgerDocument> page; (page = await Store.ListDocumentsPageAsync(Ledger, "contract-paged", owner, after, 13)).Count > 0;)
            {
                paged.AddRange(page);
                after = DocumentCursor.After(page[^1]);
            }

            Assert.Equal(await Store.ListDocumentsAsync(Ledger, "contract-paged", owner), paged);
        }
    }
}
