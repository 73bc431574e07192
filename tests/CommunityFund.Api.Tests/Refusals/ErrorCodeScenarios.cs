using System.Text;
using CommunityFund.Api.Tests.Statements;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CommunityFund.Api.Tests.Refusals;

/// <summary>A request, or the few requests, that make the API answer one error code.</summary>
public delegate Task<HttpResponseMessage> Scenario(ScenarioHost host);

/// <summary>
/// The scenario catalogue: for every error code the API answers, the shortest story through the real HTTP API that
/// makes it answer that code. Scenarios on the shared demo ledger only add to it (new ids, dates after its March, their
/// own months to close) so that they run in any order; those that need other settings or a failing service run on an
/// application of their own.
/// </summary>
public static class ErrorCodeScenarios
{
    private const string Demo = "/ledgers/demo";

    /// <summary>Every scenario by the code it produces.</summary>
    public static IReadOnlyDictionary<string, Scenario> ByCode { get; } = new Dictionary<string, Scenario>(StringComparer.Ordinal)
    {
        // The ledger kernel.
        ["account.exists"] = async h =>
        {
            await h.Admin.PostJsonAsync($"{Demo}/entities/youth-club/accounts", SubAccount("5201", 11));
            return await h.Admin.PostJsonAsync($"{Demo}/entities/youth-club/accounts", SubAccount("5201", 11));
        },
        ["account.not_found"] = h => h.Admin.PostJsonAsync($"{Demo}/journals", Journal(Line("elder-care", "9999", "debit", "1.00"), Line("elder-care", "1001", "credit", "1.00"))),
        ["account.not_leaf"] = h => h.Admin.PostJsonAsync($"{Demo}/journals", Journal(Line("elder-care", "1002", "debit", "1.00"), Line("elder-care", "1001", "credit", "1.00"))),
        ["account.unit_mismatch"] = h => h.Admin.PostJsonAsync($"{Demo}/journals", Journal(Line("elder-care", "5201", "debit", "1.00", "HOUR"), Line("elder-care", "1001", "credit", "1.00", "HOUR"))),
        ["entity.exists"] = h => h.Admin.PostJsonAsync($"{Demo}/entities", """{"id":"cafe","name":"Another café","kind":"provider","profile":"smeCn"}"""),
        ["entity.not_found"] = h => h.Admin.GetAsync($"{Demo}/entities/nobody/accounts"),
        ["idempotency.conflict"] = async h =>
        {
            var key = Guid.NewGuid().ToString();
            await h.Admin.PostJsonAsync($"{Demo}/sales", Http.Sale(date: "2026-05-20"), key);
            return await h.Admin.PostJsonAsync($"{Demo}/sales", Http.Sale(date: "2026-05-21"), key);
        },
        ["journal.already_reversed"] = async h =>
        {
            var journal = await ScenarioHost.IdAsync(await h.Admin.PostJsonAsync($"{Demo}/journals", Journal(Line("elder-care", "5201", "debit", "3.00"), Line("elder-care", "1001", "credit", "3.00"))));
            await h.Admin.PostJsonAsync($"{Demo}/journals/{journal}/reversal", """{"reason":"entered twice"}""");
            return await h.Admin.PostJsonAsync($"{Demo}/journals/{journal}/reversal", """{"reason":"entered twice again"}""");
        },
        ["journal.is_reversal"] = async h =>
        {
            var journal = await ScenarioHost.IdAsync(await h.Admin.PostJsonAsync($"{Demo}/journals", Journal(Line("elder-care", "5201", "debit", "4.00"), Line("elder-care", "1001", "credit", "4.00"))));
            var reversal = await ScenarioHost.IdAsync(await h.Admin.PostJsonAsync($"{Demo}/journals/{journal}/reversal", """{"reason":"entered twice"}"""));
            return await h.Admin.PostJsonAsync($"{Demo}/journals/{reversal}/reversal", """{"reason":"undo the undo"}""");
        },
        // Only hours go to the donation pool: a donation of points is a kind of transfer the points books do not have.
        ["journal.kind_invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/memo-transfers", """{"entity":"committee","kind":"donate","amount":{"amount":"5","currency":"POINT"},"date":"2026-05-02","memo":"points to the pool","from":"m-0001"}"""),
        // The refund's memo is its reason with the sale it refunds: a reason of nearly the longest memo makes it too long.
        ["journal.memo_invalid"] = async h =>
        {
            var sale = await ScenarioHost.IdAsync(await h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale(date: "2026-05-04")));
            return await h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales/{sale}/refunds",
                $$"""{"amount":{"amount":"10.00","currency":"CNY"},"date":"2026-05-05","reason":"{{new string('r', 490)}}"}""");
        },
        ["journal.not_found"] = h => h.Admin.GetAsync($"{Demo}/journals/{Guid.NewGuid()}"),
        ["journal.unbalanced"] = h => h.Admin.PostJsonAsync($"{Demo}/journals", Journal(Line("elder-care", "5201", "debit", "2.00"), Line("elder-care", "1001", "credit", "1.00"))),
        ["ledger.busy"] = h => h.OwnWith(s => s.AddSingleton<ILedgerStore>(sp => new CrowdedStore(sp.GetRequiredService<CommunityFund.EntityFrameworkCore.EfLedgerStore>())), ApiApplication.Admin)
            .PostJsonAsync($"{Demo}/sales", Http.Sale(date: "2026-05-02"), CrowdedStore.KeyPrefix + Guid.NewGuid()),
        ["ledger.exists"] = async h => await (await h.OperatorAsync()).PostJsonAsync("/ledgers", OpenLedger("demo")),
        ["ledger.not_found"] = h => h.Admin.GetAsync("/ledgers/nowhere/entities"),
        // Two amounts that each fit but whose sum does not: the totals cannot be added up.
        ["line.amount_not_positive"] = h => h.Admin.PostJsonAsync($"{Demo}/journals",
            Journal(Line("elder-care", "5201", "debit", "90000000000000000.00"), Line("elder-care", "5201", "debit", "90000000000000000.00"), Line("elder-care", "1001", "credit", "1.00"))),
        ["line.dimension_invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/memo-transfers", """{"entity":"committee","kind":"award","amount":{"amount":"2","currency":"HOUR"},"date":"2026-05-02","memo":"volunteering"}"""),
        // Restricted net assets (3102) are kept by restriction.
        ["line.dimension_required"] = h => h.Admin.PostJsonAsync($"{Demo}/journals", Journal(Line("fund", "1001", "debit", "1.00"), Line("fund", "3102", "credit", "1.00"))),
        ["opening.exists"] = async h =>
        {
            await ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/opening-balances", Opening("youth-club,1001,,100.00,", "youth-club,3101,,,100.00"));
            return await ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/opening-balances", Opening("youth-club,1001,,100.00,", "youth-club,3101,,,100.00"));
        },
        ["opening.invalid"] = h => ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/opening-balances", Opening("nobody,1001,,100.00,", "nobody,3101,,,100.00")),
        ["opening.amount_invalid"] = h => ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/opening-balances", Opening("cafe,1001,,1.001,", "cafe,3001,,,1.001")),
        ["opening.name_mismatch"] = h => ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/opening-balances", Opening("cafe,1001,Not the name,1.00,", "cafe,3001,,,1.00")),
        ["opening.value_required"] = h => ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/opening-balances", Opening(",1001,,1.00,", "cafe,3001,,,1.00")),
        ["journal.too_many_lines"] = h => ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/opening-balances",
            Opening([.. Enumerable.Range(0, 1_001).Select(_ => "hub,1001,,1.00,"), "hub,3001,,,1001.00"])),
        ["period.already_closed"] = async h =>
        {
            var admin = h.Own().Client(ApiApplication.Admin);
            await admin.PostJsonAsync($"{Demo}/periods/2026-01/close", "{}");
            return await admin.PostJsonAsync($"{Demo}/periods/2026-01/close", "{}");
        },
        ["period.before_books_start"] = h => h.Admin.PostJsonAsync($"{Demo}/journals", JournalOn("2025-12-31", Line("elder-care", "5201", "debit", "1.00"), Line("elder-care", "1001", "credit", "1.00"))),
        ["period.closed"] = async h =>
        {
            var admin = h.Own().Client(ApiApplication.Admin);
            await admin.PostJsonAsync($"{Demo}/periods/2026-01/close", "{}");
            return await admin.PostJsonAsync($"{Demo}/journals", JournalOn("2026-01-15", Line("elder-care", "5201", "debit", "1.00"), Line("elder-care", "1001", "credit", "1.00")));
        },
        ["period.not_next"] = h => h.Admin.PostJsonAsync($"{Demo}/periods/2026-09/close", "{}"),
        ["reversal.date_before_original"] = async h =>
        {
            var journal = await ScenarioHost.IdAsync(await h.Admin.PostJsonAsync($"{Demo}/journals", JournalOn("2026-05-10", Line("elder-care", "5201", "debit", "5.00"), Line("elder-care", "1001", "credit", "5.00"))));
            return await h.Admin.PostJsonAsync($"{Demo}/journals/{journal}/reversal", """{"reason":"backdated","date":"2026-05-09"}""");
        },

        // The community economy.
        ["donated_service.not_applicable"] = h => h.Admin.PostJsonAsync($"{Demo}/entities/hub/donated-services",
            """{"date":"2026-03-05","member":"m-0001","hours":{"amount":"1","currency":"HOUR"},"memo":"volunteer hours"}"""),
        ["chart.transition_not_applicable"] = h => h.Admin.PostJsonAsync($"{Demo}/entities/hub/chart-transition", "{}"),
        ["chart.transition_account_in_use"] = async h =>
        {
            // A 2025 ledger whose provider still posts to 1301 待摊费用 in 2026: the balance to carry is not the one at the end of 2025.
            var opened = await (await h.OperatorAsync()).PostJsonAsync("/ledgers", OpenLedger("old-chart").Replace("2026-07-01", "2025-07-01", StringComparison.Ordinal));
            var admin = h.As((await opened.JsonAsync()).GetProperty("administratorKey").GetProperty("key").GetString());
            await admin.PostJsonAsync("/ledgers/old-chart/journals",
                """{"date":"2026-02-01","memo":"insurance paid ahead","lines":[{"entity":"tea-house","account":"1301","side":"debit","amount":{"amount":"120.00","currency":"CNY"}},{"entity":"tea-house","account":"1001","side":"credit","amount":{"amount":"120.00","currency":"CNY"},"dimensions":{"cashflow":"operating.other-payments"}}]}""");
            return await admin.PostJsonAsync("/ledgers/old-chart/entities/tea-house/chart-transition", "{}");
        },
        ["clearing.invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/clearings", """{"entity":"committee","channel":"weChatPay","date":"2026-05-03","amount":{"amount":"1.00","currency":"CNY"}}"""),
        ["delivery.invalid"] = async h =>
        {
            var sale = await ScenarioHost.IdAsync(await h.As(ApiApplication.YouthClub).PostJsonAsync($"{Demo}/sales", HomeworkClub(prepaid: true)));
            return await h.As(ApiApplication.YouthClub).PostJsonAsync($"{Demo}/deliveries", $$"""{"date":"2026-05-12","sessions":9,"sale":"{{sale}}"}""");
        },
        ["distribution.no_policy"] = async h =>
        {
            // A ledger whose first policy starts a month after its books: a sale in that first month is shared by no policy.
            var opened = await (await h.OperatorAsync()).PostJsonAsync("/ledgers", OpenLedger("no-policy-yet",
                """{"id":"later","version":1,"hub":"hub","fund":"fund","shares":[{"party":"provider","basisPoints":7000},{"party":"hub","basisPoints":2500},{"party":"communityFund","basisPoints":500}],"effectiveFrom":"2026-08-01"}"""));
            var admin = h.As((await opened.JsonAsync()).GetProperty("administratorKey").GetProperty("key").GetString());
            await admin.PostJsonAsync("/ledgers/no-policy-yet/packages", Package("tea", "tea-house", "2026-07-01"));
            return await admin.PostJsonAsync("/ledgers/no-policy-yet/sales", Http.Sale("tea-house", package: "tea", date: "2026-07-15", price: "10.00"));
        },
        ["distribution.policy_invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/policies", Policy("standard", 2, "2026-09-01", hub: "cafe")),
        ["distribution.policy_overlap"] = h => h.Admin.PostJsonAsync($"{Demo}/policies", Policy("overlapping", 1, "2026-01-01")),
        ["distribution.policy_shares_not_10000"] = h => h.Admin.PostJsonAsync($"{Demo}/policies", Policy("standard", 2, "2026-09-01", provider: 6900)),
        ["economy.not_a_provider"] = h => h.Admin.PostJsonAsync($"{Demo}/packages", Package("hub-class", "hub", "2026-05-01")),
        ["package.invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/packages",
            """{"id":"no-cap","provider":"cafe","nameZh":"课","nameEn":"Class","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"lowCost":{"price":{"amount":"5.00","currency":"CNY"}},"paid":{"price":{"amount":"10.00","currency":"CNY"}}},"effectiveFrom":"2026-05-01"}"""),
        ["package.not_found"] = h => h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale(package: "no-such-package")),
        ["package.version_invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/packages", Package("coffee-class", "elder-care", "2026-06-01")),
        ["payment.insufficient_funds"] = h => h.As(ApiApplication.Cafe).PostJsonAsync($"{Demo}/clearings", """{"entity":"cafe","channel":"alipay","date":"2026-04-03","amount":{"amount":"200.00","currency":"CNY"}}"""),
        ["payment_match.invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/payment-matches", """{"entity":"nobody","channel":"weChatPay"}"""),
        ["payment_match.not_found"] = h => h.Admin.PostJsonAsync($"{Demo}/payment-matches/{Guid.NewGuid()}/unmatch", """{"reason":"wrong match"}"""),
        ["refund.exceeds_refundable"] = async h =>
        {
            var sale = await ScenarioHost.IdAsync(await h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale(date: "2026-05-04")));
            return await h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales/{sale}/refunds", """{"amount":{"amount":"100.01","currency":"CNY"},"date":"2026-05-05","reason":"more than paid"}""");
        },
        ["refund.invalid"] = async h =>
        {
            var sale = await ScenarioHost.IdAsync(await h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale(date: "2026-05-04")));
            return await h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales/{sale}/refunds", """{"amount":{"amount":"10.00","currency":"CNY"},"date":"2026-05-03","reason":"before the sale"}""");
        },
        ["repayment.exceeds_unrestricted_funds"] = async h =>
        {
            // On books of its own: the fund owes the elder-care centre back its share of a refund of a settled March
            // sale, then spends all its unrestricted money on a grant.
            var app = h.Own();
            var admin = app.Client(ApiApplication.Admin);
            var march = (await (await admin.GetAsync($"{Demo}/sales?provider=elder-care")).JsonAsync()).EnumerateArray().First(s => s.GetProperty("date").GetString() == "2026-03-02").GetProperty("id").GetString();
            await app.Client(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales/{march}/refunds", """{"amount":{"amount":"100.00","currency":"CNY"},"date":"2026-04-15","reason":"resident moved away","channel":"bank"}""");
            // A grant larger than the fund's own money is refused with the figures: the money available to spend.
            var refused = await (await admin.PostJsonAsync($"{Demo}/fund/grants", Grant("9000.00"))).JsonAsync();
            await admin.PostJsonAsync($"{Demo}/fund/grants", Grant(refused.GetProperty("figures").GetProperty("available").GetString()!));
            return await admin.PostJsonAsync($"{Demo}/repayments", """{"provider":"elder-care","counterparty":"fund","date":"2026-04-30"}""");
        },
        ["publication.period_open"] = h => h.Admin.PostJsonAsync($"{Demo}/publications/2026-03", "{}"),
        ["publication.not_found"] = h => h.Admin.GetAsync($"{Demo}/publications/2026-02"),
        ["publication.exists"] = async h =>
        {
            var admin = h.Own().Client(ApiApplication.Admin);
            await admin.PostJsonAsync($"{Demo}/periods/2026-01/close", "{}");
            await admin.PostJsonAsync($"{Demo}/publications/2026-01", "{}");
            return await admin.PostJsonAsync($"{Demo}/publications/2026-01", "{}");
        },
        ["repayment.nothing_owed"] = h => h.Admin.PostJsonAsync($"{Demo}/repayments", """{"provider":"cafe","counterparty":"hub","date":"2026-04-30"}"""),
        ["sale.free_tier_is_delivery"] = h => h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale(price: "0.01").Replace("\"paid\"", "\"publicWelfare\"", StringComparison.Ordinal)),
        ["sale.not_found"] = h => h.Admin.GetAsync($"{Demo}/sales/{Guid.NewGuid()}"),
        ["sale.payment_reference_taken"] = async h =>
        {
            await h.Admin.PostJsonAsync($"{Demo}/sales", WithPaymentReference(Http.Sale(date: "2026-05-06"), "WX-ORD-TAKEN"));
            return await h.Admin.PostJsonAsync($"{Demo}/sales", WithPaymentReference(Http.Sale(date: "2026-05-07"), "WX-ORD-TAKEN"));
        },
        ["sale.price_mismatch"] = h => h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale(price: "99.00")),
        // A mainland mobile number is personal data, not a resident reference.
        ["sale.resident_reference_invalid"] = h => h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale().Replace("r-0100", "13812345678", StringComparison.Ordinal)),
        ["sale.sessions_not_delivered_at_sale"] = h => h.As(ApiApplication.YouthClub).PostJsonAsync($"{Demo}/sales", HomeworkClub(prepaid: false)),
        ["sale.tier_not_offered"] = h => h.As(ApiApplication.Cafe).PostJsonAsync($"{Demo}/sales", Http.Sale("cafe", package: "coffee-class", price: "99.99").Replace("\"paid\"", "\"lowCost\"", StringComparison.Ordinal)),
        ["sale.vat_invalid"] = h => h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale().Replace("\"residentReference\"", "\"vat\":{\"amount\":\"100.00\",\"currency\":\"CNY\"},\"residentReference\"", StringComparison.Ordinal)),
        // A small-scale provider's sale computes its VAT from the status; stating another VAT needs a reason.
        ["sale.vat_override_reason_required"] = async h =>
        {
            await h.Admin.PostJsonAsync($"{Demo}/entities", """{"id":"vat-shop","name":"小规模社会企业","kind":"provider","profile":"smeCn","vat":{"kind":"smallScale"}}""");
            await h.Admin.PostJsonAsync($"{Demo}/packages", Package("vat-class", "vat-shop", "2026-05-01"));
            return await h.Admin.PostJsonAsync($"{Demo}/sales", Http.Sale("vat-shop", package: "vat-class", price: "10.00", date: "2026-05-06")
                .Replace("\"residentReference\"", "\"vat\":{\"amount\":\"0.00\",\"currency\":\"CNY\"},\"residentReference\"", StringComparison.Ordinal));
        },
        ["settlement.already_prepared"] = h => h.Admin.PostJsonAsync($"{Demo}/statements", """{"provider":"elder-care","counterparty":"hub","period":"2026-03"}"""),
        ["settlement.counterparty_invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/statements", """{"provider":"elder-care","counterparty":"cafe","period":"2026-03"}"""),
        ["settlement.date_invalid"] = async h =>
        {
            await h.As(ApiApplication.Cafe).PostJsonAsync($"{Demo}/sales", Http.Sale("cafe", package: "coffee-class", price: "99.99", date: "2026-06-20").Replace("weChatPay", "cash", StringComparison.Ordinal));
            var statement = await ScenarioHost.IdAsync(await h.Admin.PostJsonAsync($"{Demo}/statements", """{"provider":"cafe","counterparty":"hub","period":"2026-06"}"""));
            await h.Admin.PostJsonAsync($"{Demo}/statements/{statement}/invoice", """{"reference":"HUB-INV-2026-06-CAFE"}""");
            return await h.Admin.PostJsonAsync($"{Demo}/statements/{statement}/settle", """{"date":"2026-06-19"}""");
        },
        ["settlement.exceeds_payable"] = async h =>
        {
            await h.As(ApiApplication.Cafe).PostJsonAsync($"{Demo}/sales",
                Http.Sale("cafe", package: "coffee-class", price: "99.99", date: "2026-07-20").Replace("weChatPay", "cash", StringComparison.Ordinal));
            var statement = await ScenarioHost.IdAsync(await h.Admin.PostJsonAsync($"{Demo}/statements", """{"provider":"cafe","counterparty":"hub","period":"2026-07"}"""));
            await h.Admin.PostJsonAsync($"{Demo}/statements/{statement}/invoice", """{"reference":"HUB-INV-2026-07-CAFE"}""");
            // The café pays the hub by a journal of its own, outside the statement: the payable (2241.02) is settled already.
            await h.Admin.PostJsonAsync($"{Demo}/journals", JournalOn("2026-07-31",
                Line("cafe", "2241.02", "debit", "74.99", dimensions: """{"counterparty":"hub"}"""), Line("cafe", "1001", "credit", "74.99")));
            return await h.Admin.PostJsonAsync($"{Demo}/statements/{statement}/settle", """{"date":"2026-08-05"}""");
        },
        ["settlement.not_found"] = h => h.Admin.GetAsync($"{Demo}/statements/nobody.hub.2026-03"),
        ["settlement.nothing_owed"] = h => h.Admin.PostJsonAsync($"{Demo}/statements", """{"provider":"cafe","counterparty":"hub","period":"2026-02"}"""),
        ["settlement.status_invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/statements/elder-care.hub.2026-03/invoice", """{"reference":"HUB-INV-AGAIN"}"""),
        ["statement.row_invalid"] = h => PostStatementAsync(h, "weChatPay", StatementFileWriter.WeChatBill([Payment(new string('4', 129), "WX-LONG")])),

        // Agreements and the community fund.
        ["agreement.delivery_invalid"] = h => h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/agreements/living-room/deliveries",
            """{"service":"gardening","date":"2026-05-08","quantity":{"amount":"1.00","currency":"HOUR"},"beneficiaries":2,"evidence":"log"}"""),
        ["agreement.exists"] = h => h.Admin.PostJsonAsync($"{Demo}/agreements", Lease("living-room", "2026-04-01", "2027-03-31")),
        ["agreement.fund_share_overlaps_distribution"] = h => h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/agreements/living-room/revenue-shares",
            """{"month":"2026-04-01","revenue":{"amount":"800.00","currency":"CNY"},"date":"2026-05-05","fund":"fund","distributedRevenue":{"amount":"800.00","currency":"CNY"}}"""),
        ["agreement.invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/agreements", Lease("backwards", "2027-03-31", "2026-04-01")),
        ["agreement.not_found"] = h => h.Admin.GetAsync($"{Demo}/agreements/no-such-agreement"),
        // Charges fall due only once an agreement is active; this one is registered, not activated.
        ["agreement.status_invalid"] = async h =>
        {
            await h.Admin.PostJsonAsync($"{Demo}/agreements", Lease("not-yet-active", "2026-04-01", "2027-03-31"));
            return await h.Admin.PostJsonAsync($"{Demo}/agreements/not-yet-active/post-due", """{"through":"2026-05-31"}""");
        },
        ["fund.agency_insufficient"] = h => h.Admin.PostJsonAsync($"{Demo}/fund/agency", """{"fund":"fund","movement":"passOn","beneficiary":"b-0099","date":"2026-05-03","amount":{"amount":"1.00","currency":"CNY"},"memo":"coats"}"""),
        ["fund.goods_cost_required"] = async h =>
        {
            await DonateGoodsAsync(h, "300.00");
            return await h.Admin.PostJsonAsync($"{Demo}/fund/self-financing", """{"fund":"fund","source":"charitySupermarketSale","date":"2026-05-03","amount":{"amount":"120.00","currency":"CNY"},"channel":"cash"}""");
        },
        ["fund.goods_exceed_stock"] = h => h.Admin.PostJsonAsync($"{Demo}/fund/giveaways", """{"fund":"fund","date":"2026-05-03","cost":{"amount":"1000000.00","currency":"CNY"},"purpose":"more coats than the fund holds"}"""),
        // Only sales of donated goods carry a goods cost; caring parking sells none.
        ["fund.invalid"] = h => h.Admin.PostJsonAsync($"{Demo}/fund/self-financing",
            """{"fund":"fund","source":"caringParking","date":"2026-05-03","amount":{"amount":"20.00","currency":"CNY"},"channel":"cash","goodsCost":{"amount":"5.00","currency":"CNY"}}"""),
        ["fund.not_a_fund"] = h => h.Admin.PostJsonAsync($"{Demo}/fund/grants", """{"fund":"hub","project":"summer-camp","date":"2026-05-08","amount":{"amount":"10.00","currency":"CNY"},"purpose":"Summer camp"}"""),
        ["fund.restriction_insufficient"] = h => h.Admin.PostJsonAsync($"{Demo}/fund/grants",
            """{"fund":"fund","project":"stairway-repair","date":"2026-05-08","amount":{"amount":"7000.01","currency":"CNY"},"purpose":"Handrails","restriction":"stairway-repair"}"""),
        ["grant.exceeds_unrestricted_funds"] = h => h.Admin.PostJsonAsync($"{Demo}/fund/grants", """{"fund":"fund","project":"summer-camp","date":"2026-05-08","amount":{"amount":"8000.00","currency":"CNY"},"purpose":"Summer camp"}"""),
        ["timebank.cap_exceeded"] = h => h.Admin.PostJsonAsync($"{Demo}/memo-transfers", """{"entity":"committee","kind":"award","amount":{"amount":"1500.01","currency":"HOUR"},"date":"2026-05-02","memo":"a lifetime of volunteering","to":"m-0002"}"""),
        ["timebank.insufficient_balance"] = h => h.Admin.PostJsonAsync($"{Demo}/memo-transfers", """{"entity":"committee","kind":"redeem","amount":{"amount":"1.00","currency":"HOUR"},"date":"2026-05-02","memo":"a visit","from":"m-0003"}"""),
        ["timebank.same_member"] = h => h.Admin.PostJsonAsync($"{Demo}/memo-transfers", """{"entity":"committee","kind":"transfer","amount":{"amount":"1.00","currency":"HOUR"},"date":"2026-05-02","memo":"to myself","from":"m-0004","to":"m-0004"}"""),

        // The HTTP layer.
        ["api_key.not_found"] = h => h.Admin.PostJsonAsync($"{Demo}/api-keys/no-such-key/revoke", "{}"),
        ["auth.forbidden"] = h => h.As(ApiApplication.Trustee).PostJsonAsync($"{Demo}/sales", Http.Sale()),
        ["auth.forbidden_entity"] = h => h.As(ApiApplication.Cafe).PostJsonAsync($"{Demo}/sales", Http.Sale()),
        ["auth.invalid_key"] = h => h.As("cf_demo_nobody_wrong").GetAsync($"{Demo}/entities"),
        ["auth.key_in_query"] = h => h.As(null).GetAsync($"{Demo}/entities?api_key={ApiApplication.Admin}"),
        ["auth.too_many_failures"] = async h =>
        {
            var guesser = h.Own(new() { ["Api:FailedAuthenticationsPerMinutePerClient"] = "1" }).Client("cf_demo_nobody_wrong");
            await guesser.GetAsync($"{Demo}/entities");
            return await guesser.GetAsync($"{Demo}/entities");
        },
        ["auth.unauthenticated"] = h => h.As(null).GetAsync($"{Demo}/entities"),
        ["idempotency.key_required"] = h => h.Admin.PostJsonAsync($"{Demo}/sales", Http.Sale(), idempotencyKey: null),
        ["import.file_unreadable"] = h => ScenarioHost.PostFileAsync(h.Admin, $"{Demo}/opening-balances", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x01], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ["import.header_invalid"] = h => ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/sales/imports", "externalReference,provider,colour\npos-1,elder-care,blue\n"),
        ["import.value_invalid"] = h => ScenarioHost.PostCsvAsync(h.Admin, $"{Demo}/sales/imports",
            "externalReference,provider,packageId,tier,quantity,unitPrice,currency,channel,date,residentReference\npos-bad-1,elder-care,elder-meals,paid,one,100.00,CNY,weChatPay,2026-05-02,r-0100\n"),
        ["rate_limit.exceeded"] = async h =>
        {
            var client = h.Own(new() { ["Api:RequestsPerMinutePerKey"] = "1" }).Client(ApiApplication.Trustee);
            await client.GetAsync($"{Demo}/entities");
            return await client.GetAsync($"{Demo}/entities");
        },
        ["report.profile_unsupported"] = h => h.Admin.GetAsync($"{Demo}/entities/cafe/statements/activities?from=2026-03-01&to=2026-03-31"),
        ["request.body_required"] = h => h.Admin.PostJsonAsync($"{Demo}/sales", string.Empty),
        ["request.failed"] = h => h.OwnWith(s => s.AddSingleton<ILedgerStore>(sp => new FaultyStore(sp.GetRequiredService<CommunityFund.EntityFrameworkCore.EfLedgerStore>())), ApiApplication.Admin)
            .PostJsonAsync($"{Demo}/sales", Http.Sale(date: "2026-05-02"), FaultyStore.KeyPrefix + Guid.NewGuid()),
        ["request.malformed"] = h => h.Admin.GetAsync($"{Demo}/journals?limit=many"),
        ["request.malformed_json"] = h => h.Admin.PostJsonAsync($"{Demo}/sales", """{"provider":"elder-care",""" ),
        ["request.too_large"] = h => h.Admin.PostJsonAsync($"{Demo}/sales", "{\"provider\":\"" + new string('x', 1_100_000) + "\"}"),
        ["request.unsupported_media_type"] = h =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Demo}/sales") { Content = new StringContent(Http.Sale(), Encoding.UTF8, "text/plain") };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            return h.Admin.SendAsync(request);
        },
        ["route.method_not_allowed"] = h => h.Admin.DeleteAsync($"{Demo}/sales"),
        ["route.not_found"] = h => h.Admin.GetAsync($"{Demo}/nothing-here"),
        ["storage.unavailable"] = h => h.Own(new()
        {
            ["Books:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), "cf-no-such-folder-" + Guid.NewGuid().ToString("N"), "api.db")};Mode=ReadWrite",
            ["Books:Migrate"] = "false",
            ["Books:Demo"] = "false",
        }).Client(ApiApplication.Admin).GetAsync($"{Demo}/entities"),
        ["validation.failed"] = h => h.As(ApiApplication.ElderCare).PostJsonAsync($"{Demo}/sales", Http.Sale(quantity: 0)),
        ["webhook.not_found"] = h => h.Admin.PostJsonAsync($"{Demo}/webhooks/no-such-webhook/disable", "{}"),

        // Statement files.
        ["statement.amount_invalid"] = h => PostStatementAsync(h, "weChatPay",
            Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(StatementFileWriter.WeChatBill([Payment("4200000000000000000001", "WX-A1", 120m)])).Replace("`120.00,", "`120.001,", StringComparison.Ordinal))),
        ["statement.balance_mismatch"] = async h =>
        {
            var (bytes, mapping) = StatementFileWriter.BankCsv(
                [new BankEntry(new LocalDateTime(2026, 5, 3, 9, 0), Cny(100m), "财付通支付科技有限公司", "B-9001"), new BankEntry(new LocalDateTime(2026, 5, 4, 9, 0), Cny(50m), "张三", "B-9002")],
                new BankCsvOptions { OpeningBalance = Cny(1000m), BreakBalanceAt = 1 });
            await SaveMappingAsync(h, mapping);
            return await PostStatementAsync(h, "bank", bytes);
        },
        ["statement.channel_mismatch"] = h => PostStatementAsync(h, "weChatPay", StatementFileWriter.AlipayBill([Payment("2026050322001", "ALI-1")])),
        ["statement.duplicate_row"] = h => PostStatementAsync(h, "weChatPay", StatementFileWriter.WeChatBill([Payment("4200000000000000000002", "WX-D1"), Payment("4200000000000000000003", "WX-D2")], new StatementFileOptions { DuplicateRow = 1 })),
        ["statement.encoding"] = h => PostStatementAsync(h, "alipay", StatementFileWriter.AlipayBill([Payment("2026050322002", "ALI-2")], new StatementFileOptions { Utf8 = true })),
        ["statement.malformed"] = h => PostStatementAsync(h, "weChatPay",
            Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(StatementFileWriter.WeChatBill([Payment("4200000000000000000004", "WX-M1")])).Replace("手续费,费率,", "费率,", StringComparison.Ordinal))),
        ["statement.mapping_missing"] = h => PostStatementAsync(h, "bank", Encoding.UTF8.GetBytes("日期,金额\n"), entity: "youth-club"),
        ["statement.mapping_not_found"] = h => h.Admin.GetAsync($"{Demo}/entities/youth-club/bank-statement-mapping"),
        ["statement.totals_mismatch"] = h => PostStatementAsync(h, "weChatPay", StatementFileWriter.WeChatBill([Payment("4200000000000000000005", "WX-T1")], new StatementFileOptions { CorruptTotals = true })),
        ["statement.truncated"] = h => PostStatementAsync(h, "weChatPay", StatementFileWriter.WeChatBill([Payment("4200000000000000000006", "WX-T2")], new StatementFileOptions { Truncate = true })),
    };

    private static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    private static StatementEntry Payment(string id, string order, decimal amount = 100m) =>
        new(id, order, new LocalDateTime(2026, 5, 2, 10, 15), Cny(amount), Cny(0.60m));

    private static Task<HttpResponseMessage> PostStatementAsync(ScenarioHost host, string channel, byte[] bytes, string entity = "elder-care") =>
        ScenarioHost.PostFileAsync(host.Admin, $"{Demo}/payment-statements?channel={channel}&entity={entity}", bytes, "text/csv");

    private static async Task SaveMappingAsync(ScenarioHost host, Imports.Statements.BankColumnMapping mapping)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Apis.BankMappingDto.FromMapping(mapping), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web).Apply());
        await host.Admin.PutAsync($"{Demo}/entities/elder-care/bank-statement-mapping", new StringContent(json, Encoding.UTF8, "application/json"));
    }

    private static System.Text.Json.JsonSerializerOptions Apply(this System.Text.Json.JsonSerializerOptions options)
    {
        Composition.Configure(options);
        return options;
    }

    private static async Task DonateGoodsAsync(ScenarioHost host, string value) =>
        await host.Admin.PostJsonAsync($"{Demo}/fund/donations",
            $$"""{"fund":"fund","date":"2026-05-02","amount":{"amount":"{{value}}","currency":"CNY"},"donor":"d-0901","inKind":{"description":"winter coats","basis":"voucher","evidence":"INV-901"} }""");

    private static string Grant(string amount) =>
        $$"""{"fund":"fund","project":"summer-camp","date":"2026-04-30","amount":{"amount":"{{amount}}","currency":"CNY"},"purpose":"Summer camp"}""";

    private static string SubAccount(string parent, int suffix) => $$"""{"parent":"{{parent}}","suffix":{{suffix}},"nameZh":"子目","nameEn":"Sub-account"}""";

    private static string Line(string entity, string account, string side, string amount, string unit = "CNY", string dimensions = "{}") =>
        $$"""{"entity":"{{entity}}","account":"{{account}}","side":"{{side}}","amount":{"amount":"{{amount}}","currency":"{{unit}}"},"dimensions":{{dimensions}} }""";

    private static string Journal(params string[] lines) => JournalOn("2026-05-10", lines);

    private static string JournalOn(string date, params string[] lines) =>
        $$"""{"date":"{{date}}","memo":"error-code scenario","lines":[{{string.Join(",", lines)}}]}""";

    private static string Opening(params string[] rows) => "entity,account,name,debit,credit,restriction,member\n" + string.Join("\n", rows.Select(r => r + ",,")) + "\n";

    private static string OpenLedger(string id, string? policy = null) =>
        $$"""{"id":"{{id}}","name":"望江社区 Wangjiang","booksStart":"2026-07-01","timeZone":"Asia/Shanghai","entities":[{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn"},{"id":"fund","name":"社区基金","kind":"communityFund","profile":"npoCn"},{"id":"tea-house","name":"茶馆","kind":"provider","profile":"npoCn"}]{{(policy is null ? "" : ",\"policy\":" + policy)}}}""";

    private static string Policy(string id, int version, string from, string hub = "hub", int provider = 7000) =>
        $$"""{"id":"{{id}}","version":{{version}},"hub":"{{hub}}","fund":"fund","shares":[{"party":"provider","basisPoints":{{provider}}},{"party":"hub","basisPoints":2500},{"party":"communityFund","basisPoints":500}],"effectiveFrom":"{{from}}"}""";

    private static string Package(string id, string provider, string from) =>
        $$"""{"id":"{{id}}","provider":"{{provider}}","nameZh":"课","nameEn":"Class","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"paid":{"price":{"amount":"10.00","currency":"CNY"} } },"effectiveFrom":"{{from}}"}""";

    private static string HomeworkClub(bool prepaid) =>
        $$"""{"provider":"youth-club","packageId":"homework-club","tier":"paid","quantity":1,"unitPrice":{"amount":"240.00","currency":"CNY"},"channel":"bank","date":"2026-05-11","residentReference":"r-0300","prepaid":{{(prepaid ? "true" : "false")}}}""";

    private static string WithPaymentReference(string sale, string reference) =>
        sale.Replace("\"residentReference\"", $"\"paymentReference\":\"{reference}\",\"residentReference\"", StringComparison.Ordinal);

    private static string Lease(string id, string start, string end) =>
        $$"""
        {"id":"{{id}}","kind":"nominalLease","grantor":"committee","operator":"youth-club","start":"{{start}}","end":"{{end}}",
         "obligations":[{"service":"homework help","perMonth":{"amount":"8","currency":"COUNT"},"minimumBeneficiariesPerMonth":20}],
         "lease":{"space":{"name":"Garden room","areaSquareMetres":45.5},"nominalRent":{"amount":"1.00","currency":"CNY"},"frequency":"quarterly",
                  "fairRent":{"amount":{"amount":"4500.00","currency":"CNY"},"basis":"Garden-room rate, street office 2026"} } }
        """;

    /// <summary>A store with a fault: looking up an idempotency key that contains <see cref="KeyPrefix"/> fails with an
    /// exception that is not the database's (a bug, say).</summary>
    private sealed class FaultyStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
    {
        public const string KeyPrefix = "faulty-";

        public override Task<IReadOnlyList<Journal>> FindByIdempotencyKeyAsync(LedgerId ledger, string idempotencyKey, CancellationToken cancellationToken = default) =>
            idempotencyKey.Contains(KeyPrefix, StringComparison.Ordinal)
                ? throw new InvalidOperationException("A fault of the server.")
                : base.FindByIdempotencyKeyAsync(ledger, idempotencyKey, cancellationToken);
    }

    /// <summary>A store on which every append of a request whose idempotency key starts with <see cref="KeyPrefix"/>
    /// finds that another writer moved the ledger's head first, every time.</summary>
    private sealed class CrowdedStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
    {
        public const string KeyPrefix = "crowded-";

        public override Task<AppendOutcome> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default) =>
            request.IdempotencyKey?.Contains(KeyPrefix, StringComparison.Ordinal) == true
                ? Task.FromResult(AppendOutcome.HeadMoved)
                : base.AppendAsync(request, cancellationToken);
    }
}
