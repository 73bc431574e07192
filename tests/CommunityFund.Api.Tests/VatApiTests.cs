using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>A company-form entity's VAT status on the wire (ADR 0022): set when the entity is added, shown with it, and
/// used by its sales.</summary>
public sealed class VatApiTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    [Fact]
    public async Task AddingASmallScaleEntity_WithoutRateOrThreshold_AnswersTheDefaults()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/entities", """{"id":"vat-shop","name":"小规模社会企业","kind":"provider","profile":"smeCn","vat":{"kind":"smallScale"}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var vat = (await response.JsonAsync()).GetProperty("vat");
        Assert.Equal(("smallScale", 100, "100000.00"),
            (vat.GetProperty("kind").GetString(), vat.GetProperty("rateBasisPoints").GetInt32(), vat.GetProperty("monthlyExemptionThreshold").GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task ANonProfitEntity_WithAVatStatus_IsAValidationFailure()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/entities", """{"id":"npo-vat","name":"民非","kind":"provider","profile":"npoCn","vat":{"kind":"general"}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "validation.failed"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task ASaleOfAGeneralTaxpayer_AnswersTheComputedVat()
    {
        await Admin.PostJsonAsync("/ledgers/demo/entities", """{"id":"studio","name":"一般纳税人","kind":"provider","profile":"smeCn","vat":{"kind":"general"}}""");
        await Admin.PostJsonAsync("/ledgers/demo/packages",
            """{"id":"studio-class","provider":"studio","nameZh":"课","nameEn":"Class","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"paid":{"price":{"amount":"106.00","currency":"CNY"} } },"effectiveFrom":"2026-05-01"}""");

        var response = await Admin.PostJsonAsync("/ledgers/demo/sales", Http.Sale("studio", package: "studio-class", price: "106.00", date: "2026-05-06"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sale = await response.JsonAsync();
        Assert.Equal(("6.00", "6.00", "100.00"),
            (sale.GetProperty("vat").GetProperty("amount").GetString(), sale.GetProperty("computedVat").GetProperty("amount").GetString(), sale.GetProperty("base").GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task AGeneralTaxpayerHubsStatement_AnswersTheVatInItsFee_OnTheStatementAndEachItem()
    {
        var admin = await LedgerWithVatHubAsync("hub-vat");
        await admin.PostJsonAsync("/ledgers/hub-vat/packages",
            """{"id":"studio-class","provider":"studio","nameZh":"课","nameEn":"Class","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"paid":{"price":{"amount":"106.00","currency":"CNY"} } },"effectiveFrom":"2026-05-01"}""");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/ledgers/hub-vat/sales", Http.Sale("studio", package: "studio-class", price: "106.00", date: "2026-05-06"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/ledgers/hub-vat/sales", Http.Sale("studio", package: "studio-class", price: "106.00", date: "2026-05-07"))).StatusCode);

        var response = await admin.PostJsonAsync("/ledgers/hub-vat/statements", """{"provider":"studio","counterparty":"hub","period":"2026-05"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var statement = await response.JsonAsync();
        var items = statement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("vat").GetProperty("amount").GetString());
        Assert.Equal(("50.00", "2.83", "1.42 1.41"),
            (statement.GetProperty("amount").GetProperty("amount").GetString(), statement.GetProperty("vat").GetProperty("amount").GetString(), string.Join(" ", items)));
    }

    [Fact]
    public async Task SettlingAVatHubsStatement_PaysTheFeeWithItsVat()
    {
        var admin = await LedgerWithVatHubAsync("hub-vat-settle");
        await admin.PostJsonAsync("/ledgers/hub-vat-settle/packages",
            """{"id":"studio-class","provider":"studio","nameZh":"课","nameEn":"Class","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"paid":{"price":{"amount":"106.00","currency":"CNY"} } },"effectiveFrom":"2026-05-01"}""");
        var sale = await admin.PostJsonAsync("/ledgers/hub-vat-settle/sales",
            """{"provider":"studio","packageId":"studio-class","tier":"paid","quantity":1,"unitPrice":{"amount":"106.00","currency":"CNY"},"channel":"bank","date":"2026-05-06","residentReference":"r-0100"}""");
        Assert.Equal(HttpStatusCode.Created, sale.StatusCode);
        var id = (await (await admin.PostJsonAsync("/ledgers/hub-vat-settle/statements", """{"provider":"studio","counterparty":"hub","period":"2026-05"}""")).JsonAsync()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/ledgers/hub-vat-settle/statements/{id}/invoice", """{"reference":"HUB-INV-1"}""")).StatusCode);

        var settled = await admin.PostJsonAsync($"/ledgers/hub-vat-settle/statements/{id}/settle", """{"date":"2026-06-05"}""");

        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        var body = await settled.JsonAsync();
        Assert.Equal(("25.00", "1.42"), (body.GetProperty("amount").GetProperty("amount").GetString(), body.GetProperty("vat").GetProperty("amount").GetString()));
    }

    /// <summary>Opens books whose hub is a general taxpayer (6%) with a general-taxpayer provider, studio.</summary>
    private async Task<HttpClient> LedgerWithVatHubAsync(string id)
    {
        var opened = await _app.Client(await _app.OperatorKeyAsync()).PostJsonAsync("/ledgers",
            $$$"""{"id":"{{{id}}}","name":"望江社区","booksStart":"2026-01-01","timeZone":"Asia/Shanghai","entities":[{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn","vat":{"kind":"general"}},{"id":"fund","name":"社区基金","kind":"communityFund","profile":"npoCn"},{"id":"studio","name":"一般纳税人","kind":"provider","profile":"smeCn","vat":{"kind":"general"}}]}""");
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return _app.Client((await opened.JsonAsync()).GetProperty("administratorKey").GetProperty("key").GetString()!);
    }

    [Fact]
    public async Task AddingACompanyWithAnIncomeTaxRate_AnswersTheRate()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/entities", """{"id":"taxed-shop","name":"社区商店","kind":"provider","profile":"smeCn","incomeTaxRateBasisPoints":500}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(500, (await response.JsonAsync()).GetProperty("incomeTaxRateBasisPoints").GetInt32());
    }

    [Theory]
    [InlineData("""{"id":"npo-tax","name":"民非","kind":"provider","profile":"npoCn","incomeTaxRateBasisPoints":2500}""")]
    [InlineData("""{"id":"high-tax","name":"社区商店","kind":"provider","profile":"smeCn","incomeTaxRateBasisPoints":2501}""")]
    public async Task AnIncomeTaxRate_OnANonProfitOrAboveTwentyFivePercent_IsAValidationFailure(string entity)
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/entities", entity);

        Assert.Equal((HttpStatusCode.BadRequest, "validation.failed"), (response.StatusCode, await response.CodeAsync()));
    }
}
