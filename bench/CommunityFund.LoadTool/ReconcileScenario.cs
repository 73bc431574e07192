using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CommunityFund.Api.Imports.Statements;
using CommunityFund.Economy;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.LoadTool;

/// <summary>
/// Payment reconciliation at size (<c>--reconcile N</c>, issue 17): N WeChat Pay sales with payment references posted
/// through <see cref="CommunityEconomy"/> on a SQLite file (untimed set-up, 64 concurrent commands sharing group
/// commits), the WeChat Pay trade bill for them generated in memory as downloaded, then timed: (a)
/// <see cref="StatementFiles.ReadAsync(Stream, PaymentChannel, EntityId, BankColumnMapping?, CancellationToken)"/> of the
/// file, (b) <see cref="CommunityEconomy.ImportStatementRowsAsync"/>, (c) <see cref="CommunityEconomy.MatchAsync"/>
/// (recorded, not a dry run), which also settles a bank credit per day (the day's payments net of fees) with its clearing
/// journal; and the process's peak resident set in each (VmHWM, reset before each). With a cache file
/// the set-up is done once and copied from it on later runs.
/// </summary>
internal static class ReconcileScenario
{
    private static readonly LedgerId Ledger = LedgerId.From("reconcile");
    private static readonly EntityId Provider = EntityId.From("elder-care");
    private static readonly LocalDate First = new(2026, 4, 1);

