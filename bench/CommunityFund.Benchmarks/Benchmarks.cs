using System.Collections.Immutable;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Benchmarks;

/// <summary>Splitting money: largest remainder, and the 70/25/5 split with carry-forward.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MoneyBenchmarks
{
    private static readonly long[] Weights = [7000, 2500, 500];
    private readonly Money _amount = Money.FromDecimal(1234.57m, Currency.CNY);
    private readonly long[] _carry = [3, -2, -1];
    private readonly string _json = JsonSerializer.Serialize(Money.FromDecimal(1234.57m, Currency.CNY));

    [Benchmark]
    public Money[] Allocate_70_25_5() => _amount.Allocate(Weights);

    [Benchmark]
    public long[] CarryForward_70_25_5() => CarryForwardAllocator.Allocate(123_457, Weights, _carry).Parts;

    [Benchmark]
    public string MoneyToJson() => JsonSerializer.Serialize(_amount);

    [Benchmark]
    public Money MoneyFromJson() => JsonSerializer.Deserialize<Money>(_json);
}

/// <summary>The kernel's hot path: hashing a journal, and validating and posting one on the in-memory store.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PostingBenchmarks
{
    private static readonly LedgerId Ledger = LedgerId.From("bench");
    private static readonly EntityId Provider = EntityId.From("provider");
    private Journal _journal = null!;
    private PostingEngine _engine = null!;
    private JournalDraft _draft = null!;

    [GlobalSetup]
    public void Setup()
    {
        var store = new InMemoryLedgerStore();
        store.CreateLedgerAsync(new LedgerDefinition(Ledger, "Bench", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, AccountingProfile.NpoCn))).GetAwaiter().GetResult();
        _engine = new PostingEngine(store, new FakeClock(Instant.FromUtc(2026, 3, 1, 0, 0)));
        var amount = Money.FromDecimal(100m, Currency.CNY);
        _draft = new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Sale, "meal",
        [
            LineDraft.Debit(Provider, "1009.01", amount), LineDraft.Credit(Provider, "4301.01", amount),
            LineDraft.Debit(Provider, "5101.03", Money.FromDecimal(25m, Currency.CNY)), LineDraft.Credit(Provider, "2209.01", Money.FromDecimal(25m, Currency.CNY)),
        ]);
        _journal = _engine.PostAsync(Ledger, _draft).GetAwaiter().GetResult().Journals[0];
    }

    [Benchmark]
    public string CanonicalHash() => CanonicalForm.ComputeHash(_journal);

    [Benchmark]
    public PostingResult ValidateAndPostInMemory() => _engine.PostAsync(Ledger, _draft).GetAwaiter().GetResult();
}
