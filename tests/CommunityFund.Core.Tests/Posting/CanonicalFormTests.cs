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
}
