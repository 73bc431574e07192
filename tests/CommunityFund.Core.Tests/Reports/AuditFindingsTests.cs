using CommunityFund.Audit;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using CommunityFund.Tests.Economy;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Reports;

/// <summary>For each class of damage the audit detects, books damaged in exactly that way: the audit reports that
/// finding and no other error.</summary>
public class AuditFindingsTests
{
    private static readonly LocalDate March5 = new(2026, 3, 5);
    private readonly EconomyBooks _books = EconomyBooks.Create();

    public AuditFindingsTests()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 10) with { Channel = PaymentChannel.Bank });
        _books.SellOk(PaidMeal(30m, date: new LocalDate(2026, 3, 4)) with { Tier = PricingTier.LowCost, Quantity = 3 });
        _books.Refund(sale.Id, 100m);
        _books.SettleFully(ElderCare, Hub, 2026, 3);
        _books.SettleFully(ElderCare, Fund, 2026, 3);
    }

    [Fact]
    public async Task SoundBooks_HaveNoFindings() => Assert.Empty((await Audit()).Findings);

    [Fact]
    public async Task AMemoEditedInTheStore_IsExactlyChainBroken()
    {
        var report = await Audit(Tampered(journal => journal.Sequence == 3 ? Copy(journal, memo: journal.Memo + " (edited)") : journal));

        Assert.Equal(["chain.broken"], ErrorCodes(report));
        Assert.Equal(3L, report.Findings.Single().Sequence);
    }

    [Fact]
    public async Task AMaintainedBalanceChanged_IsExactlyBalanceMismatch()
    {
        var report = await Audit(Tampered(balances: balance => balance.Entity == Hub && balance.Account == AccountCode.Parse("5001.01")
            ? balance with { CreditMinorUnits = balance.CreditMinorUnits + 100 }
            : balance));

        Assert.Equal(["balance.mismatch"], ErrorCodes(report));
    }

    [Fact]
    public async Task AHubClaimWithoutTheProvidersPayable_IsExactlyReconciliationMismatch()
    {
        await Post(LineDraft.Debit(Hub, "1122.01", Cny(40m)).With(DimensionNames.Counterparty, ElderCare.Value), LineDraft.Credit(Hub, "5001.01", Cny(40m)));

        var report = await Audit();

        Assert.Equal(["reconciliation.mismatch"], ErrorCodes(report));
    }

    [Fact]
    public async Task ARecordWhosePartsAreNotTheExactShares_IsExactlyDistributionDrift()
    {
        var sale = _books.Sales()[1];
        var record = sale.Distributions[0];
        var skewed = record with { Parts = record.Parts with { Hub = record.Parts.Hub + 200, Provider = record.Parts.Provider - 200 } };
        await _books.Store.ApplyAsync(EconomyBooks.Ledger, new EconomyChanges { Sales = [sale with { Distributions = [skewed] }] });

        var report = await Audit();

        Assert.Equal(["distribution.drift"], ErrorCodes(report).Distinct());
    }

    [Fact]
    public async Task APayablePaidBeyondWhatWasOwed_IsExactlySettlementExceedsPayable()
    {
        await Post(LineDraft.Debit(ElderCare, "2209.01", Cny(80m)).With(DimensionNames.Counterparty, Hub.Value), LineDraft.Credit(ElderCare, "1002.01", Cny(80m)),
            LineDraft.Debit(Hub, "1002.01", Cny(80m)), LineDraft.Credit(Hub, "1122.01", Cny(80m)).With(DimensionNames.Counterparty, ElderCare.Value));

        var report = await Audit();

        Assert.Equal(["settlement.exceeds_payable"], ErrorCodes(report));
    }

    [Fact]
    public async Task AgencyAssetsWithoutTheirLiability_IsExactlyAgencyUnbalanced()
    {
        await Post(LineDraft.Debit(Fund, "1701", Cny(50m)).With(DimensionNames.Member, "b-1"), LineDraft.Credit(Fund, "4101.01", Cny(50m)));

        var report = await Audit();

        Assert.Equal(["agency.unbalanced"], ErrorCodes(report));
    }

    [Fact]
    public async Task RestrictedCashPaidOutAsUnrestricted_IsExactlyRestrictedCashShortfall()
    {
        // The fund received its 5% as restricted money on settlement; a manual payment spends it on nothing restricted.
        await Post(LineDraft.Debit(Fund, "5101.06", Cny(20m)).With(DimensionNames.Programme, "summer-camp"), LineDraft.Credit(Fund, "1002.02", Cny(20m)));

        var report = await Audit();

        Assert.Equal(["restricted.cash_shortfall"], ErrorCodes(report));
    }

    [Fact]
    public async Task ARestrictionSpentBeyondWhatItReceived_IsOnlyAWarning()
    {
        await Post(LineDraft.Debit(Fund, "4101.01", Cny(10m)), LineDraft.Credit(Fund, "1002.02", Cny(10m)));
        await Post(LineDraft.Debit(Fund, "5101.06", Cny(60m)).With(DimensionNames.Restriction, "community-fund-share"), LineDraft.Credit(Fund, "4101.01", Cny(60m)));

        var report = await Audit();

        Assert.Empty(ErrorCodes(report));
        Assert.Contains(report.Findings, f => f is { Code: "restriction.overspent", Severity: FindingSeverity.Warning });
    }

    [Fact]
    public async Task ACheckpointWhoseJournalWasRewrittenAndRehashed_IsExactlyCheckpointDiverged()
    {
        var kept = _books.Journals().Select(j => new ChainCheckpoint(j.Sequence, j.Hash)).ToList();
        // Someone with database access rewrites the tail from journal 4, recomputes every hash after it and the stored
        // head: the chain verifies, and only the checkpoints a trustee kept can tell.
        var rehashed = Rehash(_books.Journals(), from: 4);
        var head = rehashed[rehashed.Keys.Max()];

        var report = await Audit(Tampered(journal => rehashed.TryGetValue(journal.Sequence, out var replacement) ? replacement : journal, head: head.Hash), kept);

        Assert.Equal(["checkpoint.diverged"], ErrorCodes(report).Distinct());
    }

    private static IReadOnlyList<string> ErrorCodes(AuditReport report) =>
        [.. report.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code)];

    private Task<AuditReport> Audit(ILedgerStore? store = null, IEnumerable<ChainCheckpoint>? kept = null) =>
        LedgerAudit.RunAsync(store ?? _books.Ledgers, _books.Store, EconomyBooks.Ledger, new LocalDate(2026, 4, 30), kept);

    private async Task Post(params LineDraft[] lines)
    {
        var posted = await _books.Engine.PostAsync(EconomyBooks.Ledger, new JournalDraft(March5.PlusMonths(1), JournalKind.Manual, "manual entry", [.. lines]));
        Assert.True(posted.Succeeded, string.Join("; ", posted.Errors));
    }

    private ILedgerStore Tampered(Func<Journal, Journal>? journals = null, Func<AccountBalance, AccountBalance>? balances = null, string? head = null) =>
        TamperingStore.Wrap(_books.Ledgers, journals ?? (j => j), balances ?? (b => b), head);

    /// <summary>The journals from <paramref name="from"/> on with their amounts' memo changed and every hash recomputed.</summary>
    private static Dictionary<long, Journal> Rehash(IReadOnlyList<Journal> journals, long from)
    {
        var result = new Dictionary<long, Journal>();
        var previous = journals.Single(j => j.Sequence == from - 1).Hash;
        foreach (var journal in journals.Where(j => j.Sequence >= from))
        {
            var edited = Copy(journal, memo: journal.Memo + " (rewritten)", previousHash: previous);
            edited = Copy(edited, hash: CanonicalForm.ComputeHash(edited));
            result[journal.Sequence] = edited;
            previous = edited.Hash;
        }

        return result;
    }

    private static Journal Copy(Journal j, string? memo = null, string? previousHash = null, string? hash = null) =>
        new(j.Id, j.Ledger, j.Sequence, j.AccountingDate, j.RecordedAt, j.Kind, memo ?? j.Memo, j.Lines, previousHash ?? j.PreviousHash, hash ?? j.Hash)
        {
            SourceReference = j.SourceReference, Metadata = j.Metadata, ReversalOf = j.ReversalOf, IdempotencyKey = j.IdempotencyKey, RequestHash = j.RequestHash,
        };
}
