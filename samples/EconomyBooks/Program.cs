// A month of a community's social economy with CommunityFund.Core: a 民非 elder-care centre sells service packages,
// each sale's revenue is split 70 / 25 / 5 between the provider, the hub social enterprise and the community fund,
// the month's shares are settled with statements (owed → invoiced → settled), and the community fund takes a
// restricted donation and gives grants from it and from its 5 % shares.
//
// The report is deterministic (a fixed clock, no ids or hashes printed). The program checks its own figures — every
// split sums to its sale exactly and no party is ever more than one fen from its exact share — and ends with "OK",
// or lists what differs and exits with 1.
using System.Collections.Immutable;
using CommunityFund;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;

Console.OutputEncoding = System.Text.Encoding.UTF8;
var check = new Checks();

IClock clock = new FixedClock(Instant.FromUtc(2026, 4, 30, 8, 0));
var ledgers = new InMemoryLedgerStore();
var engine = new PostingEngine(ledgers, clock);
var economy = new CommunityEconomy(ledgers, engine, clock);   // sales, distribution, statements
var fundBooks = new FundBooks(ledgers, engine);               // donations and grants

var ledgerId = LedgerId.From("yulin");
var elderCare = EntityId.From("elder-care");
var hub = EntityId.From("hub");
var fund = EntityId.From("fund");
var start = new LocalDate(2026, 1, 1);
var ledger = new LedgerDefinition(ledgerId, "玉林社区 Yulin community", start)
    .WithEntity(new AccountingEntity(elderCare, "长者服务中心 Elder-care centre", EntityKind.Provider, AccountingProfile.NpoCn))
    .WithEntity(new AccountingEntity(hub, "枢纽社会企业 Hub social enterprise", EntityKind.Hub, AccountingProfile.SmeCn))
    .WithEntity(new AccountingEntity(fund, "社区基金 Community fund", EntityKind.CommunityFund, AccountingProfile.NpoCn));
check.That("ledger created", await ledgers.CreateLedgerAsync(ledger));

static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);
static string Fen(long minorUnits) => Money.FromMinorUnits(minorUnits, Currency.CNY).ToAmountString();

T Ok<T>(string what, CommandResult<T> result) where T : class
{
    check.That(what, result.Succeeded, string.Join("; ", result.Errors));
    return result.Value ?? throw new InvalidOperationException($"{what} failed: {string.Join("; ", result.Errors)}");
}

// The standard policy: 7000 / 2500 / 500 basis points, largest remainder with carry, on the paid and low-cost tiers.
var policy = Ok("policy", await economy.AddPolicyAsync(ledgerId, DistributionPolicy.Standard(hub, fund, start)));
Console.WriteLine($"Ledger {ledger.Id}: {ledger.Name}; policy {policy.Reference}: " +
    string.Join(" / ", policy.Shares.Select(s => $"{s.Party} {s.BasisPoints}")) + " basis points");

// The provider's catalogue: elder meals in three tiers, and a home visit at an awkward price.
Ok("publish elder-meals", await economy.PublishPackageAsync(ledgerId, new ServicePackage(
    "elder-meals", elderCare, 1, "长者助餐", "Elder meals", 4, Money.FromDecimal(2m, Currency.HOUR),
    ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice>
    {
        [PricingTier.PublicWelfare] = new(Cny(0m)),
        [PricingTier.LowCost] = new(Cny(30m), Cap: Cny(50m)),
        [PricingTier.Paid] = new(Cny(100m)),
    }),
    start) { SessionsDeliveredAtSale = true }));
Ok("publish home-visit", await economy.PublishPackageAsync(ledgerId, new ServicePackage(
    "home-visit", elderCare, 1, "上门探访", "Home visit", 1, Money.FromDecimal(1m, Currency.HOUR),
    ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Cny(33.33m)) }),
    start) { SessionsDeliveredAtSale = true }));

