using System.Net;
using CommunityFund.Api.Apis;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary>Idempotency keys are the caller's own (issue 21, item 8): another caller's key neither replays its answer,
/// nor conflicts with, nor reveals it; the same caller's retries replay; books written before scoping still replay.</summary>
public sealed class IdempotencyAcrossCallersTests : IDisposable
{
    private const string Sales = "/ledgers/demo/sales";
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<int> SaleCountAsync() =>
        (await (await _app.Client(ApiApplication.Admin).GetAsync($"{Sales}?limit=1000")).JsonAsync()).GetArrayLength();

    [Fact]
    public async Task AnotherProviderResendingASaleWithItsKey_Is403_NotTheReplayedSale()
    {
        Assert.Equal(HttpStatusCode.Created, (await _app.Client(ApiApplication.ElderCare).PostJsonAsync(Sales, Http.Sale(), "elder-sale-1")).StatusCode);

        var resent = await _app.Client(ApiApplication.YouthClub).PostJsonAsync(Sales, Http.Sale(), "elder-sale-1");

        Assert.Equal((HttpStatusCode.Forbidden, "auth.forbidden_entity"), (resent.StatusCode, await resent.CodeAsync()));
        Assert.False(resent.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task AKeyAnotherCallerUsed_IsANewRequest_Not409()
    {
        await _app.Client(ApiApplication.ElderCare).PostJsonAsync(Sales, Http.Sale(), "shared-key");

        var cafe = await _app.Client(ApiApplication.Cafe).PostJsonAsync(Sales, Http.Sale(provider: "cafe", package: "coffee-class", price: "99.99"), "shared-key");

        Assert.Equal(HttpStatusCode.Created, cafe.StatusCode);
        Assert.False(cafe.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task AKeyAnotherCallerUsed_WithTheSameContent_IsANewSale_NotAReplay()
    {
        var elder = await (await _app.Client(ApiApplication.ElderCare).PostJsonAsync(Sales, Http.Sale(), "same-key")).JsonAsync();

        var admin = await _app.Client(ApiApplication.Admin).PostJsonAsync(Sales, Http.Sale(), "same-key");

        Assert.Equal(HttpStatusCode.Created, admin.StatusCode);
        Assert.False(admin.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(elder.GetProperty("id").GetString(), (await admin.JsonAsync()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task TheSameCallersRetry_Replays_AndOtherContentUnderItsKey_Is409()
    {
        var elder = _app.Client(ApiApplication.ElderCare);
        var first = await (await elder.PostJsonAsync(Sales, Http.Sale(), "retry-key")).JsonAsync();

        var retry = await elder.PostJsonAsync(Sales, Http.Sale(), "retry-key");
        var other = await elder.PostJsonAsync(Sales, Http.Sale(quantity: 2), "retry-key");

        Assert.Equal((HttpStatusCode.Created, "true"), (retry.StatusCode, retry.Headers.GetValues("Idempotent-Replayed").Single()));
        Assert.Equal(first.GetProperty("id").GetString(), (await retry.JsonAsync()).GetProperty("id").GetString());
        Assert.Equal((HttpStatusCode.Conflict, "idempotency.conflict"), (other.StatusCode, await other.CodeAsync()));
    }

    [Fact]
    public async Task ASaleRecordedUnderTheRawKeyBeforeScoping_RetriedOverTheUpgrade_ReplaysAndPostsOnce()
    {
        var before = await SaleCountAsync();
        var request = new CreateSaleRequest("elder-care", "elder-meals", Apis.PricingTier.Paid, 1, Money.FromDecimal(100m, Currency.CNY),
            Apis.PaymentChannel.WeChatPay, new LocalDate(2026, 4, 2), "r-0100");
        var recorded = await _app.Services.GetRequiredService<CommunityEconomy>().RecordSaleAsync(LedgerId.From("demo"), request.ToCore(), "pre-upgrade-1");

        var retry = await _app.Client(ApiApplication.ElderCare).PostJsonAsync(Sales, Http.Sale(), "pre-upgrade-1");

        Assert.Equal((HttpStatusCode.Created, "true"), (retry.StatusCode, retry.Headers.GetValues("Idempotent-Replayed").Single()));
        Assert.Equal(recorded.Value!.Id.Value.ToString(), (await retry.JsonAsync()).GetProperty("id").GetString());
        Assert.Equal(before + 1, await SaleCountAsync());
    }
}
