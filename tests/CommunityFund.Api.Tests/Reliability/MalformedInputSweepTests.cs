using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// Generated malformed requests across every writing route: truncated or invalid JSON, wrong types, huge numbers,
/// too many digits, NaN, negative and zero amounts, invalid UTF-8, wrong content types, bad idempotency keys, unknown
/// routes and methods, oversized bodies and deep nesting. No answer is a 5xx; every error is a problem with a code;
/// a rejected request never moves the books. Size: <c>COMMUNITYFUND_SWEEP_REQUESTS</c> (default 2,000; the full run
/// sends 10,000 or more).
/// </summary>
public sealed class MalformedInputSweepTests : IDisposable
{
    private static readonly Dictionary<string, string> Seeds = new(StringComparer.Ordinal)
    {
        ["/ledgers/demo/sales"] = Http.Sale(),
        ["/ledgers/demo/deliveries"] = """{"date":"2026-04-02","sessions":2,"provider":"elder-care","packageId":"elder-meals","beneficiaries":5}""",
        ["/ledgers/demo/journals"] = """{"date":"2026-04-01","memo":"supplies","lines":[{"entity":"elder-care","account":"5201","side":"debit","amount":{"amount":"10.00","currency":"CNY"}},{"entity":"elder-care","account":"1001","side":"credit","amount":{"amount":"10.00","currency":"CNY"}}]}""",
        ["/ledgers/demo/statements"] = """{"provider":"elder-care","counterparty":"hub","period":"2026-04"}""",
        ["/ledgers/demo/memo-transfers"] = """{"entity":"elder-care","kind":"award","amount":{"amount":"2.50","currency":"HOUR"},"date":"2026-04-02","memo":"visit","to":"v-1"}""",
        ["/ledgers/demo/fund/donations"] = """{"fund":"fund","date":"2026-04-02","amount":{"amount":"5.00","currency":"CNY"},"donor":"d-1","restriction":"stairway-repair"}""",
        ["/ledgers/demo/fund/grants"] = """{"fund":"fund","project":"p-1","date":"2026-04-02","amount":{"amount":"5.00","currency":"CNY"},"purpose":"x","restriction":"stairway-repair"}""",
        ["/ledgers/demo/fund/agency"] = """{"fund":"fund","movement":"receive","beneficiary":"b-1","date":"2026-04-02","amount":{"amount":"5.00","currency":"CNY"},"memo":"coats"}""",
        ["/ledgers/demo/clearings"] = """{"entity":"cafe","channel":"alipay","date":"2026-04-02","amount":{"amount":"5.00","currency":"CNY"},"fee":{"amount":"0.03","currency":"CNY"}}""",
        ["/ledgers/demo/repayments"] = """{"provider":"elder-care","counterparty":"hub","date":"2026-04-30"}""",
        ["/ledgers/demo/fund/giveaways"] = """{"fund":"fund","date":"2026-04-02","cost":{"amount":"5.00","currency":"CNY"},"purpose":"coats"}""",
        ["/ledgers/demo/fund/self-financing"] = """{"fund":"fund","source":"caringParking","date":"2026-04-02","amount":{"amount":"5.00","currency":"CNY"},"channel":"cash"}""",
        ["/ledgers/demo/agreements/living-room/deliveries"] = """{"service":"elder visits","date":"2026-03-20","quantity":{"amount":"1.00","currency":"HOUR"},"beneficiaries":2,"evidence":"log"}""",
        ["/ledgers/demo/agreements/living-room/post-due"] = """{"through":"2026-04-30"}""",
        ["/ledgers/demo/agreements"] = """{"id":"sweep","kind":"nominalLease","grantor":"committee","operator":"cafe","start":"2026-04-01","end":"2026-12-31","obligations":[{"service":"s","perMonth":{"amount":"2","currency":"COUNT"}}],"lease":{"space":{"name":"Room","areaSquareMetres":10},"nominalRent":{"amount":"1.00","currency":"CNY"},"frequency":"yearly","fairRent":{"amount":{"amount":"100.00","currency":"CNY"},"basis":"b"}}}""",
        ["/ledgers/demo/packages"] = """{"id":"sweep-pack","provider":"cafe","nameZh":"课","nameEn":"Class","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"paid":{"price":{"amount":"10.00","currency":"CNY"}}},"effectiveFrom":"2026-04-01"}""",
        ["/ledgers/demo/entities"] = """{"id":"sweep-entity","name":"Sweep","kind":"provider","profile":"npoCn"}""",
        ["/ledgers/demo/audit"] = """{"checkpoints":[{"sequence":1,"hash":"0000000000000000000000000000000000000000000000000000000000000000"}]}""",
    };

