using System.Net;
using System.Text.Json;

namespace CommunityFund.Api.Tests.Webhooks;

/// <summary>A receiver that does not answer within <c>Webhooks:Timeout</c> gets the same event again (logged with the
/// error), then the later ones in order.</summary>
public sealed class WebhookTimeoutTests : IAsyncLifetime
{
    private readonly ApiApplication _app = new(new()
    {
        ["Webhooks:PollInterval"] = "00:00:00.050",
        ["Webhooks:FirstBackoff"] = "00:00:00.050",
        ["Webhooks:MaxBackoff"] = "00:00:00.100",
        ["Webhooks:Timeout"] = "00:00:00.500",
    });

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ReceiverTimingOut_GetsTheEventAgain_ThenTheLaterOnes()
    {
        _receiver.Answer = n => n == 1 ? null : 200; // the first attempt hangs past the timeout
        var admin = _app.Client(ApiApplication.Admin);
        var created = await admin.PostJsonAsync("/ledgers/demo/webhooks", WebhookTests.Body(_receiver.Url, """["sale.recorded"]"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        var sales = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var sale = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale());
            sales.Add((await sale.JsonAsync()).GetProperty("id").GetString()!);
        }

        await _receiver.WaitUntilAsync(r => WebhookTests.SaleReferences(r).Count >= 2, 60, "both sales after the timeout");

        Assert.Equal(sales.Select(s => "sale:" + s), WebhookTests.SaleReferences(_receiver));
        Assert.All(_receiver.Requests, r => Assert.Equal("sale.recorded", r.Type)); // the filter: distributions are not sent
        var log = (await (await admin.GetAsync($"/ledgers/demo/webhooks/{id}/deliveries")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, log[0].GetProperty("statusCode").ValueKind);
        Assert.Contains("no answer", log[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, log[1].GetProperty("attempt").GetInt32());
        Assert.True(log[1].GetProperty("delivered").GetBoolean());
    }
}
