using System.Collections.Immutable;
using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Tests.Posting;

/// <summary>The canonical form is a published contract (anyone can recompute a hash from the stored fields): these
/// fixed vectors pin its bytes and its hash, so a faster implementation can never change either.</summary>
public class CanonicalFormTests
{
    private static readonly Journal Vector = new(
        new JournalId(Guid.Parse("0193a4b2-7c1d-7e00-8a5b-1234567890ab")),
        LedgerId.From("demo"),
        7,
        new LocalDate(2026, 3, 9),
        Instant.FromUtc(2026, 3, 9, 8, 30, 15).PlusNanoseconds(123_456_700),
        JournalKind.Sale,
        "长者助餐 low-cost",
        [
            new JournalLine(EntityId.From("elder-care"), AccountCode.Parse("1002.01"), Side.Debit, Money.FromMinorUnits(12_345, Currency.CNY), Dimensions.Empty),
            new JournalLine(EntityId.From("elder-care"), AccountCode.Parse("4301.01"), Side.Credit, Money.FromMinorUnits(12_345, Currency.CNY),
                Dimensions.Empty.With(DimensionNames.Counterparty, "hub").With(DimensionNames.Programme, "助餐")),
        ],
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        string.Empty)
    {
        SourceReference = "pos-42",
        IdempotencyKey = "sale-42",
        RequestHash = "aa",
        ReversalOf = new JournalId(Guid.Parse("0193a4b2-0000-7000-8000-000000000001")),
        Metadata = JournalMetadata.Empty.Add("tier", "low-cost").Add("channel", "wechat"),
    };

    [Fact]
    public void JournalBytes_AreTheDocumentedTextForm()
    {
        var text = Encoding.UTF8.GetString(CanonicalForm.JournalBytes(Vector));

        Assert.Equal(
            "cf-journal/1\n" +
            "ledger=4:demo\n" +
            "id=36:0193a4b2-7c1d-7e00-8a5b-1234567890ab\n" +
            "sequence=1:7\n" +
            "date=10:2026-03-09\n" +
            "recorded=30:2026-03-09T08:30:15.123456700Z\n" +
            "kind=4:Sale\n" +
            "memo=21:长者助餐 low-cost\n" +
            "source=6:pos-42\n" +
            "key=7:sale-42\n" +
            "request=2:aa\n" +
            "reversal-of=36:0193a4b2-0000-7000-8000-000000000001\n" +
            "previous=64:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n" +
            "meta.channel=6:wechat\n" +
            "meta.tier=8:low-cost\n" +
            "line.entity=10:elder-care\n" +
            "line.account=7:1002.01\n" +
            "line.side=1:D\n" +
            "line.amount=5:12345\n" +
            "line.unit=3:CNY\n" +
            "line.entity=10:elder-care\n" +
            "line.account=7:4301.01\n" +
            "line.side=1:C\n" +
            "line.amount=5:12345\n" +
            "line.unit=3:CNY\n" +
            "line.dim.counterparty=3:hub\n" +
            "line.dim.programme=6:助餐\n",
            text);
    }

    [Fact]
    public void ComputeHash_OfTheVector_IsPinned()
    {
        Assert.Equal("aa5af6134b7ac0b9d8c12ad0179d876c5b60cbb3472e599c41ce4b35cf12f100", CanonicalForm.ComputeHash(Vector));
    }

    [Fact]
    public void AJournalWithoutOptionalFields_HasPinnedBytesAndHash()
    {
        var minimal = new Journal(
            new JournalId(Guid.Parse("0193a4b2-7c1d-7e00-8a5b-000000000002")), LedgerId.From("l"), 1, new LocalDate(2025, 12, 31), Instant.FromUnixTimeSeconds(0),
            JournalKind.Manual, string.Empty,
            [new JournalLine(EntityId.From("fund"), AccountCode.Parse("M500.01"), Side.Credit, Money.FromMinorUnits(-5, Currency.HOUR), Dimensions.Empty)],
            Journal.GenesisHash, string.Empty);

        Assert.Equal(
            "cf-journal/1\n" +
            "ledger=1:l\n" +
            "id=36:0193a4b2-7c1d-7e00-8a5b-000000000002\n" +
            "sequence=1:1\n" +
            "date=10:2025-12-31\n" +
            "recorded=30:1970-01-01T00:00:00.000000000Z\n" +
            "kind=6:Manual\n" +
            "memo=0:\n" +
            "source=-\n" +
            "key=-\n" +
            "request=-\n" +
            "reversal-of=-\n" +
            "previous=64:0000000000000000000000000000000000000000000000000000000000000000\n" +
            "line.entity=4:fund\n" +
            "line.account=7:M500.01\n" +
            "line.side=1:C\n" +
            "line.amount=2:-5\n" +
            "line.unit=4:HOUR\n",
            Encoding.UTF8.GetString(CanonicalForm.JournalBytes(minimal)));
        Assert.Equal("c6ee968c75b14aa5d33da214762466a133572f4e7af528376c83109d8106d1aa", CanonicalForm.ComputeHash(minimal));
    }

