// The HTTP API through a Kiota-generated client: a provider posts a sale and reads its 70/25/5 split, the hub
// administrator prepares, invoices and settles the month's statement, a trustee reads the hub's trial balance.
// Usage: KiotaClient <base url> <provider key> <hub administrator key> <trustee key>   (the demo ledger's keys)
using KiotaClient.Client;
using KiotaClient.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: KiotaClient <base url> <provider key> <hub administrator key> <trustee key>");
    return 2;
}

var run = Guid.NewGuid().ToString("N")[..8];
CommunityFundClient Client(string key) => new(new HttpClientRequestAdapter(new ApiKeyHeader(key)) { BaseUrl = args[0] });
Action<RequestConfiguration<DefaultQueryParameters>> Idempotent(string what) => c => c.Headers.Add("Idempotency-Key", $"kiota-{what}-{run}");
void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException("Not as expected: " + what);
    }

    Console.WriteLine("checked: " + what);
}

var demo = "demo";
var sale = await Client(args[1]).Ledgers[demo].Sales.PostAsync(new CreateSaleRequest
{
    Provider = "elder-care",
    PackageId = "elder-meals",
    Tier = PricingTier.Paid,
    Quantity = 10,
    UnitPrice = new Money { Amount = "100.00", Currency = Currency.CNY },
    Channel = PaymentChannel.WeChatPay,
    Date = new Date(2026, 5, 6),
    ResidentReference = "r-kiota",
}, Idempotent("sale"));
var split = (sale!.Distributions ?? []).Single();
Check((split.Provider?.Amount, split.Hub?.Amount, split.Fund?.Amount) == ("700.00", "250.00", "50.00"), "the sale of 1,000.00 splits 700.00 / 250.00 / 50.00");

var admin = Client(args[2]).Ledgers[demo];
var statement = await admin.Statements.PostAsync(new PrepareStatementRequest { Provider = "elder-care", Counterparty = "hub", Period = "2026-05" }, Idempotent("statement"));
await admin.Statements[statement!.Id].Invoice.PostAsync(new InvoiceRequest { Reference = $"HUB-INV-{run}" }, Idempotent("invoice"));
var settled = await admin.Statements[statement.Id].Settle.PostAsync(new SettleRequest { Date = new Date(2026, 6, 5) }, Idempotent("settle"));
Check(settled!.Status == SettlementStatus.Settled, $"statement {statement.Id} settled");

var trial = await Client(args[3]).Ledgers[demo].Entities["hub"].TrialBalance.GetAsync();
Check(trial!.IsBalanced == true && trial.Sections is { Count: > 0 }, "the hub's trial balance balances");
Console.WriteLine("OK");
return 0;

/// <summary>Sends the API key in the X-Api-Key header. (Kiota's own ApiKeyAuthenticationProvider refuses plain http,
/// which this sample talks to on the loopback; behind the reverse proxy with TLS either works.)</summary>
internal sealed class ApiKeyHeader(string key) : IAuthenticationProvider
{
    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        request.Headers.Add("X-Api-Key", key);
        return Task.CompletedTask;
    }
}