// March's sales, and the split of each.
Console.WriteLine();
Console.WriteLine("Sales, March 2026                                       provider        hub     fund");
(string Package, PricingTier Tier, int Quantity, decimal Price, PaymentChannel Channel, LocalDate Date, long[] Expected)[] sales =
[
    ("elder-meals", PricingTier.Paid, 10, 100.00m, PaymentChannel.Bank, new LocalDate(2026, 3, 2), [70_000, 25_000, 5_000]),
    ("home-visit", PricingTier.Paid, 1, 33.33m, PaymentChannel.Bank, new LocalDate(2026, 3, 3), [2_333, 833, 167]),
    ("elder-meals", PricingTier.LowCost, 3, 30.00m, PaymentChannel.Cash, new LocalDate(2026, 3, 10), [6_300, 2_250, 450]),
    ("home-visit", PricingTier.Paid, 3, 33.33m, PaymentChannel.WeChatPay, new LocalDate(2026, 3, 16), [6_999, 2_500, 500]),
];
var bps = new[] { policy.SharesOf(DistributionParty.Provider), policy.SharesOf(DistributionParty.Hub), policy.SharesOf(DistributionParty.CommunityFund) };
var paid = new long[3];
long baseTotal = 0;
for (var i = 0; i < sales.Length; i++)
{
    var (package, tier, quantity, price, channel, date, expected) = sales[i];
    var sale = Ok($"sale S{i + 1}", await economy.RecordSaleAsync(ledgerId,
        new SaleRequest(elderCare, package, tier, quantity, Cny(price), channel, date, $"r-{i + 1:0000}"), $"sale-{i + 1}"));
    var distribution = sale.Distributions.Single();
    var parts = new[] { distribution.Parts.Provider, distribution.Parts.Hub, distribution.Parts.Fund };
    var baseFen = distribution.Base.MinorUnits;
    Console.WriteLine($"  S{i + 1} {date:MM-dd} {package,-11} {tier,-7} {quantity,2} x {price,6:0.00} = {Fen(baseFen),8}  " +
        $"{Fen(parts[0]),8} {Fen(parts[1]),8} {Fen(parts[2]),8}");

    // The split sums to the sale exactly, each part is within one fen of its exact share of this sale, and the
    // running totals stay within one fen of the exact shares of everything sold so far.
    check.Equal($"S{i + 1} base", distribution.Base, sale.Amount);
    check.Equal($"S{i + 1} split sums to the sale", parts.Sum(), baseFen);
    check.Equal($"S{i + 1} split", string.Join("/", parts), string.Join("/", expected));
    baseTotal += baseFen;
    for (var p = 0; p < 3; p++)
    {
        paid[p] += parts[p];
        check.That($"S{i + 1} party {p} within one fen of its share", Math.Abs(parts[p] * 10_000m - baseFen * bps[p]) < 10_000m, $"{parts[p]} vs {baseFen * bps[p] / 10_000m}");
        check.That($"S{i + 1} party {p} within one fen in total", Math.Abs(paid[p] * 10_000m - baseTotal * bps[p]) < 10_000m, $"{paid[p]} vs {baseTotal * bps[p] / 10_000m}");
    }
}

Console.WriteLine($"  {"total",-43} {Fen(baseTotal),8}  {Fen(paid[0]),8} {Fen(paid[1]),8} {Fen(paid[2]),8}");
check.Equal("sales total", baseTotal, 122_332L);
check.Equal("split of the total", string.Join("/", paid), "85632/30583/6117");

// The money in transit with WeChat Pay reaches the bank (less the channel's 0.6 % fee) before the shares are paid.
var inTransit = Cny(99.99m);
Ok("clearing", await economy.ClearAsync(ledgerId, new ClearingRequest(elderCare, PaymentChannel.WeChatPay, new LocalDate(2026, 4, 3), inTransit, Cny(0.60m))));

// March's statements: what the provider owes the hub and the fund, invoiced and settled from the bank.
Console.WriteLine();
Console.WriteLine("Settlement statements");
foreach (var (counterparty, expected) in new[] { (hub, paid[1]), (fund, paid[2]) })
{
    var prepared = Ok($"statement to {counterparty}", await economy.PrepareStatementAsync(ledgerId, elderCare, counterparty, new YearMonth(2026, 3)));
    check.Equal($"statement to {counterparty} amount", prepared.Amount.MinorUnits, expected);
    check.Equal($"statement to {counterparty} status", prepared.Status, SettlementStatus.Owed);
    var invoiced = Ok($"invoice to {counterparty}", await economy.MarkInvoicedAsync(ledgerId, prepared.Id, $"INV-2026-03-{counterparty}"));
    check.Equal($"statement to {counterparty} invoiced", invoiced.Status, SettlementStatus.Invoiced);
    var settled = Ok($"settle to {counterparty}", await economy.SettleAsync(ledgerId, prepared.Id, new LocalDate(2026, 4, 10), $"settle-{prepared.Id}"));
    check.Equal($"statement to {counterparty} settled", settled.Status, SettlementStatus.Settled);
    Console.WriteLine($"  {settled.Id,-28} {settled.Items.Count} sales  {settled.Amount.ToAmountString(),8}  {prepared.Status} -> {invoiced.Status} ({invoiced.InvoiceReference}) -> {settled.Status} 2026-04-10");
}

// What the provider owes and what the hub and fund claim agree, and both are now zero.
foreach (var row in await DistributionReports.ReconcileDueToDueFromAsync(ledgers, ledgerId))
{
    check.That($"reconciliation {row.Provider} -> {row.Counterparty}", row.Agrees && row.ProviderOwes.IsZero, $"{row.ProviderOwes} vs {row.CounterpartyClaims}");
}