    [Fact]
    public void ComputeHash_ChangesWhenAnyFieldChanges()
    {
        var hash = CanonicalForm.ComputeHash(Vector);

        Assert.NotEqual(hash, CanonicalForm.ComputeHash(new Journal(Vector.Id, Vector.Ledger, Vector.Sequence, Vector.AccountingDate, Vector.RecordedAt, Vector.Kind, Vector.Memo + ".", Vector.Lines, Vector.PreviousHash, string.Empty)
        {
            SourceReference = Vector.SourceReference,
            IdempotencyKey = Vector.IdempotencyKey,
            RequestHash = Vector.RequestHash,
            ReversalOf = Vector.ReversalOf,
            Metadata = Vector.Metadata,
        }));
        Assert.NotEqual(hash, CanonicalForm.ComputeHash(Vector with { Metadata = JournalMetadata.Empty }));
    }

    private static readonly JournalDraft RequestDraft = new(new LocalDate(2026, 3, 9), JournalKind.Sale, "长者助餐",
        [
            LineDraft.Debit(EntityId.From("elder-care"), "1002.01", Money.FromMinorUnits(12_345, Currency.CNY)),
            LineDraft.Credit(EntityId.From("elder-care"), "4301.01", Money.FromMinorUnits(12_345, Currency.CNY)).With(DimensionNames.Counterparty, "hub"),
        ])
    {
        SourceReference = "pos-42",
        Metadata = JournalMetadata.From(("tier", "paid")),
    };

    private static readonly PostingBatch RequestVector = new(LedgerId.From("demo"), [RequestDraft], "key-1");

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void RequestHash_OfABatch_IsTheSha256OfItsDocumentedTextForm() =>
        Assert.Equal(
            Sha256(
                "cf-batch/1\n" +
                "ledger=4:demo\n" +
                "journal=1:2\n" +
                "date=10:2026-03-09\n" +
                "kind=4:Sale\n" +
                "memo=12:长者助餐\n" +
                "source=6:pos-42\n" +
                "meta.tier=4:paid\n" +
                "line.entity=10:elder-care\n" +
                "line.account=7:1002.01\n" +
                "line.side=1:D\n" +
                "line.amount=5:12345\n" +
                "line.unit=3:CNY\n" +
                "line.entity=10:elder-care\n" +
                "line.account=7:4301.01\n" +
                "line.side=1:C\n" +
                "line.amount=5:12345\n" +
                "line.unit=3:CNY\n" +
                "line.dim.counterparty=3:hub\n"),
            CanonicalForm.RequestHash(RequestVector));

    [Fact]
    public void RequestHash_OfAReversal_IsTheSha256OfItsDocumentedTextForm()
    {
        var journal = new JournalId(Guid.Parse("0193a4b2-0000-7000-8000-000000000001"));
        const string Head = "cf-reversal/1\nledger=4:demo\njournal=36:0193a4b2-0000-7000-8000-000000000001\nreason=13:entered twice\n";

        Assert.Equal(Sha256(Head + "date=10:2026-03-10\n"), CanonicalForm.RequestHash(new ReversalRequest(LedgerId.From("demo"), journal, "entered twice", new LocalDate(2026, 3, 10), "key-1")));
        Assert.Equal(Sha256(Head + "date=-\n"), CanonicalForm.RequestHash(new ReversalRequest(LedgerId.From("demo"), journal, "entered twice")));
    }

    [Fact]
    public void RequestHash_DoesNotDependOnTheIdempotencyKey() =>
        Assert.Equal(CanonicalForm.RequestHash(RequestVector), CanonicalForm.RequestHash(RequestVector with { IdempotencyKey = "another" }));

    public static TheoryData<string, PostingBatch> ChangedRequests()
    {
        var lines = RequestDraft.Lines;
        JournalDraft WithLine(int i, LineDraft line) => RequestDraft with { Lines = lines.SetItem(i, line) };
        return new TheoryData<string, PostingBatch>
        {
            { "ledger", RequestVector with { Ledger = LedgerId.From("other") } },
            { "date", RequestVector with { Journals = [RequestDraft with { AccountingDate = new LocalDate(2026, 3, 10) }] } },
            { "kind", RequestVector with { Journals = [RequestDraft with { Kind = JournalKind.Manual }] } },
            { "memo", RequestVector with { Journals = [RequestDraft with { Memo = "长者助餐." }] } },
            { "source", RequestVector with { Journals = [RequestDraft with { SourceReference = null }] } },
            { "metadata", RequestVector with { Journals = [RequestDraft with { Metadata = JournalMetadata.From(("tier", "low-cost")) }] } },
            { "entity", RequestVector with { Journals = [WithLine(0, lines[0] with { Entity = EntityId.From("cafe") })] } },
            { "account", RequestVector with { Journals = [WithLine(0, lines[0] with { Account = AccountCode.Parse("1001") })] } },
            { "side", RequestVector with { Journals = [WithLine(0, lines[0] with { Side = Side.Credit })] } },
            { "amount", RequestVector with { Journals = [WithLine(0, lines[0] with { Amount = Money.FromMinorUnits(12_346, Currency.CNY) })] } },
            { "unit", RequestVector with { Journals = [WithLine(0, lines[0] with { Amount = Money.FromMinorUnits(12_345, Currency.HOUR) })] } },
            { "dimension", RequestVector with { Journals = [WithLine(1, lines[1].With(DimensionNames.Counterparty, "fund"))] } },
            { "a journal more", RequestVector with { Journals = [RequestDraft, RequestDraft] } },
            { "lines moved between journals", RequestVector with { Journals = [RequestDraft with { Lines = [lines[0]] }, RequestDraft with { Lines = [lines[1]] }] } },
        };
    }