    private static readonly string[] HostileValues =
    [
        "1e309", "-1e309", "99999999999999999999999999", "9223372036854775808", "-9223372036854775809", "NaN", "Infinity", "-0", "0.1e-400",
        "\"NaN\"", "\"Infinity\"", "\"-0.00\"", "\"0\"", "\"-5.00\"", "\"1.001\"", "\"1.0000000000000000000001\"", "\"92233720368547758.08\"", "\"1e5\"",
        "\" 1.00\"", "\"1,00\"", "\"０.５\"", "null", "true", "[]", "{}", "\"\"", "\"\\u0000\"", "\"x\"", "-1", "0", "1.5", "2147483648",
        "\"2026-02-30\"", "\"9999-12-31\"", "\"0001-01-01\"", "\"../../etc\"", "\"<script>\"", "\"DROP TABLE journals;\"",
        "{\"amount\":\"1.00\",\"currency\":\"XXX\"}", "{\"amount\":\"-1.00\",\"currency\":\"CNY\"}", "{\"amount\":\"0.00\",\"currency\":\"CNY\"}",
        "{\"amount\":\"1.005\",\"currency\":\"CNY\"}", "{\"amount\":1.00,\"currency\":\"CNY\"}", "{\"amount\":\"1.00\"}", "{\"currency\":\"CNY\"}",
    ];

    private readonly ApiApplication _app = new(new Dictionary<string, string?> { ["Api:RequestsPerMinutePerKey"] = "10000000", ["Api:ExpensiveReadsPerMinutePerKey"] = "10000000" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task MalformedRequests_NeverCause5xx_AlwaysAnswerAProblem_AndNeverMoveTheBooks()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_SWEEP_REQUESTS"), out var n) ? n : 2_000;
        var random = new Random(20261127);
        var client = _app.Client(ApiApplication.Admin);
        var routes = Seeds.Keys.ToArray();
        var head = await HeadAsync(client);
        var rejected = 0;
        var accepted = 0;
        var byStatus = new SortedDictionary<int, int>();
        for (var i = 0; i < total; i++)
        {
            var route = routes[random.Next(routes.Length)];
            using var request = Mutate(route, Seeds[route], random, out var description);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"{description} → {status} {body}");
            if (status >= 400)
            {
                rejected++;
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                using var problem = JsonDocument.Parse(body);
                Assert.True(problem.RootElement.TryGetProperty("code", out _), $"{description} → {status} without a code: {body}");
                var now = await HeadAsync(client);
                Assert.True(now == head, $"{description} → {status} but the head moved from {head} to {now}");
            }
            else
            {
                accepted++;
                head = await HeadAsync(client);
            }
        }

        var audit = await (await client.GetAsync("/ledgers/demo/audit")).JsonAsync();
        Assert.True(audit.GetProperty("isSound").GetBoolean(), audit.GetRawText());
        Report.Record($"MalformedInputSweep: {total} requests, {rejected} rejected, {accepted} accepted, by status {string.Join(", ", byStatus.Select(s => $"{s.Key}×{s.Value}"))}, 0 5xx, audit sound.");
    }

    private static async Task<long> HeadAsync(HttpClient client) => (await (await client.GetAsync("/ledgers/demo/")).JsonAsync()).GetProperty("headSequence").GetInt64();

