using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    private async Task<Plan<SaleRecord>> PlanSaleAsync(LedgerState state, SaleRequest request, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        var errors = new List<PostingError>();
        var accounts = ProviderOf(state, request.Provider, "provider", errors);
        var package = await PackageOnAsync(ledger, request.PackageId, request.Date, ct).ConfigureAwait(false);
        CheckSale(request, package, errors);
        errors.AddRange(errors.Count == 0 && await PaymentReferenceTakenAsync(ledger, request, ct).ConfigureAwait(false) is { } taken ? [taken] : []);
        if (errors.Count > 0)
        {
            return Plan<SaleRecord>.Refused(errors);
        }

        var amount = request.UnitPrice * request.Quantity;
        var registration = state.Definition.FindEntity(request.Provider)!.Vat;
        var (vat, computed, vatError) = SaleVat(registration, request, amount);
        if (vatError is not null)
        {
            return Plan<SaleRecord>.Refused([vatError]);
        }

        var baseAmount = amount - vat;
        var policy = request.Prepaid ? null : await PolicyOnAsync(ledger, request.Date, ct).ConfigureAwait(false);
        if (!request.Prepaid && policy is null)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.NoPolicy, $"No distribution policy is in force on {Iso(request.Date)}.", "date");
        }

        var saleId = new SaleId(Guid.CreateVersion7(_clock.GetCurrentInstant().ToDateTimeOffset()));
        var sale = new SaleToPost(saleId, request, package!, amount, baseAmount, vat, package!.Sessions * request.Quantity) { Registration = registration, ComputedVat = computed };
        var saleDraft = SaleDraft(accounts!, sale);
        var distribution = policy is not null && policy.DistributableTiers.Contains(request.Tier)
            ? await PlanDistributionAsync(state.Definition, accounts!, request.Provider, policy, saleId, request.Date, baseAmount, ct).ConfigureAwait(false)
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
                Sessions = sale.Sessions,
                Amount = amount,
                Base = baseAmount,
                ComputedVat = computed,
                SessionsDelivered = request.Prepaid ? 0 : sale.Sessions,
                Recognised = request.Prepaid ? Money.Zero(Currency.CNY) : amount,
                RecognisedBase = request.Prepaid ? Money.Zero(Currency.CNY) : baseAmount,
                Distributions = distribution is null ? [] : [distribution.Record(journals.Length > 1 ? journals[1].Id : journals[0].Id)],
            };
            var changes = Changes(record, distribution);
            return (request.PaymentReference is { } reference
                ? changes with { Records = changes.Records.Add(EconomyRecords.PaymentReference.Write(PaymentReferenceKey(request.Channel, reference), request.Provider.Value, 0, saleId)) }
                : changes, record);
        });
    }

    /// <summary>The refusal when another sale on the same channel already took the request's payment reference (read
    /// under the ledger's lock, pending group writes included), or <c>null</c>.</summary>
    private async Task<PostingError?> PaymentReferenceTakenAsync(LedgerId ledger, SaleRequest request, CancellationToken ct)
    {
        if (request.PaymentReference is not { } reference)
        {
            return null;
        }

        if (reference.Length is < 1 or > 64 || reference.Any(c => c is < '!' or > '~'))
        {
            return new PostingError(EconomyErrorCodes.PaymentReferenceTaken, "A payment reference is 1–64 printable ASCII characters without spaces.", "paymentReference");
        }

        return await _store.GetRecordAsync(ledger, EconomyRecords.PaymentReference.Kind, PaymentReferenceKey(request.Channel, reference), ct).ConfigureAwait(false) is { } taken
            ? new PostingError(EconomyErrorCodes.PaymentReferenceTaken,
                $"Payment reference '{reference}' on {PaymentMatcher.ChannelKey(request.Channel)} was already taken by sale {EconomyRecords.PaymentReference.Read(taken)}.", "paymentReference")
            : null;
    }

    private static ImmutableSortedDictionary<string, string> WithPaymentReference(string? reference, ImmutableSortedDictionary<string, string> metadata) =>
        reference is null ? metadata : metadata.SetItem("sale.payment_reference", reference);

    private static string PaymentReferenceKey(PaymentChannel channel, string reference) => $"{PaymentMatcher.ChannelKey(channel)}:{reference}";

    /// <summary>The sale's terms against the package in force: tier, quantity, price, how its sessions are recognised,
    /// the resident's pseudonym and the channel.</summary>
    private static void CheckSale(SaleRequest request, ServicePackage? package, List<PostingError> errors)
    {
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
            errors.Add(SessionsNotDeliveredAtSale(request, package));
        }

        if (!PackageRules.IsPseudonymous(request.ResidentReference))
        {
            errors.Add(new PostingError(EconomyErrorCodes.ResidentReferenceInvalid,
                "The resident reference is a pseudonym of 1–64 letters, digits, '-' or '_' — never a name, phone or ID number.", "residentReference"));
        }

        if (!Enum.IsDefined(request.Channel))
        {
            errors.Add(new PostingError(EconomyErrorCodes.ChannelUnknown, "Unknown payment channel: cash, bank, weChatPay or alipay.", "channel"));
        }
    }

    /// <summary>Recognising a multi-session package at sale records every session delivered that day; only a package
    /// whose sessions really are delivered at sale may do so. Any other is sold prepaid and recognised per delivery.</summary>
    private static PostingError SessionsNotDeliveredAtSale(SaleRequest request, ServicePackage package)
    {
        var sold = (long)package.Sessions * Math.Max(request.Quantity, 0);
        return new PostingError(EconomyErrorCodes.SessionsNotDeliveredAtSale,
            $"Package '{package.Id}' v{package.Version} contains {package.Sessions} sessions and does not declare them delivered at sale: " +
            $"sell it prepaid, so that its {sold} session(s) are recognised as they are delivered.", "prepaid")
        {
            Figures = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["package"] = $"{package.Id}@{package.Version}",
                ["sessionsPerPackage"] = package.Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["sessionsSold"] = sold.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    /// <summary>The sale's journal: the money in against prepaid packages, or against revenue and VAT with the sessions
    /// delivered at sale.</summary>
    private static JournalDraft SaleDraft(ProviderAccounts accounts, SaleToPost sale)
    {
        var (request, package) = (sale.Request, sale.Package);
        var tier = TierName(request.Tier);
        var channel = accounts.For(request.Channel);
        var provider = request.Provider;
        ImmutableArray<LineDraft> lines = request.Prepaid
            ?
            [
                new LineDraft(provider, channel, Side.Debit, sale.Amount).WithCashFlow(CashFlowItem.ServicesSold),
                new LineDraft(provider, accounts.PrepaidPackages, Side.Credit, sale.Amount).With(DimensionNames.Tier, tier).With(DimensionNames.Programme, package.Id),
            ]
            : [.. RevenueLines(accounts, provider, channel, Side.Debit, sale.Amount, sale.Base, sale.Vat, tier, package.Id), .. SessionLines(provider, sale.Sessions, tier, package.Id)];
        return new JournalDraft(request.Date, JournalKind.Sale, $"{package.NameZh} / {package.NameEn} ×{request.Quantity} ({tier})", lines)
        {
            SourceReference = $"sale:{sale.Id}",
            Metadata = WithVatBasis(sale, WithPaymentReference(request.PaymentReference, JournalMetadata.From(
                ("sale.id", sale.Id.ToString()), ("sale.package", $"{package.Id}@{package.Version}"), ("sale.tier", tier),
                ("sale.quantity", request.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("sale.amount", Fen(sale.Amount.MinorUnits)), ("sale.vat", Fen(sale.Vat.MinorUnits)), ("sale.resident", request.ResidentReference),
                ("sale.prepaid", request.Prepaid ? "true" : "false")))),
        };
    }

    /// <summary>A sale accepted for posting: its id, the package in force, its amounts and sessions, and the provider's
    /// VAT status with the VAT computed from it.</summary>
    private sealed record SaleToPost(SaleId Id, SaleRequest Request, ServicePackage Package, Money Amount, Money Base, Money Vat, int Sessions)
    {
        internal VatRegistration? Registration { get; init; }

        internal Money? ComputedVat { get; init; }
    }

    /// <summary>The sale's VAT: without a VAT status, what the caller states (zero by default); with one, the VAT computed
    /// from it (<see cref="VatRegistration.VatOf"/>) unless the caller overrides it with a reason.</summary>
    private static (Money Vat, Money? Computed, PostingError? Error) SaleVat(VatRegistration? registration, SaleRequest request, Money amount)
    {
        var computed = registration?.VatOf(amount);
        var vat = request.Vat ?? computed ?? Money.Zero(Currency.CNY);
        if (!PackageRules.IsCny(vat) || vat.IsNegative || vat >= amount)
        {
            return (vat, computed, new PostingError(EconomyErrorCodes.VatInvalid, $"VAT is in CNY, not negative and less than the total {amount}.", "vat"));
        }

        return computed is { } c && vat != c && string.IsNullOrWhiteSpace(request.VatOverrideReason)
            ? (vat, computed, new PostingError(EconomyErrorCodes.VatOverrideReasonRequired,
                $"The VAT computed from the provider's status ({registration!.Kind}, {registration.RateText()}) is {c}, not {vat}: say why in 'vatOverrideReason' to override it.", "vatOverrideReason"))
            : (vat, computed, null);
    }

    /// <summary>The journal metadata that records how the VAT was decided, for a provider with a VAT status.</summary>
    private static ImmutableSortedDictionary<string, string> WithVatBasis(SaleToPost sale, ImmutableSortedDictionary<string, string> metadata)
    {
        if (sale.Registration is not { } registration || sale.ComputedVat is not { } computed)
        {
            return metadata;
        }

        var overridden = sale.Vat != computed;
        metadata = metadata.SetItem("sale.vat_basis", overridden ? "override" : "computed")
            .SetItem("sale.vat_status", $"{registration.Kind}@{registration.RateBasisPoints}bp")
            .SetItem("sale.vat_computed", Fen(computed.MinorUnits));
        return overridden ? metadata.SetItem("sale.vat_override_reason", sale.Request.VatOverrideReason!.Trim()) : metadata;
    }

    private static IEnumerable<LineDraft> RevenueLines(ProviderAccounts accounts, EntityId provider, AccountCode money, Side moneySide, Money total, Money baseAmount, Money vat, string tier, string package)
    {
        var revenueSide = moneySide == Side.Debit ? Side.Credit : Side.Debit;
        var moneyLine = new LineDraft(provider, money, moneySide, total);

        // Cash received for a service, VAT included (提供服务收到的现金); a refund is the same line, netted.
        yield return CashFlowItem.IsCashAccount(money) ? moneyLine.WithCashFlow(CashFlowItem.ServicesSold) : moneyLine;
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

    internal static string TierName(PricingTier tier) => tier switch
    {
        PricingTier.PublicWelfare => "public-welfare",
        PricingTier.LowCost => "low-cost",
        _ => "paid",
    };
}
