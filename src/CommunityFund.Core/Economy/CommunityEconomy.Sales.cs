using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    private async Task<Plan<SaleRecord>> PlanSaleAsync(LedgerState state, SaleRequest request, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        var errors = new List<PostingError>();
        var accounts = ProviderOf(state, request.Provider, "provider", errors);
        var package = await PackageOnAsync(ledger, request.PackageId, request.Date, ct).ConfigureAwait(false);
        if (package is null || package.Provider != request.Provider)
        {
            errors.Add(new PostingError(EconomyErrorCodes.PackageNotFound, $"Provider '{request.Provider}' has no package '{request.PackageId}' in force on {Iso(request.Date)}.", "packageId"));
        }

        TierPrice? terms = null;
        if (request.Tier == PricingTier.PublicWelfare)
        {
            errors.Add(new PostingError(EconomyErrorCodes.FreeTierIsDelivery, "Public-welfare service is free: record its deliveries instead of a sale.", "tier"));
        }
        else if (package is not null && !package.Tiers.TryGetValue(request.Tier, out terms))
        {
            errors.Add(new PostingError(EconomyErrorCodes.TierNotOffered, $"Package '{package.Id}' v{package.Version} is not offered in the {request.Tier} tier.", "tier"));
        }

        if (request.Quantity is < 1 or > PackageRules.MaxQuantity)
        {
            errors.Add(new PostingError(EconomyErrorCodes.QuantityInvalid, $"The quantity is 1 to {PackageRules.MaxQuantity}.", "quantity"));
        }

        if (!PackageRules.IsCny(request.UnitPrice) || (terms is not null && request.UnitPrice != terms.Price))
        {
            errors.Add(new PostingError(EconomyErrorCodes.PriceMismatch,
                terms is null ? "The unit price must be in CNY." : $"The {request.Tier} price of '{request.PackageId}' v{package!.Version} is {terms.Price}, not {request.UnitPrice}.", "unitPrice"));
        }

        if (package is not null && !request.Prepaid && package.Sessions > 1 && !package.SessionsDeliveredAtSale && request.Tier != PricingTier.PublicWelfare)
        {
            // Recognising a multi-session package at sale records every session delivered that day; only a package whose
            // sessions really are delivered at sale may do so. Any other is sold prepaid and recognised per delivery.
            var sold = (long)package.Sessions * Math.Max(request.Quantity, 0);
            errors.Add(new PostingError(EconomyErrorCodes.SessionsNotDeliveredAtSale,
                $"Package '{package.Id}' v{package.Version} contains {package.Sessions} sessions and does not declare them delivered at sale: " +
                $"sell it prepaid, so that its {sold} session(s) are recognised as they are delivered.", "prepaid")
            {
                Figures = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["package"] = $"{package.Id}@{package.Version}",
                    ["sessionsPerPackage"] = package.Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["sessionsSold"] = sold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            });
        }

        if (!PackageRules.IsPseudonymous(request.ResidentReference))
        {
            errors.Add(new PostingError(EconomyErrorCodes.ResidentReferenceInvalid,
                "The resident reference is a pseudonym of 1–64 letters, digits, '-' or '_' — never a name, phone or ID number.", "residentReference"));
        }

        if (!Enum.IsDefined(request.Channel))
        {
            errors.Add(new PostingError(EconomyErrorCodes.PriceMismatch, "Unknown payment channel.", "channel"));
        }

        if (errors.Count > 0)
        {
            return Plan<SaleRecord>.Refused(errors);
        }

        var amount = request.UnitPrice * request.Quantity;
        var vat = request.Vat ?? Money.Zero(Currency.CNY);
        if (!PackageRules.IsCny(vat) || vat.IsNegative || vat >= amount)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.VatInvalid, $"VAT is in CNY, not negative and less than the total {amount}.", "vat");
        }

        var baseAmount = amount - vat;
        var policy = request.Prepaid ? null : await PolicyOnAsync(ledger, request.Date, ct).ConfigureAwait(false);
        if (!request.Prepaid && policy is null)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.NoPolicy, $"No distribution policy is in force on {Iso(request.Date)}.", "date");
        }

        var saleId = new SaleId(Guid.CreateVersion7(_clock.GetCurrentInstant().ToDateTimeOffset()));
        var sessions = package!.Sessions * request.Quantity;
        var tier = TierName(request.Tier);
        var channel = accounts!.For(request.Channel);
        var provider = request.Provider;
        ImmutableArray<LineDraft> lines = request.Prepaid
            ?
            [
                new LineDraft(provider, channel, Side.Debit, amount),
                new LineDraft(provider, accounts.PrepaidPackages, Side.Credit, amount).With(DimensionNames.Tier, tier).With(DimensionNames.Programme, package.Id),
            ]
            : [.. RevenueLines(accounts, provider, channel, Side.Debit, amount, baseAmount, vat, tier, package.Id), .. SessionLines(provider, sessions, tier, package.Id)];
        var saleDraft = new JournalDraft(request.Date, JournalKind.Sale, $"{package.NameZh} / {package.NameEn} ×{request.Quantity} ({tier})", lines)
        {
            SourceReference = $"sale:{saleId}",
            Metadata = JournalMetadata.From(
                ("sale.id", saleId.ToString()), ("sale.package", $"{package.Id}@{package.Version}"), ("sale.tier", tier),
                ("sale.quantity", request.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("sale.amount", Fen(amount.MinorUnits)), ("sale.vat", Fen(vat.MinorUnits)), ("sale.resident", request.ResidentReference),
                ("sale.prepaid", request.Prepaid ? "true" : "false")),
        };

        var distribution = policy is not null && policy.DistributableTiers.Contains(request.Tier)
            ? await PlanDistributionAsync(ledger, accounts, provider, policy, saleId, request.Date, baseAmount, ct).ConfigureAwait(false)
            : null;
        var drafts = distribution?.Draft is { } d ? ImmutableArray.Create(saleDraft, d) : [saleDraft];
        return new Plan<SaleRecord>(drafts, journals =>
        {
            var record = new SaleRecord
            {
                Id = saleId,
                Journal = journals[0].Id,
                Order = journals[0].Sequence,
                Request = request,
                PackageVersion = package.Version,
                Sessions = sessions,
                Amount = amount,
                Base = baseAmount,
                SessionsDelivered = request.Prepaid ? 0 : sessions,
                Recognised = request.Prepaid ? Money.Zero(Currency.CNY) : amount,
                RecognisedBase = request.Prepaid ? Money.Zero(Currency.CNY) : baseAmount,
                Distributions = distribution is null ? [] : [distribution.Record(journals.Length > 1 ? journals[1].Id : journals[0].Id)],
            };
            return (Changes(record, distribution), record);
        });
    }

    private async Task<Plan<SaleRecord>> PlanDeliveryAsync(LedgerState state, SaleId saleId, DeliveryRequest request, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        var sale = await _store.GetSaleAsync(ledger, saleId, ct).ConfigureAwait(false);
        if (sale is null)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.SaleNotFound, $"Ledger '{ledger}' has no sale {saleId}.", "sale");
        }

        var problem = !sale.Request.Prepaid ? "The sale was not prepaid: it was delivered and recognised when sold."
            : sale.IsCancelled ? "The sale's undelivered rest was refunded; it takes no more deliveries."
            : request.Sessions < 1 || sale.SessionsDelivered + request.Sessions > sale.Sessions ? $"{request.Sessions} session(s) cannot be delivered: {sale.SessionsDelivered} of {sale.Sessions} are delivered."
            : request.Date < sale.Request.Date ? $"A delivery cannot be dated before the sale ({Iso(sale.Request.Date)})."
            : null;
        if (problem is not null)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.DeliveryInvalid, problem, "sessions");
        }

        var accounts = ProviderAccounts.For(state.Definition.FindEntity(sale.Request.Provider)!.Profile)!;
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
            ? await PlanDistributionAsync(ledger, accounts, provider, policy, sale.Id, request.Date, baseIncrement, ct).ConfigureAwait(false)
            : null;
        var draft = new JournalDraft(request.Date, JournalKind.Delivery, $"Delivery of {request.Sessions} session(s), sale {sale.Id}", [.. lines])
        {
            SourceReference = $"sale:{sale.Id}",
            Metadata = JournalMetadata.From(("sale.id", sale.Id.ToString()), ("delivery.sessions", request.Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("delivery.recognised", Fen(increment.MinorUnits)), ("delivery.base", Fen(baseIncrement.MinorUnits))),
        };
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

    /// <summary>A distribution to post: its journal (none when the provider keeps everything) and its record.</summary>
    private sealed record PlannedDistribution(JournalDraft? Draft, EntityId Provider, DistributionPolicy Policy, LocalDate Date, Money Base, SharePartition Parts, ImmutableArray<long> CarryAfter)
    {
        internal DistributionRecord Record(JournalId journal) => new(journal, Date, Base, Parts, Policy.Reference, Policy.Rounding) { CarryAfter = CarryAfter };
    }

    private async Task<PlannedDistribution> PlanDistributionAsync(LedgerId ledger, ProviderAccounts accounts, EntityId provider, DistributionPolicy policy, SaleId sale, LocalDate date, Money baseAmount, CancellationToken ct)
    {
        var carry = await _store.GetCarryAsync(ledger, provider, policy.Reference, ct).ConfigureAwait(false);
        var weights = policy.Shares.Select(s => (long)s.BasisPoints).ToArray();
        var (parts, carryAfter) = CarryForwardAllocator.Allocate(baseAmount.MinorUnits, weights, carry.IsDefaultOrEmpty ? new long[weights.Length] : [.. carry]);
        long PartOf(DistributionParty party) => policy.Shares.Select((s, i) => (s, i)).Where(x => x.s.Party == party).Select(x => parts[x.i]).FirstOrDefault();
        var partition = new SharePartition(PartOf(DistributionParty.Provider), PartOf(DistributionParty.Hub), PartOf(DistributionParty.CommunityFund));
        var agreement = $"policy:{policy.Reference}";
        var lines = new List<LineDraft>();
        if (partition.Hub > 0)
        {
            var hub = Money.FromMinorUnits(partition.Hub, Currency.CNY);
            lines.Add(new LineDraft(provider, accounts.HubShareExpense, Side.Debit, hub).With(DimensionNames.Counterparty, policy.Hub.Value).With(DimensionNames.Agreement, agreement));
            lines.Add(new LineDraft(provider, accounts.DueToHub, Side.Credit, hub).With(DimensionNames.Counterparty, policy.Hub.Value).With(DimensionNames.Agreement, agreement));
            lines.Add(new LineDraft(policy.Hub, ProviderAccounts.Hub.Receivable, Side.Debit, hub).With(DimensionNames.Counterparty, provider.Value).With(DimensionNames.Agreement, agreement));
            lines.Add(new LineDraft(policy.Hub, ProviderAccounts.Hub.PlatformRevenue, Side.Credit, hub)
                .With(DimensionNames.Counterparty, provider.Value).With(DimensionNames.Agreement, agreement).With(DimensionNames.Programme, PlatformProgramme));
        }

        if (partition.Fund > 0)
        {
            var fund = Money.FromMinorUnits(partition.Fund, Currency.CNY);
            lines.Add(new LineDraft(provider, accounts.FundShareExpense, Side.Debit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
            lines.Add(new LineDraft(provider, accounts.DueToFund, Side.Credit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
        }

        var draft = lines.Count == 0 ? null : new JournalDraft(date, JournalKind.Distribution,
            $"Distribution {policy.Reference} of {baseAmount}: provider {Money.FromMinorUnits(partition.Provider, Currency.CNY)}, hub {Money.FromMinorUnits(partition.Hub, Currency.CNY)}, fund {Money.FromMinorUnits(partition.Fund, Currency.CNY)}",
            [.. lines])
        {
            SourceReference = $"sale:{sale}",
            Metadata = JournalMetadata.From(
                ("sale.id", sale.ToString()), ("distribution.policy", policy.Reference), ("distribution.rounding", policy.Rounding.ToString()),
                ("distribution.base", Fen(baseAmount.MinorUnits)),
                ("distribution.parts", $"provider={partition.Provider};hub={partition.Hub};fund={partition.Fund}"),
                ("distribution.carry", string.Join(",", carryAfter.Select(Fen)))),
        };
        return new PlannedDistribution(draft, provider, policy, date, baseAmount, partition, [.. carryAfter]);
    }

    private static EconomyChanges Changes(SaleRecord record, PlannedDistribution? distribution) => new()
    {
        Sales = [record],
        Carries = distribution is null
            ? ImmutableDictionary<(EntityId, string), ImmutableArray<long>>.Empty
            : ImmutableDictionary<(EntityId, string), ImmutableArray<long>>.Empty.Add((distribution.Provider, distribution.Policy.Reference), distribution.CarryAfter),
    };

    private static IEnumerable<LineDraft> RevenueLines(ProviderAccounts accounts, EntityId provider, AccountCode money, Side moneySide, Money total, Money baseAmount, Money vat, string tier, string package)
    {
        var revenueSide = moneySide == Side.Debit ? Side.Credit : Side.Debit;
        yield return new LineDraft(provider, money, moneySide, total);
        if (baseAmount.IsPositive)
        {
            yield return new LineDraft(provider, accounts.ServiceRevenue, revenueSide, baseAmount).With(DimensionNames.Tier, tier).With(DimensionNames.Programme, package);
        }

        if (vat.IsPositive)
        {
            yield return new LineDraft(provider, accounts.VatPayable, revenueSide, vat);
        }
    }

    private static IEnumerable<LineDraft> SessionLines(EntityId provider, int sessions, string tier, string package)
    {
        var count = Money.FromMinorUnits(sessions, Currency.COUNT);
        yield return new LineDraft(provider, ProviderAccounts.Obligations.Delivered, Side.Debit, count).With(DimensionNames.Tier, tier).With(DimensionNames.Programme, package);
        yield return new LineDraft(provider, ProviderAccounts.Obligations.Contra, Side.Credit, count).With(DimensionNames.Tier, tier).With(DimensionNames.Programme, package);
    }

    /// <summary>The part of an amount recognised after <paramref name="done"/> of <paramref name="total"/> sessions:
    /// the floor of the proportion, and exactly the amount once all are done.</summary>
    private static Money Proportion(Money amount, int done, int total) =>
        done >= total ? amount : Money.FromMinorUnits((long)((Int128)amount.MinorUnits * done / total), amount.Currency);

    internal static string TierName(PricingTier tier) => tier switch
    {
        PricingTier.PublicWelfare => "public-welfare",
        PricingTier.LowCost => "low-cost",
        _ => "paid",
    };
}