    private static HttpRequestMessage Mutate(string route, string seed, Random random, out string description)
    {
        var method = HttpMethod.Post;
        var path = route;
        byte[] body = Encoding.UTF8.GetBytes(seed);
        string? contentType = "application/json";
        var key = Guid.NewGuid().ToString();
        string[]? keys = null;
        var kind = random.Next(14);
        switch (kind)
        {
            case 0:
                body = body[..random.Next(0, body.Length)];
                break;
            case 1 or 2 or 3:
                body = Encoding.UTF8.GetBytes(ReplaceValue(seed, random, HostileValues[random.Next(HostileValues.Length)]));
                break;
            case 4:
                body = [.. body[..(body.Length / 2)], 0xC3, 0x28, 0xFF, .. body[(body.Length / 2)..]];
                break;
            case 5:
                contentType = new[] { "text/plain", "application/xml", "multipart/form-data", null }[random.Next(4)];
                break;
            case 6:
                var bad = new[] { string.Empty, new string('k', 201), "key with\ttab", "ключ-🔑" }[random.Next(4)];
                keys = bad.Length == 0 ? [] : [bad];
                break;
            case 7:
                keys = [key, key + "-other"];
                break;
            case 8:
                method = new[] { HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Put }[random.Next(3)];
                break;
            case 9:
                path = route + "/" + new[] { "unknown", "..", "%ff", "x/y/z" }[random.Next(4)];
                break;
            case 10:
                body = Encoding.UTF8.GetBytes(seed.Insert(1, "\"padding\":\"" + new string('x', 1_100_000) + "\","));
                break;
            case 11:
                var depth = random.Next(40, 200);
                body = Encoding.UTF8.GetBytes(ReplaceValue(seed, random, new string('[', depth) + new string(']', depth)));
                break;
            case 12:
                body = Encoding.UTF8.GetBytes(seed.Insert(1, DuplicateFirstProperty(seed)));
                break;
            default:
                body = Encoding.UTF8.GetBytes(new[] { "null", "[]", "\"text\"", "42", "{", "}", string.Empty, "{\"a\":}" }[random.Next(8)]);
                break;
        }

        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        request.Headers.TryAddWithoutValidation("Idempotency-Key", keys ?? [key]);
        var text = Encoding.UTF8.GetString(body);
        description = $"#{kind} {method} {path} ({body.Length} bytes, key {(keys is null ? "ok" : string.Join("|", keys.Select(k => k.Length > 20 ? k[..20] + "…" : k)))}): {(text.Length > 400 ? text[..400] + "…" : text)}";
        return request;
    }

    /// <summary>The seed with one value, chosen at random at any depth, replaced by raw JSON text.</summary>
    private static string ReplaceValue(string seed, Random random, string replacement)
    {
        var node = JsonNode.Parse(seed)!;
        var leaves = new List<(JsonNode Parent, object Key)>();
        void Walk(JsonNode current)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj.ToList())
                    {
                        leaves.Add((obj, name));
                        if (child is not null)
                        {
                            Walk(child);
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        leaves.Add((array, i));
                        if (array[i] is { } child)
                        {
                            Walk(child);
                        }
                    }

                    break;
            }
        }

        Walk(node);
        var (parent, slot) = leaves[random.Next(leaves.Count)];
        const string Marker = "\"__REPLACED__\"";
        if (parent is JsonObject o)
        {
            o[(string)slot] = "__REPLACED__";
        }
        else
        {
            ((JsonArray)parent)[(int)slot] = "__REPLACED__";
        }

        return node.ToJsonString().Replace(Marker, replacement, StringComparison.Ordinal);
    }

    private static string DuplicateFirstProperty(string seed)
    {
        var first = JsonNode.Parse(seed)!.AsObject().First();
        return $"\"{first.Key}\":{JsonValue.Create("duplicate")!.ToJsonString()},";
    }
}
