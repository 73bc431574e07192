using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Tests.Economy;

/// <summary>Opening a community's books: the ledger and its first policy, checked together, resumable, replayable.</summary>
public class OpeningTests
{
    private static readonly LedgerId Id = LedgerId.From("wangjiang");
    private static readonly EntityId Hub = EntityId.From("hub");
    private static readonly EntityId Fund = EntityId.From("fund");
    private static readonly LocalDate Start = new(2026, 7, 1);

    private readonly InMemoryLedgerStore _store = new();
    private readonly CommunityEconomy _economy;

    public OpeningTests()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 30, 2, 0));
        _economy = new CommunityEconomy(_store, new PostingEngine(_store, clock), clock);
    }

    private static LedgerDefinition Definition(string name = "Wangjiang") => new LedgerDefinition(Id, name, Start)
        .WithEntity(new AccountingEntity(Hub, "Hub", EntityKind.Hub, AccountingProfile.SmeCn))
        .WithEntity(new AccountingEntity(Fund, "Fund", EntityKind.CommunityFund, AccountingProfile.NpoCn))
        .WithEntity(new AccountingEntity(EntityId.From("tea-house"), "Tea house", EntityKind.Provider, AccountingProfile.NpoCn));

    private static DistributionPolicy Standard => DistributionPolicy.Standard(Hub, Fund, Start);

    [Fact]
    public async Task Opening_CreatesTheLedger_WithItsFirstPolicy()
    {
        var opened = await _economy.OpenLedgerAsync(Definition(), Standard, "open-1");

        Assert.True(opened.Succeeded);
        Assert.NotNull(await _store.GetLedgerAsync(Id));
        Assert.Equal("standard@1", (await _economy.Records.GetPoliciesAsync(Id)).Single().Reference);
    }

    [Fact]
    public async Task APolicyThatDoesNotFitTheDefinition_IsRefused_BeforeAnyLedgerIsCreated()
    {
        var opened = await _economy.OpenLedgerAsync(Definition(), DistributionPolicy.Standard(Hub, EntityId.From("no-such-fund"), Start), "open-1");

        Assert.False(opened.Succeeded);
        Assert.Null(await _store.GetLedgerAsync(Id));
    }

    [Fact]
    public async Task OpeningAgain_UnderTheSameKey_IsAReplay()
    {
        await _economy.OpenLedgerAsync(Definition(), Standard, "open-1");

        var again = await _economy.OpenLedgerAsync(Definition(), Standard, "open-1");

        Assert.True(again.Succeeded);
        Assert.True(again.Replayed);
        Assert.Single(await _economy.Records.GetPoliciesAsync(Id));
    }

    [Fact]
    public async Task AnOpeningInterruptedAfterTheLedger_IsCompletedBySendingItAgain()
    {
        Assert.True(await _store.CreateLedgerAsync(Definition()));

        var resumed = await _economy.OpenLedgerAsync(Definition(), Standard, "open-1");

        Assert.True(resumed.Succeeded);
        Assert.False(resumed.Replayed);
        Assert.Single(await _economy.Records.GetPoliciesAsync(Id));
    }

    [Theory]
    [InlineData("open-2", "Wangjiang")]
    [InlineData("open-1", "Another name")]
    public async Task ALedgerOpenedByAnotherRequest_OrWithAnotherDefinition_IsRefusedAsExisting(string key, string name)
    {
        await _economy.OpenLedgerAsync(Definition(), Standard, "open-1");

        var other = await _economy.OpenLedgerAsync(Definition(name), Standard, key);

        Assert.Equal(ErrorCodes.LedgerExists, other.Errors.Single().Code);
        Assert.Single(await _economy.Records.GetPoliciesAsync(Id));
    }

    [Fact]
    public async Task ALedgerOpenedWithAnotherPolicy_IsNotTakenOverByAnotherRequest()
    {
        await _economy.OpenLedgerAsync(Definition(), Standard with { Id = "city" }, "open-1");

        var other = await _economy.OpenLedgerAsync(Definition(), Standard, "open-2");

        Assert.Equal(ErrorCodes.LedgerExists, other.Errors.Single().Code);
        Assert.Equal("city@1", (await _economy.Records.GetPoliciesAsync(Id)).Single().Reference);
    }
}
