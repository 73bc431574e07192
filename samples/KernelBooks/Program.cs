// Books for a small community with the ledger kernel alone: a ledger with a 民非 (NPO_CN) and a 小企业 (SME_CN)
// entity, a few journals through the PostingEngine on an InMemoryLedgerStore, a trial balance per entity and the
// hash-chain check. Only the kernel namespaces are used (CommunityFund, .Ledger, .Posting, .Storage), so the program
// compiles against CommunityFund.Core today and against CommunityFund.Ledger alone once the kernel is its own package.
//
// The report is deterministic (a fixed clock, no ids or hashes printed). The program checks its own figures and ends
// with "OK", or lists what differs and exits with 1.
using CommunityFund;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

Console.OutputEncoding = System.Text.Encoding.UTF8;
var check = new Checks();

// A fixed clock: the engine stamps journals with the clock's instant, never with the system time.
IClock clock = new FixedClock(Instant.FromUtc(2026, 3, 31, 8, 0));
var store = new InMemoryLedgerStore();
var engine = new PostingEngine(store, clock);

var ledgerId = LedgerId.From("yulin");
var elderCare = EntityId.From("elder-care");
var hub = EntityId.From("hub");
var ledger = new LedgerDefinition(ledgerId, "玉林社区 Yulin community", new LocalDate(2026, 1, 1))
    .WithEntity(new AccountingEntity(elderCare, "长者服务中心 Elder-care centre", EntityKind.Provider, AccountingProfile.NpoCn))
    .WithEntity(new AccountingEntity(hub, "枢纽社会企业 Hub social enterprise", EntityKind.Hub, AccountingProfile.SmeCn));
check.That("ledger created", await store.CreateLedgerAsync(ledger));

Console.WriteLine($"Ledger {ledger.Id}: {ledger.Name}, books from {ledger.BooksStart:yyyy-MM-dd} ({ledger.TimeZoneId})");
foreach (var entity in ledger.Entities.Values)
{
    Console.WriteLine($"  {entity.Id,-11} {entity.Kind,-8} {entity.Chart.TemplateVersion,-18} {entity.Chart.Count} accounts  {entity.Name}");
}

// 民间非营利组织会计制度 has 48 first-level accounts; the template carries all of them.
var npoFirstLevel = ChartTemplates.NpoCn.Accounts.Count(a => a.Code.Parent is null && !a.Code.IsMemo);
check.Equal("NPO_CN first-level accounts", npoFirstLevel, 48);
check.Equal("NPO_CN template", ledger.Entities[elderCare].Chart.TemplateVersion, ChartTemplates.NpoCnVersion);
check.Equal("SME_CN template", ledger.Entities[hub].Chart.TemplateVersion, ChartTemplates.SmeCnVersion);

static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

Console.WriteLine();
Console.WriteLine("Journals");

async Task<Journal> Post(JournalDraft draft, string key)
{
    var result = await engine.PostAsync(ledgerId, draft, key);
    check.Equal($"post '{draft.Memo}'", result.Outcome, PostingOutcome.Created, string.Join("; ", result.Errors));
    var journal = result.Journals.Single();
    Console.WriteLine($"  #{journal.Sequence} {journal.AccountingDate:yyyy-MM-dd} {journal.Kind,-9} {journal.Memo}");
    return journal;
}

// The elder-care centre (民非) sells 10 meal packages, paid to its bank account, and pays the cook.
var sale = new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Sale, "助老服务包 Elder meals x10",
[
    LineDraft.Debit(elderCare, "1002.01", Cny(1_000.00m)),   // 基本存款账户 Basic bank account
    LineDraft.Credit(elderCare, "4301.01", Cny(1_000.00m)),  // 提供服务收入-非限定性 Service revenue (unrestricted)
]);
await Post(sale, "sale-0001");
await Post(new JournalDraft(new LocalDate(2026, 3, 5), JournalKind.Manual, "Cook's fee for March",
[
    LineDraft.Debit(elderCare, "5101.01", Cny(320.00m)),     // 服务直接成本 Direct service costs
    LineDraft.Credit(elderCare, "1002.01", Cny(320.00m)),
]), "cost-0001");

// The hub (小企业) sells a package of its own and pays for the office.
await Post(new JournalDraft(new LocalDate(2026, 3, 9), JournalKind.Sale, "Parenting workshop package",
[
    LineDraft.Debit(hub, "1002.01", Cny(580.00m)),
    LineDraft.Credit(hub, "5001.03", Cny(580.00m)),          // 服务包收入 Service package revenue
]), "hub-sale-0001");
await Post(new JournalDraft(new LocalDate(2026, 3, 12), JournalKind.Manual, "Office supplies",
[
    LineDraft.Debit(hub, "5602", Cny(120.00m)),               // 管理费用 Administrative expenses
    LineDraft.Credit(hub, "1002.01", Cny(120.00m)),
]), "hub-cost-0001");

// A journal posted by mistake is never edited or deleted: it is reversed by a new journal.
var mistake = await Post(new JournalDraft(new LocalDate(2026, 3, 15), JournalKind.Manual, "Printer paper (booked twice)",
[
    LineDraft.Debit(elderCare, "5201", Cny(80.00m)),          // 管理费用 Management and general expenses
    LineDraft.Credit(elderCare, "1002.01", Cny(80.00m)),
]), "cost-0002");
var reversal = await engine.ReverseAsync(new ReversalRequest(ledgerId, mistake.Id, "Booked twice", new LocalDate(2026, 3, 16), "reverse-cost-0002"));
check.Equal("reversal", reversal.Outcome, PostingOutcome.Created, string.Join("; ", reversal.Errors));
var reversalJournal = reversal.Journals.Single();
check.Equal("reversal points at the mistake", reversalJournal.ReversalOf, mistake.Id);
Console.WriteLine($"  #{reversalJournal.Sequence} {reversalJournal.AccountingDate:yyyy-MM-dd} {reversalJournal.Kind,-9} reverses #{mistake.Sequence}");

