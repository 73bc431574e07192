using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Community;

public sealed partial class CommunityAgreements
{
    /// <summary>Pays the fund its share of the operator's revenue from a leased space for one agreement month: the share
    /// is revenue × the lease's basis points, to the fen (largest remainder), paid at once — [operator] Dr fund-share
    /// expense / Cr bank; [fund] Dr 1002.02 / Cr 4101.02 restricted to the community-fund share — with the base, rate and
    /// share in the metadata. Each month is paid once.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="payment">The month, the revenue and the fund.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreement after the payment, with its journal.</returns>
    public Task<CommandResult<ServiceAgreement>> PayRevenueShareAsync(LedgerId ledger, RevenueSharePayment payment, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var envelope = CommandEnvelope.For(ledger, "agreement-share", idempotencyKey, payment.Agreement, Iso(payment.Month), payment.Revenue, Iso(payment.Date), payment.Fund.Value, payment.DistributedRevenue);
        return _commands.RunAsync(envelope, (state, ct) => PlanRevenueShareAsync(ledger, state, payment, ct), ReplayAgreementAsync, cancellationToken);
    }

    private async Task<CommandPlan<ServiceAgreement>> PlanRevenueShareAsync(LedgerId ledger, LedgerState state, RevenueSharePayment payment, CancellationToken ct)
    {
        var agreement = await GetAsync(ledger, payment.Agreement, ct).ConfigureAwait(false);
        if (agreement is null)
        {
            return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementNotFound, $"No agreement '{payment.Agreement}'.", "agreement");
        }

