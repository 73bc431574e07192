using System.Net;
using CommunityFund.Api.Apis;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary>The ledger scope reads the ledger's state for the endpoints that use it; a sale, whose command reads the
/// state itself, has its ledger read for the scope only the first time the process sees the ledger (a ledger is never
/// deleted), not once per request (a round trip on PostgreSQL).</summary>
public sealed class LedgerScopeReadsTests : IDisposable
{
    private readonly ApiApplication _app = new();
    private readonly ScopeReads _reads = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Sales_HaveTheirLedgerReadForTheScopeOnce_NotOncePerRequest()
    {
        var client = Client(ApiApplication.ElderCare);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/ledgers/demo/sales", Http.Sale())).StatusCode);
        }

        Assert.Equal(1, _reads.Count);
    }

    [Fact]
    public async Task AnEndpointThatUsesTheLedgersState_HasItReadForEveryRequest()
    {
        var client = Client(ApiApplication.Admin);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ledgers/demo/entities/hub/trial-balance")).StatusCode);
        }

        Assert.True(_reads.Count >= 2, $"{_reads.Count} reads for 2 requests");
    }

    private HttpClient Client(string key)
    {
        var factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddScoped(sp =>
            new LedgerScope(new CountingStore(sp.GetRequiredService<ILedgerStore>(), _reads), sp.GetRequiredService<IClock>(), sp.GetRequiredService<KnownLedgers>()))));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private sealed class ScopeReads
    {
        private int _count;

        public int Count => _count;

        public void Read() => Interlocked.Increment(ref _count);
    }

    /// <summary>The store as the scope sees it, counting its reads of ledgers.</summary>
    private sealed class CountingStore(ILedgerStore inner, ScopeReads reads) : DelegatingLedgerStore(inner)
    {
        public override Task<LedgerState?> GetLedgerAsync(LedgerId ledger, CancellationToken cancellationToken = default)
        {
            reads.Read();
            return base.GetLedgerAsync(ledger, cancellationToken);
        }
    }
}