// The same request with the same idempotency key is answered with the journal already posted, not a second one.
var replay = await engine.PostAsync(ledgerId, sale, "sale-0001");
check.Equal("replayed sale", replay.Outcome, PostingOutcome.AlreadyExists);
Console.WriteLine($"  replay of sale-0001: {replay.Outcome} (#{replay.Journals.Single().Sequence})");

// An unbalanced journal is refused with a stable error code, and nothing is written.
var unbalanced = await engine.PostAsync(ledgerId, new JournalDraft(new LocalDate(2026, 3, 20), JournalKind.Manual, "Unbalanced",
[
    LineDraft.Debit(elderCare, "5101.01", Cny(10.00m)),
    LineDraft.Credit(elderCare, "1002.01", Cny(9.99m)),
]));
check.Equal("unbalanced journal", unbalanced.Outcome, PostingOutcome.Rejected);
check.That("unbalanced journal error", unbalanced.Errors.Any(e => e.Code == ErrorCodes.JournalUnbalanced), string.Join("; ", unbalanced.Errors));
Console.WriteLine($"  unbalanced journal: {unbalanced.Outcome} ({string.Join(", ", unbalanced.Errors.Select(e => e.Code).Distinct())})");

var state = await store.GetLedgerAsync(ledgerId);
check.Equal("journals in the ledger", state?.Head.Sequence, 6L);

// Trial balance (试算平衡表) per entity, from the balances the store maintains.
var expected = new Dictionary<(EntityId, string), decimal>
{
    [(elderCare, "1002.01")] = 680.00m,
    [(elderCare, "4301.01")] = -1_000.00m,
    [(elderCare, "5101.01")] = 320.00m,
    [(elderCare, "5201")] = 0.00m,
    [(hub, "1002.01")] = 460.00m,
    [(hub, "5001.03")] = -580.00m,
    [(hub, "5602")] = 120.00m,
};
foreach (var entity in ledger.Entities.Values)
{
    Console.WriteLine();
    Console.WriteLine($"Trial balance {entity.Id} as of 2026-03-31");
    Console.WriteLine($"  {"account",-8} {"name",-40} {"debit",12} {"credit",12}");
    var balances = await store.GetBalancesAsync(ledgerId, entity.Id, new LocalDate(2026, 3, 31));
    var debit = Money.Zero(Currency.CNY);
    var credit = Money.Zero(Currency.CNY);
    foreach (var row in balances.Where(b => b.Unit == Currency.CNY).OrderBy(b => b.Account))
    {
        var account = entity.Chart.Get(row.Account);
        var net = row.Balance;
        var (dr, cr) = net.IsNegative ? (Money.Zero(Currency.CNY), net.Negate()) : (net, Money.Zero(Currency.CNY));
        debit += dr;
        credit += cr;
        Console.WriteLine($"  {row.Account,-8} {account.NameEn,-40} {dr.ToAmountString(),12} {cr.ToAmountString(),12}");
        if (expected.TryGetValue((entity.Id, row.Account.Value), out var want))
        {
            check.Equal($"{entity.Id} {row.Account} balance", net, Cny(want));
        }
        else
        {
            check.That($"{entity.Id} {row.Account}", false, $"unexpected account with balance {net}");
        }
    }

    Console.WriteLine($"  {"total",-49} {debit.ToAmountString(),12} {credit.ToAmountString(),12}");
    check.Equal($"{entity.Id} trial balance balances", debit, credit);
    check.Equal($"{entity.Id} accounts with postings", balances.Count(b => b.Unit == Currency.CNY), expected.Keys.Count(k => k.Item1 == entity.Id));
}

// The journals form a SHA-256 hash chain; the verifier recomputes every hash from the journals' content.
var verdict = await ChainVerifier.VerifyAsync(store, ledgerId);
Console.WriteLine();
Console.WriteLine($"Hash chain: {(verdict.IsIntact ? "intact" : $"broken at #{verdict.FirstBadSequence}: {verdict.Problem}")}, {verdict.JournalsChecked} journals checked");
check.That("hash chain intact", verdict.IsIntact, verdict.Problem);
check.Equal("journals checked", verdict.JournalsChecked, 6L);

return check.Finish();

/// <summary>A clock that always says the same instant, so the books (and the report) come out the same every run.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}

/// <summary>The program's own checks: every figure is compared with what it must be.</summary>
internal sealed class Checks
{
    private readonly List<string> _failures = [];

    public void That(string what, bool condition, string? detail = null)
    {
        if (!condition)
        {
            _failures.Add(detail is null ? what : $"{what}: {detail}");
        }
    }

    public void Equal<T>(string what, T actual, T expected, string? detail = null)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            _failures.Add($"{what}: expected {expected}, got {actual}{(string.IsNullOrEmpty(detail) ? string.Empty : $" ({detail})")}");
        }
    }

    public int Finish()
    {
        Console.WriteLine();
        if (_failures.Count == 0)
        {
            Console.WriteLine("OK");
            return 0;
        }

        foreach (var failure in _failures)
        {
            Console.Error.WriteLine($"MISMATCH {failure}");
        }

        Console.WriteLine($"FAILED: {_failures.Count} check(s)");
        return 1;
    }
}
