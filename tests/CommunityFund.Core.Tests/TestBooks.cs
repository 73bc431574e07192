using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Tests;

/// <summary>A small ledger on an in-memory store with a fake clock: a provider (民非), a hub (小企业) and a fund.</summary>
internal sealed class TestBooks
{
    internal static readonly LedgerId Ledger = LedgerId.From("test-ledger");
    internal static readonly EntityId Provider = EntityId.From("provider");
    internal static readonly EntityId Hub = EntityId.From("hub");
    internal static readonly EntityId Fund = EntityId.From("fund");
    internal static readonly LocalDate BooksStart = new(2026, 1, 1);

    private TestBooks(InMemoryLedgerStore store, FakeClock clock, LedgerDefinition definition)
    {
        Store = store;
        Clock = clock;
        Definition = definition;
        Engine = new PostingEngine(store, clock);
    }

    internal InMemoryLedgerStore Store { get; }

    internal FakeClock Clock { get; }

    internal PostingEngine Engine { get; }

    internal LedgerDefinition Definition { get; }

    internal static TestBooks Create()
    {
        var store = new InMemoryLedgerStore();
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 15, 2, 0));
        var definition = new LedgerDefinition(Ledger, "Test ledger", BooksStart)
            .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Hub, "Hub", EntityKind.Hub, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Fund, "Fund", EntityKind.CommunityFund, AccountingProfile.NpoCn));
        Assert.True(store.CreateLedgerAsync(definition).GetAwaiter().GetResult());
        return new TestBooks(store, clock, definition);
    }

    internal static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    internal static JournalDraft Sale(decimal amount, LocalDate? date = null) =>
        new(date ?? new LocalDate(2026, 3, 2), JournalKind.Sale, "Paid package",
        [
            LineDraft.Debit(Provider, "1002.01", Cny(amount)),
            LineDraft.Credit(Provider, "4301.01", Cny(amount)),
        ]);

    internal static JournalDraft Draft(params LineDraft[] lines) =>
        new(new LocalDate(2026, 3, 2), JournalKind.Manual, "Manual", [.. lines]);

    internal PostingResult Post(JournalDraft draft, string? key = null) =>
        Engine.PostAsync(Ledger, draft, key).GetAwaiter().GetResult();

    internal PostingResult PostBatch(PostingBatch batch) => Engine.PostBatchAsync(batch).GetAwaiter().GetResult();

    internal PostingResult PostBatch(string? key, params JournalDraft[] drafts) => PostBatch(new PostingBatch(Ledger, [.. drafts], key));

    internal PostingResult Reverse(ReversalRequest request) => Engine.ReverseAsync(request).GetAwaiter().GetResult();

    internal PostingResult PostTo(LedgerId ledger, JournalDraft draft) => Engine.PostAsync(ledger, draft).GetAwaiter().GetResult();

    internal void UpdateLedger(LedgerDefinition definition) => Assert.True(Store.UpdateLedgerAsync(definition).GetAwaiter().GetResult());

    internal IReadOnlyList<Journal> AllJournals() =>
        Store.ReadJournalsAsync(Ledger, 0, int.MaxValue).GetAwaiter().GetResult();

    internal IReadOnlyList<AccountBalance> Balances(EntityId? entity = null, LocalDate? asOf = null) =>
        Store.GetBalancesAsync(Ledger, entity, asOf).GetAwaiter().GetResult();

    internal Money Balance(EntityId entity, string account, LocalDate? asOf = null) =>
        Balances(entity, asOf).SingleOrDefault(b => b.Account == AccountCode.Parse(account))?.Balance ?? Money.Zero(Currency.CNY);

    internal ImmutableArray<PostingError> Rejection(JournalDraft draft)
    {
        var result = Post(draft);
        Assert.Equal(PostingOutcome.Rejected, result.Outcome);
        return result.Errors;
    }
}
