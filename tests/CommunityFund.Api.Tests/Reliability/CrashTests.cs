using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// The API process itself is killed with SIGKILL, repeatedly, while clients post sales. After each restart every
/// acknowledged sale is in the books (its replay answers the same sale), nothing partial exists (the audit is clean),
/// and re-sending the requests that got no answer never posts a sale twice. Size: <c>COMMUNITYFUND_CRASHES</c> kills
/// (default 3), 8 clients.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Clients = 8;
    private readonly ApiProcessFolder _process = new("cf-crash-", "crash.db");

    private ApiProcess Api => _process.Api;

    public void Dispose() => _process.Dispose();

    [Fact]
    public async Task ApiKilledUnderLoad_LosesNoAcknowledgedSale_AndNeverPostsOneTwice()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_CRASHES"), out var n) ? n : 3;
        var http = Api.Http;
        var acknowledged = new ConcurrentDictionary<string, string>();
        var requests = new ConcurrentDictionary<string, string>();
        var unanswered = 0;
        var fiveHundreds = 0;
        var acknowledgedBefore = 0;
        var random = new Random(27);
        for (var round = 0; round < kills; round++)
        {
            await Api.StartAsync();
            var unansweredBefore = Volatile.Read(ref unanswered);

            // Each client posts until a request of its own goes unanswered: the kill ends every client, none stops early.
            var load = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                for (var i = 0; ; i++)
                {
                    var key = string.Create(CultureInfo.InvariantCulture, $"crash-{round}-{c}-{i}");
                    var body = Http.Sale(quantity: 1 + (i % 3), date: "2026-06-03").Replace("r-0100", key, StringComparison.Ordinal);
                    requests[key] = body;
                    try
                    {
                        var response = await http.SendAsync(ApiProcess.PostSale(body, key));
                        if ((int)response.StatusCode >= 500)
                        {
                            Interlocked.Increment(ref fiveHundreds);
                        }

                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[key] = (await response.JsonAsync()).GetProperty("id").GetString()!;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        Interlocked.Increment(ref unanswered);
                        return;
                    }
                }
            })).ToList();
            await Task.Delay(random.Next(1_500, 3_000));

            // The kill lands under load: wait (a bounded while) for this round's first acknowledged sale.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (acknowledged.Count == acknowledgedBefore && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            var acknowledgedThisRound = acknowledged.Count - acknowledgedBefore;
            Api.Kill();
            await Task.WhenAll(load);

            Assert.True(acknowledgedThisRound > 0, $"round {round}: no sale was acknowledged before the kill");
            Assert.Equal(Clients, unanswered - unansweredBefore); // every client's last request was cut off by the kill
            acknowledgedBefore = acknowledged.Count;
        }

        await Api.StartAsync();
        foreach (var (key, saleId) in acknowledged)
        {
            var replay = await http.SendAsync(ApiProcess.PostSale(requests[key], key));
            Assert.True(replay.IsSuccessStatusCode, $"{key}: {(int)replay.StatusCode}");
            Assert.Equal(saleId, (await replay.JsonAsync()).GetProperty("id").GetString());
        }

        foreach (var key in requests.Keys.Where(k => !acknowledged.ContainsKey(k)))
        {
            var resend = await http.SendAsync(ApiProcess.PostSale(requests[key], key));
            Assert.True(resend.IsSuccessStatusCode, $"{key}: {(int)resend.StatusCode} {await resend.Content.ReadAsStringAsync()}");
        }

        var sales = (await (await http.SendAsync(ApiProcess.AdminGet("/ledgers/demo/sales"))).JsonAsync()).EnumerateArray()
            .Select(s => s.GetProperty("residentReference").GetString()!).Where(r => r.StartsWith("crash-", StringComparison.Ordinal)).ToList();
        Assert.Equal(requests.Count, sales.Count);
        Assert.Equal(sales.Count, sales.Distinct().Count());
        var audit = await (await http.SendAsync(ApiProcess.AdminGet("/ledgers/demo/audit"))).JsonAsync();
        Assert.True(audit.GetProperty("isSound").GetBoolean(), audit.GetRawText());
        Assert.Equal(0, fiveHundreds);
        Report.Record($"Crash (SQLite): {kills} SIGKILLs of the API process under {Clients} clients, {requests.Count} requests, {acknowledged.Count} acknowledged and all kept, " +
            $"{unanswered} unanswered and re-sent without doubles, 0 5xx, audit sound.");
    }
}
