using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;

namespace CommunityFund.Community;

public sealed partial class FundBooks
{
    /// <summary>Pays a grant to a community project (Dr 5101.06 [restriction, programme] / Cr 1002.02). Refused beyond
    /// the money in the fund's account (<c>payment.insufficient_funds</c>); a restricted grant beyond the restriction's
    /// available balance; an unrestricted grant beyond the cash not held for restrictions or agency
    /// (<see cref="CashPosition.Available"/>, <c>grant.exceeds_unrestricted_funds</c>). The figures are kept with the journal.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="grant">The grant.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result with the journal.</returns>
    public Task<CommandResult<Journal>> AwardGrantAsync(LedgerId ledger, GrantAward grant, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var envelope = CommandEnvelope.For(ledger, "fund-grant", idempotencyKey, grant.Fund.Value, grant.Project, Iso(grant.Date), grant.Amount, grant.Purpose, grant.Restriction);
        return _commands.RunAsync(envelope, (state, ct) => PlanGrantAsync(ledger, state, grant, ct), ReplayAsync, cancellationToken);
    }

    private async Task<CommandPlan<Journal>> PlanGrantAsync(LedgerId ledger, LedgerState state, GrantAward grant, CancellationToken ct)
    {
        var errors = CheckGrant(state, grant);
        if (errors.Count > 0)
        {
            return CommandPlan<Journal>.Refused(errors);
        }

        long? available = null;
        if (grant.Restriction is { } restriction)
        {
            var held = (await RestrictionBalances.ComputeAsync(_store, ledger, grant.Fund, null, ct).ConfigureAwait(false)).FirstOrDefault(r => r.Restriction == restriction);
            available = held?.Available.MinorUnits ?? 0;
            if (available < grant.Amount.MinorUnits)
            {
                return CommandPlan<Journal>.Refused(CommunityErrorCodes.RestrictionInsufficient,
                    $"Restriction '{restriction}' has {Money.FromMinorUnits(available.Value, Currency.CNY)} available; a grant of {grant.Amount} exceeds it.", "amount");
            }
        }

        var balances = await _store.GetBalancesAsync(ledger, grant.Fund, null, ct).ConfigureAwait(false);
        if (Payments.CheckFunds(balances, grant.Fund, Bank, grant.Amount, "amount") is { } insufficient)
        {
            return CommandPlan<Journal>.Refused([insufficient]);
        }

        var cash = balances.Where(b => b.Account == Bank).Sum(b => b.DebitMinorUnits - b.CreditMinorUnits);
        CashPosition? position = null;
        if (grant.Restriction is null)
        {
            // The fund's own money is what its cash holds beyond the restrictions and agency it keeps for others.
            var restrictions = await RestrictionBalances.ComputeAsync(_store, ledger, grant.Fund, null, ct).ConfigureAwait(false);
            position = CashPositions.Of(grant.Fund, restrictions, balances);
            if (position.Available < grant.Amount)
            {
                return CommandPlan<Journal>.Refused([UnrestrictedShortfall(grant, position)]);
            }
        }

        return new CommandPlan<Journal>([GrantDraft(grant, cash, available, position)], journals => ([], journals[0]));
    }

    private static List<PostingError> CheckGrant(LedgerState state, GrantAward grant)
    {
        var errors = new List<PostingError>();
        CheckFund(state, grant.Fund, errors);
        CheckAmount(grant.Amount, "amount", errors);
        CheckText(grant.Purpose, 500, "purpose", errors);
        CheckRestriction(grant.Restriction, errors);
        if (!Slug.IsValid(grant.Project))
        {
            errors.Add(Invalid("The project is a slug: lower-case letters, digits and inner hyphens.", "project"));
        }

        return errors;
    }

    /// <summary>The refusal of an unrestricted grant beyond the fund's own money, with the cash position's figures.</summary>
    private static PostingError UnrestrictedShortfall(GrantAward grant, CashPosition position) =>
        new(CommunityErrorCodes.GrantExceedsUnrestricted,
            $"An unrestricted grant of {grant.Amount} exceeds the fund's unrestricted money: cash {position.Cash}, held for restrictions " +
            $"{position.Restricted} (of which {position.GoodsHeld} at most in donated goods), for agency {position.Agency}, available {position.Available}.", "amount")
        {
            Figures = position.Figures(),
        };

    /// <summary>Dr 5101.06 [restriction, programme] / Cr 1002.02, with the cash and the available balances before it.</summary>
    private static JournalDraft GrantDraft(GrantAward grant, long cash, long? available, CashPosition? position)
    {
        var expense = new LineDraft(grant.Fund, Grants, Side.Debit, grant.Amount).With(DimensionNames.Programme, grant.Project);
        if (grant.Restriction is { } r)
        {
            expense = expense.With(DimensionNames.Restriction, r);
        }

        var draft = new JournalDraft(grant.Date, JournalKind.Grant, $"资助支出 Grant to '{grant.Project}': {grant.Purpose}",
            [expense, new LineDraft(grant.Fund, Bank, Side.Credit, grant.Amount).WithCashFlow(CashFlowItem.GrantsGiven)])
        {
            SourceReference = $"fund:grant:{grant.Project}",
            Metadata = JournalMetadata.From(
                ("grant.project", grant.Project), ("grant.purpose", grant.Purpose), ("grant.cash_before", cash.ToString(CultureInfo.InvariantCulture)),
                ("grant.restriction", grant.Restriction ?? "-"),
                ("grant.restriction_available_before", available?.ToString(CultureInfo.InvariantCulture) ?? "-")),
        };
        if (position is not null)
        {
            draft = draft with { Metadata = draft.Metadata.SetItem("grant.unrestricted_available_before", position.Available.MinorUnits.ToString(CultureInfo.InvariantCulture)) };
        }

        return draft;
    }
}
