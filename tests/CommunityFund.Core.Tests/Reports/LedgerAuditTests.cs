using System.Collections.Immutable;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using CommunityFund.Tests.Economy;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Reports;

public class LedgerAuditTests
{
    private readonly EconomyBooks _books = EconomyBooks.Create();

    [Fact]
    public async Task Audit_OfSoundBooks_HasNoFindings()
    {
        Month();

        var report = await Audit();

        Assert.Empty(report.Findings);
        Assert.True(report.IsSound);
        Assert.Equal(_books.Journals().Count, report.JournalsChecked);
    }

    [Fact]
    public async Task Audit_VerifiesTheCheckpointsATrusteeKept()
    {
        Month();
        var kept = _books.Journals().Where(j => j.Sequence % 3 == 0).Select(j => new ChainCheckpoint(j.Sequence, j.Hash)).ToList();

        var report = await Audit(kept);

        Assert.Equal(kept.Count, report.CheckpointsVerified);
        Assert.True(report.IsSound);
    }

    [Fact]
    public async Task Audit_OfACheckpointWhoseJournalIsGone_FindsTheTruncation()
    {
        Month();
        var head = _books.Journals()[^1];

        var report = await Audit([new ChainCheckpoint(head.Sequence + 5, head.Hash)]);

        Assert.Equal("checkpoint.missing", Assert.Single(report.Findings).Code);
    }

    [Fact]
    public async Task Audit_OfACheckpointWithAnotherHash_FindsTheRewrite()
    {
        Month();

        var report = await Audit([new ChainCheckpoint(2, new string('0', 64))]);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("checkpoint.diverged", 2L), (finding.Code, finding.Sequence));
    }

    [Fact]
    public async Task Audit_OfAJournalChangedInTheStore_NamesTheFirstBadSequence()
    {
        Month();
        var tampered = TamperingStore.Wrap(_books.Ledgers, j => AmountsEdited(j, 4), b => b, head: null);

        var report = await LedgerAudit.RunAsync(tampered, _books.Store, EconomyBooks.Ledger);

        var chain = report.Findings.First(f => f.Code == "chain.broken");
        Assert.Equal((FindingSeverity.Error, 4L), (chain.Severity, chain.Sequence));
        Assert.False(report.IsSound);
    }

    [Fact]
    public async Task Audit_OfRevenueWithoutItsDistribution_FindsIt()
    {
        var sale = new JournalDraft(new LocalDate(2026, 3, 3), JournalKind.Sale, "a sale posted around the economy",
            [LineDraft.Debit(ElderCare, "1002.01", Cny(100m)).WithCashFlow(CashFlowItem.ServicesSold), LineDraft.Credit(ElderCare, "4301.01", Cny(100m))])
        {
            Metadata = JournalMetadata.From(("sale.id", Guid.NewGuid().ToString()), ("sale.tier", "paid"), ("sale.prepaid", "false"), ("sale.amount", "10000"), ("sale.vat", "0")),
        };
        Assert.True((await _books.Engine.PostAsync(EconomyBooks.Ledger, sale)).Succeeded);

        var report = await Audit();

        Assert.Equal("distribution.missing", Assert.Single(report.Findings).Code);
    }

    [Fact]
    public async Task Audit_OfAPayableSettledBeyondWhatWasOwed_FindsIt()
    {
        _books.SellOk(PaidMeal(quantity: 2));
        var overpaid = new JournalDraft(new LocalDate(2026, 3, 5), JournalKind.Manual, "paid the hub too much",
            [LineDraft.Debit(ElderCare, "2209.01", Cny(80m)), LineDraft.Credit(ElderCare, "1002.01", Cny(80m)),
             LineDraft.Debit(Hub, "1002.01", Cny(80m)), LineDraft.Credit(Hub, "1122.01", Cny(80m))]);
        Assert.True((await _books.Engine.PostAsync(EconomyBooks.Ledger, overpaid)).Succeeded);

        var report = await Audit();

        Assert.Contains(report.Findings, f => f.Code == "settlement.exceeds_payable" && f.Entity == ElderCare);
    }

    [Fact]
    public async Task Audit_OfAgencyThatDoesNotNetToZero_FindsIt()
    {
        var gift = new JournalDraft(new LocalDate(2026, 3, 5), JournalKind.Manual, "agency asset without its liability",
            [LineDraft.Debit(Fund, "1701", Cny(50m)).With(DimensionNames.Member, "b-1"), LineDraft.Credit(Fund, "4101.01", Cny(50m))]);
        Assert.True((await _books.Engine.PostAsync(EconomyBooks.Ledger, gift)).Succeeded);

        var report = await Audit();

        Assert.Equal("agency.unbalanced", Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void SignedCheckpoint_VerifiesWithTheHubsPublicKey_AndNotWhenChanged()
    {
        using var signer = CheckpointSigner.Generate();
        using var other = CheckpointSigner.Generate();
        var signed = signer.Sign(EconomyBooks.Ledger, new ChainCheckpoint(42, new string('a', 64)), Instant.FromUtc(2026, 11, 27, 2, 0));

        Assert.True(CheckpointSigner.Verify(signed, signer.PublicKeyPem));
        Assert.False(CheckpointSigner.Verify(signed with { Sequence = 41 }, signer.PublicKeyPem));
        Assert.False(CheckpointSigner.Verify(signed, other.PublicKeyPem));
    }

    [Fact]
    public void CheckpointSigner_ReloadedFromItsPem_SignsWithTheSameKey()
    {
        using var signer = CheckpointSigner.Generate();
        using var reloaded = CheckpointSigner.FromPem(signer.ExportPrivateKeyPem());

        var signed = reloaded.Sign(EconomyBooks.Ledger, new ChainCheckpoint(1, new string('b', 64)), Instant.FromUtc(2026, 11, 27, 2, 0));

        Assert.Equal(signer.KeyId, reloaded.KeyId);
        Assert.True(CheckpointSigner.Verify(signed, signer.PublicKeyPem));
    }

    private void Month()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 10));
        _books.SellOk(PaidMeal(30m, date: new LocalDate(2026, 3, 4)) with { Tier = PricingTier.LowCost, Quantity = 3 });
        var prepaid = _books.SellOk(PaidMeal(date: new LocalDate(2026, 3, 6)) with { Prepaid = true });
        Assert.True(_books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 9), 2) { Sale = prepaid.Id }).Succeeded);
        _books.Refund(sale.Id, 100m);
        _books.SettleFully(ElderCare, Hub, 2026, 3);
        _books.SettleFully(ElderCare, Fund, 2026, 3);
    }

    private Task<AuditReport> Audit(IEnumerable<ChainCheckpoint>? kept = null) => LedgerAudit.RunAsync(_books.Ledgers, _books.Store, EconomyBooks.Ledger, kept);

    /// <summary>Journal <paramref name="sequence"/> with its first two lines' amounts changed by a fen, as if someone
    /// edited the database.</summary>
    private static Journal AmountsEdited(Journal j, long sequence) => j.Sequence != sequence ? j : new Journal(j.Id, j.Ledger, j.Sequence, j.AccountingDate, j.RecordedAt, j.Kind, j.Memo,
        [.. j.Lines.Select((l, i) => i < 2 ? l with { Amount = l.Amount + Money.FromMinorUnits(1, l.Amount.Currency) } : l)], j.PreviousHash, j.Hash)
    {
        SourceReference = j.SourceReference, Metadata = j.Metadata, ReversalOf = j.ReversalOf,
    };
}