    [Theory]
    [MemberData(nameof(ChangedRequests))]
    public void RequestHash_ChangesWithAnyPartOfTheRequest(string change, PostingBatch changed) =>
        Assert.True(CanonicalForm.RequestHash(RequestVector) != CanonicalForm.RequestHash(changed), $"{change} did not change the request hash");

    [Fact]
    public void RequestHash_OfAReversal_ChangesWithItsLedgerJournalReasonAndDate()
    {
        var journal = new JournalId(Guid.Parse("0193a4b2-0000-7000-8000-000000000001"));
        var request = new ReversalRequest(LedgerId.From("demo"), journal, "entered twice", new LocalDate(2026, 3, 10));
        var hash = CanonicalForm.RequestHash(request);

        Assert.Equal(4, new[]
        {
            CanonicalForm.RequestHash(request with { Ledger = LedgerId.From("other") }),
            CanonicalForm.RequestHash(request with { Journal = new JournalId(Guid.Parse("0193a4b2-0000-7000-8000-000000000002")) }),
            CanonicalForm.RequestHash(request with { Reason = "entered twice." }),
            CanonicalForm.RequestHash(request with { Date = null }),
        }.Where(h => h != hash).Distinct().Count());
    }

    [Fact]
    public void NullArguments_AreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => CanonicalForm.JournalBytes(null!));
        Assert.Throws<ArgumentNullException>(() => CanonicalForm.ComputeHash(null!));
        Assert.Throws<ArgumentNullException>(() => CanonicalForm.RequestHash((PostingBatch)null!));
        Assert.Throws<ArgumentNullException>(() => CanonicalForm.RequestHash((ReversalRequest)null!));
    }

    private static Journal WithPrevious(Journal j, string previousHash) =>
        new(j.Id, j.Ledger, j.Sequence, j.AccountingDate, j.RecordedAt, j.Kind, j.Memo, j.Lines, previousHash, string.Empty)
        {
            SourceReference = j.SourceReference, IdempotencyKey = j.IdempotencyKey, RequestHash = j.RequestHash, ReversalOf = j.ReversalOf, Metadata = j.Metadata,
        };

    [Theory]
    [InlineData("aa", new byte[] { 0xaa })]
    [InlineData("", new byte[0])]
    public void ComputeHash_IsTheSha256OfThePreviousHashBytesThenTheCanonicalBytes_WhateverTheirLength(string previous, byte[] previousBytes)
    {
        var journal = WithPrevious(Vector, previous);

        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. previousBytes, .. CanonicalForm.JournalBytes(journal)])),
            CanonicalForm.ComputeHash(journal));
    }

    [Fact]
    public void ComputeHash_OfAPreviousHashThatIsNotHex_IsRefused() =>
        Assert.Throws<FormatException>(() => CanonicalForm.ComputeHash(WithPrevious(Vector, new string('z', 64))));

    [Fact]
    public void JournalBytes_OfDatesBeforeYearOne_AreIsoWithTheirSign()
    {
        var date = new LocalDate(-1, 3, 9);
        var recorded = Instant.FromUtc(-1, 3, 9, 8, 30, 15);
        var journal = new Journal(Vector.Id, Vector.Ledger, 1, date, recorded, JournalKind.Manual, string.Empty, Vector.Lines, Journal.GenesisHash, string.Empty);

        var text = Encoding.UTF8.GetString(CanonicalForm.JournalBytes(journal));

        var isoDate = NodaTime.Text.LocalDatePattern.Iso.Format(date);
        var isoRecorded = NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss.fffffffff'Z'").Format(recorded);
        Assert.StartsWith("-0001-03-09", isoDate, StringComparison.Ordinal);
        var lines = text.Split('\n');
        Assert.Equal($"date={isoDate.Length}:{isoDate}", Assert.Single(lines, l => l.StartsWith("date=", StringComparison.Ordinal)));
        Assert.Equal($"recorded={isoRecorded.Length}:{isoRecorded}", Assert.Single(lines, l => l.StartsWith("recorded=", StringComparison.Ordinal)));
    }
}
