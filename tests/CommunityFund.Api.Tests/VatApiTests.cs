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
}
