using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    private async Task<Plan<SaleRecord>> PlanDeliveryAsync(LedgerState state, SaleId saleId, DeliveryRequest request, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        var sale = await _store.GetSaleAsync(ledger, saleId, ct).ConfigureAwait(false);
        if (sale is null)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.SaleNotFound, $"Ledger '{ledger}' has no sale {saleId}.", "sale");
        }

        if (DeliveryProblem(sale, request) is { } problem)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.DeliveryInvalid, problem, "sessions");
        }

        var accounts = ProviderAccounts.For(state.Definition.FindEntity(sale.Request.Provider)!)!;
        var delivered = sale.SessionsDelivered + request.Sessions;
        var vat = sale.Amount - sale.Base;
        var targetBase = Proportion(sale.Base, delivered, sale.Sessions);
        var targetVat = Proportion(vat, delivered, sale.Sessions);
        var baseIncrement = targetBase - sale.RecognisedBase;
        var vatIncrement = targetVat - (sale.Recognised - sale.RecognisedBase);
        var increment = baseIncrement + vatIncrement;
        var provider = sale.Request.Provider;
        var tier = TierName(sale.Request.Tier);
        var lines = new List<LineDraft>(SessionLines(provider, request.Sessions, tier, sale.Request.PackageId));
        if (increment.IsPositive)
        {
            lines.AddRange(RevenueLines(accounts, provider, accounts.PrepaidPackages, Side.Debit, increment, baseIncrement, vatIncrement, tier, sale.Request.PackageId));
        }

        var policy = await PolicyOnAsync(ledger, request.Date, ct).ConfigureAwait(false);
        if (policy is null && baseIncrement.IsPositive)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.NoPolicy, $"No distribution policy is in force on {Iso(request.Date)}.", "date");
        }

        var distribution = policy is not null && baseIncrement.IsPositive && policy.DistributableTiers.Contains(sale.Request.Tier)
            ? await PlanDistributionAsync(state.Definition, accounts, provider, policy, sale.Id, request.Date, baseIncrement, ct).ConfigureAwait(false)
            : null;
        var draft = DeliveryDraft(sale, request, lines, increment, baseIncrement);
        var drafts = distribution?.Draft is { } d ? ImmutableArray.Create(draft, d) : [draft];
        return new Plan<SaleRecord>(drafts, journals =>
        {
            var record = sale with
            {
                SessionsDelivered = delivered,
                Recognised = sale.Recognised + increment,
                RecognisedBase = targetBase,
                Deliveries = sale.Deliveries.Add(journals[0].Id),
                Distributions = distribution is null ? sale.Distributions : sale.Distributions.Add(distribution.Record(journals.Length > 1 ? journals[1].Id : journals[0].Id)),
            };
            return (Changes(record, distribution), record);
        });
    }

    /// <summary>The delivery's journal: the sessions delivered, and the revenue they recognise out of prepaid packages.</summary>
    private static JournalDraft DeliveryDraft(SaleRecord sale, DeliveryRequest request, List<LineDraft> lines, Money increment, Money baseIncrement) =>
        new(request.Date, JournalKind.Delivery, $"Delivery of {request.Sessions} session(s), sale {sale.Id}", [.. lines])
        {
            SourceReference = $"sale:{sale.Id}",
            Metadata = JournalMetadata.From(("sale.id", sale.Id.ToString()), ("delivery.sessions", request.Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("delivery.recognised", Fen(increment.MinorUnits)), ("delivery.base", Fen(baseIncrement.MinorUnits))),
        };

    /// <summary>Why a prepaid sale cannot take the delivery, or <c>null</c> when it can.</summary>
    private static string? DeliveryProblem(SaleRecord sale, DeliveryRequest request) =>
        !sale.Request.Prepaid ? "The sale was not prepaid: it was delivered and recognised when sold."
            : sale.IsCancelled ? "The sale's undelivered rest was refunded; it takes no more deliveries."
            : request.Sessions < 1 || sale.SessionsDelivered + request.Sessions > sale.Sessions ? $"{request.Sessions} session(s) cannot be delivered: {sale.SessionsDelivered} of {sale.Sessions} are delivered."
            : request.Date < sale.Request.Date ? $"A delivery cannot be dated before the sale ({Iso(sale.Request.Date)})."
            : null;

    private async Task<Plan<SaleRecord>> PlanFreeDeliveryAsync(LedgerState state, DeliveryRequest request, CancellationToken ct)
    {
        var errors = new List<PostingError>();
        var provider = request.Provider ?? default;
        ProviderOf(state, provider, "provider", errors);
        var package = await PackageOnAsync(state.Definition.Id, request.PackageId, request.Date, ct).ConfigureAwait(false);
        if (package is null || package.Provider != provider || !package.Tiers.ContainsKey(PricingTier.PublicWelfare))
        {
            errors.Add(new PostingError(EconomyErrorCodes.PackageNotFound, $"Provider '{provider}' has no public-welfare package '{request.PackageId}' in force on {Iso(request.Date)}.", "packageId"));
        }

        if (request.Sessions is < 1 or > 100_000 || request.Beneficiaries is < 0 or > 1_000_000)
        {
            errors.Add(new PostingError(EconomyErrorCodes.DeliveryInvalid, "A delivery has 1 to 100,000 sessions and 0 to 1,000,000 beneficiaries.", "sessions"));
        }

        if (errors.Count > 0)
        {
            return Plan<SaleRecord>.Refused(errors);
        }

        var tier = TierName(PricingTier.PublicWelfare);
        var draft = new JournalDraft(request.Date, JournalKind.Delivery, $"{package!.NameZh} / {package.NameEn}: {request.Sessions} free session(s)",
            [.. SessionLines(provider, request.Sessions, tier, package.Id)])
        {
            SourceReference = $"package:{package.Id}@{package.Version}",
            Metadata = JournalMetadata.From(("delivery.sessions", request.Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("delivery.beneficiaries", request.Beneficiaries.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        };
        return new Plan<SaleRecord>([draft], _ => (new EconomyChanges(), null));
    }

    /// <summary>The part of an amount recognised after <paramref name="done"/> of <paramref name="total"/> sessions:
    /// the floor of the proportion, and exactly the amount once all are done.</summary>
    private static Money Proportion(Money amount, int done, int total) =>
        done >= total ? amount : Money.FromMinorUnits((long)((Int128)amount.MinorUnits * done / total), amount.Currency);
}
