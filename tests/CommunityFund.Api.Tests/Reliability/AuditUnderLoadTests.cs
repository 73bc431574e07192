using System.Net;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// The trustees' audit while providers keep selling: it reads one moment of the books, journals and sale records
/// alike, so sales recorded while it reads are in neither and every audit of sound books is sound. (Before the audit
/// read a snapshot, a sale recorded between its read of the journals and its read of the records was reported as a
/// distribution without its journal — 1,121 such false errors in one audit of the soak.)
/// </summary>
public abstract class AuditUnderLoadContract : IAsyncLifetime
{
    private const int Sellers = 4;

    private ApiApplication _app = null!;

    public async Task InitializeAsync() => _app = await CreateAsync(new Dictionary<string, string?> { ["Api:RequestsPerMinutePerKey"] = "10000000" });

    public virtual Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Audits_WhileSalesArePosted_FindTheBooksSound()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var seller = _app.Client(ApiApplication.ElderCare);
        await PostSalesAsync(seller, 1_500, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var auditing = 0;
        var postedDuringAudits = 0;
        var sellers = Enumerable.Range(0, Sellers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var during = Volatile.Read(ref auditing) == 1;
                await PostSalesAsync(seller, 1, CancellationToken.None);
                if (during && Volatile.Read(ref auditing) == 1)
                {
                    Interlocked.Increment(ref postedDuringAudits);
                }
            }
        })).ToList();

        var audits = new List<(long Head, bool Sound, string Text)>();
        for (var i = 0; i < 4; i++)
        {
            Volatile.Write(ref auditing, 1);
            var response = await admin.GetAsync("/ledgers/demo/audit");
            Volatile.Write(ref auditing, 0);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var audit = await response.JsonAsync();
            audits.Add((audit.GetProperty("head").GetProperty("sequence").GetInt64(), audit.GetProperty("isSound").GetBoolean(), audit.GetRawText()));
        }

        await stop.CancelAsync();
        await Task.WhenAll(sellers);

        Assert.True(postedDuringAudits > 0, "No sale was posted while an audit read the books: the test proves nothing.");
        Assert.All(audits, a => Assert.True(a.Sound, a.Text.Length > 2_000 ? a.Text[..2_000] : a.Text));
        Assert.Equal(audits.Select(a => a.Head).Order(), audits.Select(a => a.Head));
    }

    /// <summary>Creates the application with the given extra settings.</summary>
    protected abstract Task<ApiApplication> CreateAsync(Dictionary<string, string?> settings);

    private static async Task PostSalesAsync(HttpClient seller, int count, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (_, _) =>
        {
            var response = await seller.PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-04-03"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        });
    }
}

public sealed class SqliteAuditUnderLoadTests : AuditUnderLoadContract
{
    protected override Task<ApiApplication> CreateAsync(Dictionary<string, string?> settings) => Task.FromResult(new ApiApplication(settings));
}

[Trait("Category", "Postgres")]
public sealed class PostgresAuditUnderLoadTests : AuditUnderLoadContract
{
    private readonly ThrowAwayDatabase _database = new("cf_aul");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DropAsync();
    }

    protected override async Task<ApiApplication> CreateAsync(Dictionary<string, string?> settings) => new(await _database.CreateForAsync(settings));
}