        if (agreement.Lease?.FundShareBasisPoints is not { } basisPoints || basisPoints == 0)
        {
            return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementInvalid, $"Agreement '{agreement.Id}' promises the fund no revenue share.", "agreement");
        }

        var errors = CheckRevenueShare(state.Definition, agreement, payment);
        if (errors.Count > 0)
        {
            return CommandPlan<ServiceAgreement>.Refused(errors);
        }

        var distributed = payment.DistributedRevenue ?? Money.Zero(Currency.CNY);
        var month = agreement.ObligationMonths().First(m => m.Start == payment.Month);
        var policies = distributed.IsPositive ? await PoliciesSharingWithTheFundAsync(ledger, month, ct).ConfigureAwait(false) : [];
        if (distributed.IsPositive && DistributedRevenueRefusal(agreement, payment, distributed, basisPoints, month, policies) is { } refusal)
        {
            return refusal;
        }

        var share = payment.Revenue.Allocate([basisPoints, 10_000 - basisPoints])[0];
        var updated = agreement with { SharedMonths = agreement.SharedMonths.Add(payment.Month) };
        if (!share.IsPositive)
        {
            return CommandPlan<ServiceAgreement>.WithoutJournals([AgreementDocument(updated)], updated);
        }

        var draft = RevenueShareDraft(state.Definition, agreement, payment, new(basisPoints, share, distributed, policies));
        return new CommandPlan<ServiceAgreement>([draft], _ => ([AgreementDocument(updated)], updated));
    }

    /// <summary>The payment's own terms: an active agreement, a month of it not yet paid, the revenue, the fund.</summary>
    private static List<PostingError> CheckRevenueShare(LedgerDefinition definition, ServiceAgreement agreement, RevenueSharePayment payment)
    {
        var errors = new List<PostingError>();
        void Fail(string message, string field) => errors.Add(new PostingError(CommunityErrorCodes.AgreementInvalid, message, field));
        if (agreement.Status == AgreementStatus.Draft)
        {
            errors.Add(new PostingError(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{agreement.Id}' is a draft.", "agreement"));
        }

        if (!agreement.ObligationMonths().Any(m => m.Start == payment.Month))
        {
            Fail($"'month' is the first day of a month of the agreement, counted from {Iso(agreement.Start)}.", "month");
        }
        else if (agreement.SharedMonths.Contains(payment.Month))
        {
            Fail($"The share of the month starting {Iso(payment.Month)} was already paid.", "month");
        }

        if (!AgreementRules.IsCny(payment.Revenue) || payment.Revenue.IsNegative)
        {
            Fail("The revenue is a CNY amount of zero or more.", "revenue");
        }

        var fund = payment.Fund.Value is null ? null : definition.FindEntity(payment.Fund);
        if (fund is not { Kind: EntityKind.CommunityFund, Profile: AccountingProfile.NpoCn })
        {
            errors.Add(new PostingError(CommunityErrorCodes.NotAFund, $"'{payment.Fund}' is not a community fund keeping NPO_CN books.", "fund"));
        }

        var distributed = payment.DistributedRevenue ?? Money.Zero(Currency.CNY);
        if (!AgreementRules.IsCny(distributed) || distributed.IsNegative || (AgreementRules.IsCny(payment.Revenue) && distributed > payment.Revenue))
        {
            Fail("The distributed revenue is a CNY amount of zero or more, at most the revenue declared.", "distributedRevenue");
        }

        return errors;
    }

    /// <summary>Revenue declared as already distributed under a service-package policy: refused when no policy shared
    /// with the fund that month, or when the lease does not say its share applies to that revenue too; else
    /// <c>null</c>.</summary>
    private static CommandPlan<ServiceAgreement>? DistributedRevenueRefusal(
        ServiceAgreement agreement, RevenueSharePayment payment, Money distributed, int basisPoints, DateInterval month, IReadOnlyList<DistributionPolicy> policies)
    {
        if (policies.Count == 0)
        {
            return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementInvalid,
                $"No distribution policy shared revenue with the community fund from {Iso(month.Start)} to {Iso(month.End)}, so none of the revenue can have been distributed.", "distributedRevenue");
        }

        if (agreement.Lease!.FundShareOnDistributedRevenue)
        {
            return null;
        }

        var named = string.Join(", ", policies.Select(p => $"{p.Reference} ({Percent(p.SharesOf(DistributionParty.CommunityFund))} to the fund)"));
        return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.FundShareOverlapsDistribution,
            $"{distributed.ToAmountString()} of the {payment.Revenue.ToAmountString()} CNY declared is service-package revenue already distributed under {named}; " +
            $"agreement '{agreement.Id}' does not say its {Percent(basisPoints)} fund share applies to that revenue too " +
            $"(it would add {distributed.Allocate([basisPoints, 10_000 - basisPoints])[0].ToAmountString()} CNY on it). Declare only the " +
            $"{(payment.Revenue - distributed).ToAmountString()} CNY outside the distribution, or register the lease with fundShareOnDistributedRevenue.",
            "distributedRevenue");
    }

    /// <summary>[operator] Dr fund-share expense / Cr bank; [fund] Dr 1002.02 / Cr 4101.02 restricted to the
    /// community-fund share; with the base, rate and share in the metadata.</summary>
    private static JournalDraft RevenueShareDraft(LedgerDefinition definition, ServiceAgreement agreement, RevenueSharePayment payment, RevenueShare share)
    {
        var accounts = ProviderAccounts.For(definition.FindEntity(agreement.Operator)!.Profile)!;
        var operatorAccounts = OperatingAccounts.For(definition.FindEntity(agreement.Operator)!.Profile)!;
        return new JournalDraft(payment.Date, JournalKind.Lease, $"社区基金分成 Fund share of revenue from the space, month from {Iso(payment.Month)} ({agreement.Id})",
        [
            new LineDraft(agreement.Operator, accounts.FundShareExpense, Side.Debit, share.Amount).With(DimensionNames.Agreement, agreement.Id),
            new LineDraft(agreement.Operator, operatorAccounts.Bank, Side.Credit, share.Amount).With(DimensionNames.Agreement, agreement.Id).WithCashFlow(CashFlowItem.OtherOperatingPayments),
            new LineDraft(payment.Fund, ProviderAccounts.Fund.Bank, Side.Debit, share.Amount).WithCashFlow(CashFlowItem.DonationsReceived),
            new LineDraft(payment.Fund, ProviderAccounts.Fund.RestrictedDonations, Side.Credit, share.Amount)
                .With(DimensionNames.Restriction, "community-fund-share").With(DimensionNames.Counterparty, agreement.Operator.Value).With(DimensionNames.Agreement, agreement.Id),
        ])
        {
            SourceReference = $"agreement:{agreement.Id}:share:{Iso(payment.Month)}",
            Metadata = JournalMetadata.From(
                ("agreement.id", agreement.Id), ("share.month", Iso(payment.Month)), ("share.revenue", Fen(payment.Revenue)),
                ("share.basis_points", share.BasisPoints.ToString(CultureInfo.InvariantCulture)), ("share.amount", Fen(share.Amount)), ("share.rounding", "largest remainder to the fen"),
                ("share.distributed_revenue", Fen(share.Distributed)),
                ("share.also_distributed_under", share.Policies.Count == 0 ? "-" : string.Join(", ", share.Policies.Select(p => p.Reference)))),
        };
    }

    /// <summary>A month's share: the rate, the amount, the revenue also distributed and the policies it was distributed under.</summary>
    private sealed record RevenueShare(int BasisPoints, Money Amount, Money Distributed, IReadOnlyList<DistributionPolicy> Policies);

    /// <summary>The distribution policy versions that applied on some day of the month and give the community fund a share.</summary>
    private async Task<IReadOnlyList<DistributionPolicy>> PoliciesSharingWithTheFundAsync(LedgerId ledger, DateInterval month, CancellationToken ct) =>
        [.. (await new LedgerEconomyStore(_store).GetPoliciesAsync(ledger, ct).ConfigureAwait(false))
            .Where(p => p.SharesOf(DistributionParty.CommunityFund) > 0 && p.EffectiveFrom <= month.End && (p.EffectiveTo is not { } to || to >= month.Start))];

    private static string Percent(int basisPoints) => $"{(basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture)}%";
}