// The community fund: a donation restricted to the stairway repair, a grant from it, a grant beyond what is left
// (refused), and a grant from the fund's 5 % shares.
Console.WriteLine();
Console.WriteLine("Community fund");
Ok("donation", await fundBooks.ReceiveDonationAsync(ledgerId,
    new DonationReceipt(fund, new LocalDate(2026, 4, 12), Cny(2_000.00m), "d-0001") { Restriction = "stairway-repair" }, "donation-1"));
Console.WriteLine("  2026-04-12 donation   2000.00 for stairway-repair");
Ok("grant", await fundBooks.AwardGrantAsync(ledgerId,
    new GrantAward(fund, "stairway-repair", new LocalDate(2026, 4, 20), Cny(1_500.00m), "Handrails for building 5") { Restriction = "stairway-repair" }, "grant-1"));
Console.WriteLine("  2026-04-20 grant      1500.00 to stairway-repair");
var tooMuch = await fundBooks.AwardGrantAsync(ledgerId,
    new GrantAward(fund, "stairway-repair", new LocalDate(2026, 4, 22), Cny(600.00m), "Lighting for building 5") { Restriction = "stairway-repair" }, "grant-2");
check.That("grant beyond the restriction refused", !tooMuch.Succeeded && tooMuch.Errors.Any(e => e.Code == CommunityErrorCodes.RestrictionInsufficient), string.Join("; ", tooMuch.Errors));
Console.WriteLine($"  2026-04-22 grant       600.00 to stairway-repair: {tooMuch.Outcome} ({string.Join(", ", tooMuch.Errors.Select(e => e.Code))})");
var shares = policy.FundRestriction;
Ok("grant from the shares", await fundBooks.AwardGrantAsync(ledgerId,
    new GrantAward(fund, "reading-corner", new LocalDate(2026, 4, 25), Cny(50.00m), "Books for the reading corner") { Restriction = shares }, "grant-3"));
Console.WriteLine($"  2026-04-25 grant        50.00 to reading-corner, from {shares}");

Console.WriteLine($"  {"restriction",-22} {"received",9} {"spent",9} {"available",9}");
var restrictions = await RestrictionBalances.ComputeAsync(ledgers, ledgerId, fund);
foreach (var r in restrictions.OrderBy(r => r.Restriction, StringComparer.Ordinal))
{
    Console.WriteLine($"  {r.Restriction,-22} {r.Received.ToAmountString(),9} {r.Spent.ToAmountString(),9} {r.Available.ToAmountString(),9}");
}

var byName = restrictions.ToDictionary(r => r.Restriction);
check.Equal("stairway-repair available", byName.GetValueOrDefault("stairway-repair")?.Available, Cny(500.00m));
check.Equal("fund shares received", byName.GetValueOrDefault(shares)?.Received, Money.FromMinorUnits(paid[2], Currency.CNY));
check.Equal("fund shares available", byName.GetValueOrDefault(shares)?.Available, Money.FromMinorUnits(paid[2] - 5_000, Currency.CNY));

// Every entity's trial balance balances, and the figures the money ended with.
Console.WriteLine();
Console.WriteLine("Bank balances and trial balances as of 2026-04-30");
var expectedBank = new Dictionary<EntityId, decimal>
{
    [elderCare] = 1_000.00m + 33.33m + 99.39m - 305.83m - 61.17m,   // sales by bank, WeChat Pay cleared less its fee, shares paid
    [hub] = 305.83m,
    [fund] = 61.17m + 2_000.00m - 1_500.00m - 50.00m,
};
foreach (var entity in ledger.Entities.Values)
{
    var trial = await TrialBalance.BuildAsync(ledgers, ledgerId, entity.Id, new LocalDate(2026, 4, 30));
    var money = trial.Sections.Single(s => !s.IsMemo);
    var bank = money.Rows.SingleOrDefault(r => r.Account == AccountCode.Parse("1002.01") || r.Account == AccountCode.Parse("1002.02"));
    Console.WriteLine($"  {entity.Id,-11} bank {bank?.DebitBalance.ToAmountString(),8}   trial balance {money.TotalDebitBalance.ToAmountString(),8} = {money.TotalCreditBalance.ToAmountString(),8}" +
        $" over {money.Rows.Length} accounts");
    check.That($"{entity.Id} trial balance balances", trial.IsBalanced);
    check.Equal($"{entity.Id} bank", bank?.DebitBalance, Cny(expectedBank[entity.Id]));
}

var verdict = await ChainVerifier.VerifyAsync(ledgers, ledgerId);
Console.WriteLine();
Console.WriteLine($"Hash chain: {(verdict.IsIntact ? "intact" : $"broken at #{verdict.FirstBadSequence}: {verdict.Problem}")}, {verdict.JournalsChecked} journals checked");
check.That("hash chain intact", verdict.IsIntact, verdict.Problem);

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
            _failures.Add(string.IsNullOrEmpty(detail) ? what : $"{what}: {detail}");
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