    internal static async Task<IReadOnlyList<(string Scenario, string Figure)>> RunAsync(string folder, int sales, string? cache)
    {
        var file = Path.Combine(folder, "reconcile.db");
        var cached = cache is not null && File.Exists(cache);
        if (cached)
        {
            File.Copy(cache!, file);
        }

        var store = BooksStore.Sqlite($"Data Source={file};Pooling=True");
        await store.MigrateAsync();
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 1, 0, 0));
        var economy = new CommunityEconomy(store, new PostingEngine(store, clock), clock);
        if (!cached)
        {
            var setUp = Stopwatch.StartNew();
            await SetUpAsync(store, economy, sales);
            Console.WriteLine($"# set up {sales:N0} sales in {setUp.Elapsed.TotalSeconds:N0} s");
            if (cache is not null)
            {
                // VACUUM INTO copies what the database holds including its write-ahead log; a copy of the main file
                // alone lost the last commits that were not checkpointed yet (a run from such a cache had 3 sales less).
                await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
                await connection.OpenAsync();
                await using var vacuum = connection.CreateCommand();
                vacuum.CommandText = "VACUUM INTO @cache";
                vacuum.Parameters.AddWithValue("@cache", cache);
                await vacuum.ExecuteNonQueryAsync();
            }
        }

        var bill = WeChatBill(sales);
        var billMegabytes = bill.Length / 1024.0 / 1024.0;
        var idle = Settle();
        StatementFileResult read = null!;
        var (readSeconds, readPeak) = await PhaseAsync(async () =>
        {
            using var stream = new MemoryStream(bill, writable: false);
            read = await StatementFiles.ReadAsync(stream, PaymentChannel.WeChatPay, Provider, null, CancellationToken.None);
        });
        Check(!read.IsRefused && read.Rows.Count == sales, $"read {read.Rows.Count} rows, problems {string.Join("; ", read.Problems.Take(3))}");
        bill = [];
        CommandResult<StatementImportResult> imported = null!, payouts = null!;
        var bank = Payouts(sales);
        var (importSeconds, importPeak) = await PhaseAsync(async () =>
        {
            imported = await economy.ImportStatementRowsAsync(Ledger, read.Rows, "bench-import");
            payouts = await economy.ImportStatementRowsAsync(Ledger, bank, "bench-payouts");
        });
        Check(imported.Succeeded && imported.Value!.Added == sales && payouts.Succeeded, $"import: {string.Join("; ", imported.Errors.Concat(payouts.Errors))}");
        read = null!;
        var profile = await ProfileAsync(store, economy);
        CommandResult<MatchResult> matched = null!;
        var (matchSeconds, matchPeak) = await PhaseAsync(async () => matched = await economy.MatchAsync(Ledger, Provider, PaymentChannel.WeChatPay, dryRun: false, by: "bench", idempotencyKey: "bench-match"));
        Check(matched.Succeeded, $"match: {string.Join("; ", matched.Errors)}");
        var total = readSeconds + importSeconds + matchSeconds;
        var value = matched.Value!;
        return
        [
            ($"(a) read the WeChat Pay bill, {sales:N0} rows ({billMegabytes:N1} MB)", $"{readSeconds:N2} s, peak RSS {readPeak:N0} MB"),
            ($"(b) import {sales:N0} statement rows and {bank.Count} bank payouts (SQLite)", $"{importSeconds:N2} s (added {imported.Value!.Added:N0} + {payouts.Value!.Added:N0}), peak RSS {importPeak:N0} MB"),
            ($"(c) match {sales:N0} rows against {sales:N0} sales and settle the payouts, recorded", $"{matchSeconds:N2} s ({value.Matches.Length:N0} matches, {value.Clearings.Length:N0} clearing journals, {value.UnmatchedRows.Length:N0} rows and {value.UnmatchedBook.Length:N0} sales unmatched), peak RSS {matchPeak:N0} MB"),
            ("(a)+(b)+(c)", $"{total:N2} s (target ≤ 10 s); peak RSS {Math.Max(readPeak, Math.Max(importPeak, matchPeak)):N0} MB (RSS before {idle:N0} MB; target ≤ 300 MB)"),
            ("profile of (c), untimed above", profile),
        ];
    }

    /// <summary>Collects, resets the peak resident set (<c>/proc/self/clear_refs</c>) and answers the resident set.</summary>
    private static double Settle()
    {
        // A compacting, aggressive collection returns the freed memory to the system, so each phase's peak is its own.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        File.WriteAllText("/proc/self/clear_refs", "5");
        return ServerUsage.MemoryMegabytes("self", "VmRSS:");
    }

    private static async Task<(double Seconds, double PeakMegabytes)> PhaseAsync(Func<Task> phase)
    {
        // An awaited task that completes runs its awaiters inline, so the frames that finished the previous phase can
        // still be on this thread's stack, holding its answer (a dry run's 100,000 matches): leave them first.
        await Task.Yield();
        Settle();
        var heapBefore = GC.GetTotalMemory(false) / 1048576.0;
        var heapPeak = heapBefore;
        using var sampler = new Timer(_ => heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false) / 1048576.0), null, 0, 10);
        var clock = Stopwatch.StartNew();
        await phase();
        var (seconds, peak) = (clock.Elapsed.TotalSeconds, ServerUsage.MemoryMegabytes("self", "VmHWM:"));
        Console.WriteLine($"# phase: {seconds:N2} s, peak RSS {peak:N0} MB, managed heap {heapBefore:N0} MB before, {heapPeak:N0} MB at most (sampled every 10 ms)");
        return (seconds, peak);
    }

    /// <summary>Where the match's time goes, roughly: the store reads it starts with, and a dry run (reads and matching,
    /// nothing written).</summary>
    private static async Task<string> ProfileAsync(EfLedgerStore store, CommunityEconomy economy)
    {
        var records = new LedgerEconomyStore(store);
        var (salesSeconds, salesPeak) = await PhaseAsync(() => records.ListBookPaymentsAsync(Ledger, Provider));
        var (rowsSeconds, rowsPeak) = await PhaseAsync(() => records.ListRecordsAsync(Ledger, EconomyRecords.StatementRow.Kind, Provider.Value));
        var (drySeconds, dryPeak) = await PhaseAsync(() => economy.MatchAsync(Ledger, Provider, PaymentChannel.WeChatPay, dryRun: true));
        return $"list the sales' payments {salesSeconds:N2} s (peak {salesPeak:N0} MB); list statement rows {rowsSeconds:N2} s (peak {rowsPeak:N0} MB); dry run {drySeconds:N2} s (peak {dryPeak:N0} MB)";
    }

    private static async Task SetUpAsync(EfLedgerStore store, CommunityEconomy economy, int sales)
    {
        await store.CreateLedgerAsync(new LedgerDefinition(Ledger, "Reconcile", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(EntityId.From("hub"), "Hub", EntityKind.Hub, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(EntityId.From("fund"), "Fund", EntityKind.CommunityFund, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Provider, "Elder care", EntityKind.Provider, AccountingProfile.NpoCn)));
        await Ok(economy.AddPolicyAsync(Ledger, DistributionPolicy.Standard(EntityId.From("hub"), EntityId.From("fund"), new LocalDate(2026, 1, 1))));
        var tiers = ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Money.FromDecimal(100m, Currency.CNY)) });
        await Ok(economy.PublishPackageAsync(Ledger, new ServicePackage("meals", Provider, 1, "助餐", "Meals", 4, Money.Zero(Currency.HOUR), tiers, new LocalDate(2026, 1, 1)) { SessionsDeliveredAtSale = true }));
        var next = -1;
        async Task Worker()
        {
            for (var i = Interlocked.Increment(ref next); i < sales; i = Interlocked.Increment(ref next))
            {
                var request = new SaleRequest(Provider, "meals", PricingTier.Paid, Quantity(i), Money.FromDecimal(100m, Currency.CNY), PaymentChannel.WeChatPay, Date(i), $"r-{i % 5000}")
                {
                    PaymentReference = Order(i),
                };
                await Ok(economy.RecordSaleAsync(Ledger, request, $"sale-{i}"));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(Worker)));
    }

    /// <summary>The bank's credits for the bill: each day's payments less their fees, paid out the next morning.</summary>
    private static List<StatementRow> Payouts(int sales)
    {
        var net = new Dictionary<LocalDate, long>();
        for (var i = 0; i < sales; i++)
        {
            var amount = 10_000L * Quantity(i);
            net[Date(i)] = net.GetValueOrDefault(Date(i)) + amount - Fee(amount);
        }

        return [.. net.OrderBy(d => d.Key).Select((d, line) => new StatementRow(Provider, PaymentChannel.Bank, $"B-{d.Key:yyyyMMdd}", d.Key.PlusDays(1).At(new LocalTime(9, 0)),
            StatementRowKind.BankCredit, Money.FromMinorUnits(d.Value, Currency.CNY), Money.Zero(Currency.CNY), line + 2) { Counterparty = "财付通支付科技有限公司" })];
    }

    private static long Fee(long amount) => ((amount * 6) + 500) / 1_000;

    private static int Quantity(int i) => 1 + (i % 3);

    private static LocalDate Date(int i) => First.PlusDays(i % 180);

    private static string Order(int i) => $"WX-{i:D7}";

    /// <summary>The WeChat Pay trade bill (bill_type ALL) of the sales, as downloaded: UTF-8 with a byte-order mark,
    /// every cell behind a backtick, the two summary lines at the end; fee 0.6%, rounded to the fen.</summary>
    private static byte[] WeChatBill(int sales)
    {
        const string header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
        var text = new StringBuilder(sales * 320).Append(header).Append("\r\n");
        long settled = 0, fees = 0;
        for (var i = 0; i < sales; i++)
        {
            var amount = 10_000L * Quantity(i);
            var fee = Fee(amount);
            var time = Date(i).At(new LocalTime(8 + (i % 12), i % 60, (i / 60) % 60)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            string[] cells =
            [
                time, "wx0000000000000000", "1900000109", "", "", $"42000{i:D10}", Order(i), "oTestOpenId0000000000000000", "JSAPI", "SUCCESS", "OTHERS", "CNY",
                Yuan(amount), "0.00", "0", "0", "0.00", "0.00", "", "", "助餐服务", "", Yuan(fee) + "000", "0.60%", Yuan(amount), "0.00", "",
            ];
            text.Append('`').AppendJoin(",`", cells).Append("\r\n");
            (settled, fees) = (settled + amount, fees + fee);
        }

        text.Append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
        string[] totals = [sales.ToString(CultureInfo.InvariantCulture), Yuan(settled), "0.00", "0.00", Yuan(fees) + "000", Yuan(settled), "0.00"];
        text.Append('`').AppendJoin(",`", totals).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Yuan(long fen) => Money.FromMinorUnits(fen, Currency.CNY).ToAmountString();

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }

    private static async Task Ok<T>(Task<CommandResult<T>> command)
        where T : class
    {
        var result = await command;
        Check(result.Succeeded, string.Join("; ", result.Errors));
    }
}
