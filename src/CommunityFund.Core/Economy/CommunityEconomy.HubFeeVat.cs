using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>How VAT applies to the hub's fee between one provider and its hub (ADR 0022): the hub's status, the
    /// account its output VAT is credited to, and the provider's input-VAT account when the provider is a general
    /// taxpayer (else the whole fee is the provider's cost).</summary>
    private sealed record HubFeeTax(VatRegistration Registration, AccountCode HubVat, AccountCode? ProviderInputVat)
    {
        /// <summary>The provider's debit or credit for the fee: its cost (the fee less the input VAT it may deduct) and
        /// the input VAT.</summary>
        internal (long Cost, long InputVat) ProviderSplit(long fee, long vat) => ProviderInputVat is null ? (fee, 0) : (fee - vat, vat);
    }

    /// <summary>The VAT treatment of the hub's fee, or <c>null</c> when the hub has no VAT status (then the fee is all
    /// the hub's revenue and all the provider's cost, as before ADR 0022).</summary>
    private static HubFeeTax? HubFeeTaxOf(LedgerDefinition definition, EntityId provider, EntityId hub)
    {
        if (definition.FindEntity(hub) is not { Vat: { } registration } hubEntity)
        {
            return null;
        }

        var hubVat = ProviderAccounts.For(hubEntity)?.VatPayable ?? ChartTemplates.VatPayable;
        var providerEntity = definition.FindEntity(provider);
        var input = providerEntity?.Vat?.Kind == TaxpayerKind.General && providerEntity.Chart.Find(ChartTemplates.InputVat) is not null
            ? ChartTemplates.InputVat
            : (AccountCode?)null;
        return new HubFeeTax(registration, hubVat, input);
    }

    /// <summary>The output VAT in a new hub fee, computed on the cumulative fees the provider has been charged by that hub:
    /// <c>VAT(before + fee) − VAT(before)</c>. So the fees' VAT always sums to the VAT of their total, exact to the fen, and
    /// each fee's VAT is between zero and the fee (the VAT of a VAT-inclusive amount grows by 0 or 1 fen per fen). The
    /// cumulative fees are a running total kept with the distributions (<see cref="EconomyRecords.HubFees"/>), read in one
    /// look-up; only books without it yet sum the provider's sales (once: the total is written with this fee).</summary>
    /// <returns>The fee's VAT, and the cumulative fees after it (<c>null</c> when the fee is zero: nothing changes).</returns>
    private async Task<(long Vat, long? FeesAfter)> HubFeeVatAsync(LedgerId ledger, EntityId provider, EntityId hub, VatRegistration registration, long fee, CancellationToken ct)
    {
        if (fee == 0)
        {
            return (0, null);
        }

        var before = await _store.GetRecordAsync(ledger, EconomyRecords.HubFees.Kind, HubFeesKey(provider, hub), ct).ConfigureAwait(false) is { } total
            ? EconomyRecords.HubFees.Read(total)
            : await SumHubFeesAsync(ledger, provider, hub, ct).ConfigureAwait(false);
        return (VatIn(registration, before + fee) - VatIn(registration, before), checked(before + fee));
    }

    /// <summary>The hub fees charged with hub VAT so far, from every sale of the provider (books written before the
    /// running total).</summary>
    private async Task<long> SumHubFeesAsync(LedgerId ledger, EntityId provider, EntityId hub, CancellationToken ct)
    {
        var hubs = (await _store.GetPoliciesAsync(ledger, ct).ConfigureAwait(false)).ToDictionary(p => p.Reference, p => p.Hub);
        long before = 0;
        await foreach (var sale in SaleDistributions.ReadAllAsync(_store, ledger, provider, ct).ConfigureAwait(false))
        {
            before += HubFeesWithVat(sale, hubs).Where(f => f.Hub == hub).Sum(f => f.Fee);
        }

        return before;
    }

    /// <summary>The hub fees of a sale's distributions that carried hub VAT, each with its hub (by the distribution's
    /// policy; a policy the books do not know has none): what the running total <see cref="EconomyRecords.HubFees"/>
    /// adds up, and what the audit checks it against.</summary>
    internal static IEnumerable<(EntityId Hub, long Fee)> HubFeesWithVat(SaleDistributions sale, IReadOnlyDictionary<string, EntityId> hubs) =>
        sale.Distributions.Where(d => d.HubVat is not null && hubs.ContainsKey(d.PolicyReference)).Select(d => (hubs[d.PolicyReference], d.Parts.Hub));

    /// <summary>The key of the running total of hub fees between a provider and a hub: <c>provider/hub</c>.</summary>
    internal static string HubFeesKey(EntityId provider, EntityId hub) => $"{provider}/{hub}";

    /// <summary>The provider and hub a <see cref="HubFeesKey"/> names (the hub <c>?</c> for a key without one).</summary>
    internal static (string Provider, string Hub) HubFeesPair(string key) =>
        key.IndexOf('/', StringComparison.Ordinal) is var separator and >= 0 ? (key[..separator], key[(separator + 1)..]) : (key, "?");

    private static long VatIn(VatRegistration registration, long inclusive) => registration.VatOf(Money.FromMinorUnits(inclusive, Currency.CNY)).MinorUnits;

    /// <summary>The hub VAT a refund reverses with <paramref name="reversedHub"/> of the sale's hub fee: the sale's hub VAT
    /// in proportion to the hub fee reversed so far (this refund included), rounded half up, less what earlier refunds
    /// reversed. The last refund of the whole fee reverses exactly the VAT charged; none reverses more or less than
    /// nothing, and none reverses more VAT than hub fee.</summary>
    private static long HubVatReversed(SaleRecord sale, long reversedHub)
    {
        var charged = sale.Distributions.Sum(d => d.HubVat ?? 0);
        var fees = sale.Distributions.Where(d => d.HubVat is not null).Sum(d => d.Parts.Hub);
        if (charged == 0 || fees == 0)
        {
            return 0;
        }

        var before = Math.Min(sale.Refunds.Sum(r => r.Reversed.Hub), fees);
        var after = Math.Min(before + reversedHub, fees);
        return Proportional(charged, after, fees) - Proportional(charged, before, fees);
    }

    private static long Proportional(long value, long part, long whole) => (long)(((Int128)value * part * 2 + whole) / ((Int128)whole * 2));

    /// <summary>The lines of the hub's fee (VAT included) on both books: the provider's cost, input VAT and payable; the
    /// hub's receivable, revenue and output VAT. With <paramref name="costSide"/> <see cref="Side.Credit"/> for the provider's
    /// cost they reverse a fee (a refund), the payable or receivable accounts given by the caller.</summary>
    private static List<LineDraft> HubFeeLines(HubFeeLineAccounts accounts, EntityId provider, EntityId hub, long fee, long vat, Side costSide, string agreement)
    {
        var other = costSide == Side.Debit ? Side.Credit : Side.Debit;
        var (cost, input) = accounts.Tax?.ProviderSplit(fee, vat) ?? (fee, 0);
        var revenue = accounts.Tax is null ? fee : fee - vat;
        var output = accounts.Tax is null ? 0 : vat;
        LineDraft P(AccountCode account, Side side, long amount) =>
            new LineDraft(provider, account, side, Money.FromMinorUnits(amount, Currency.CNY)).With(DimensionNames.Counterparty, hub.Value).With(DimensionNames.Agreement, agreement);
        LineDraft H(AccountCode account, Side side, long amount) =>
            new LineDraft(hub, account, side, Money.FromMinorUnits(amount, Currency.CNY)).With(DimensionNames.Counterparty, provider.Value).With(DimensionNames.Agreement, agreement);
        var costs = new List<LineDraft>();
        var income = new List<LineDraft>();
        costs.AddRange(cost > 0 ? [P(accounts.ProviderCost, costSide, cost)] : []);
        costs.AddRange(input > 0 ? [P(accounts.Tax!.ProviderInputVat!.Value, costSide, input)] : []);
        income.AddRange(revenue > 0 ? [H(ProviderAccounts.Hub.PlatformRevenue, other, revenue).With(DimensionNames.Programme, PlatformProgramme)] : []);
        income.AddRange(output > 0 ? [H(accounts.Tax!.HubVat, other, output)] : []);
        var providerBalance = P(accounts.ProviderBalance, other, fee);
        var hubBalance = H(accounts.HubBalance, costSide, fee);

        // A fee lists debits first on each book (cost, payable; receivable, revenue), and so does its reversal (payable,
        // cost; revenue, receivable): the order the journals had before VAT.
        return costSide == Side.Debit
            ? [.. costs, providerBalance, hubBalance, .. income]
            : [providerBalance, .. costs, .. income, hubBalance];
    }

    /// <summary>The accounts of a hub fee's lines: the provider's cost and its payable (or clawback receivable), the
    /// hub's receivable (or payable back), and the VAT treatment.</summary>
    private sealed record HubFeeLineAccounts(AccountCode ProviderCost, AccountCode ProviderBalance, AccountCode HubBalance, HubFeeTax? Tax);
}
