using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Community;

public sealed partial class FundBooks
{
    /// <summary>Records a donation: money (Dr bank / Cr 4101.01, or 4101.02 with its restriction) or goods at voucher or
    /// fair value (Dr 1201.01), the valuation basis kept with the journal.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="donation">The donation.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result with the journal.</returns>
    public Task<CommandResult<Journal>> ReceiveDonationAsync(LedgerId ledger, DonationReceipt donation, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(donation);
        object?[] values = [donation.Fund.Value, Iso(donation.Date), donation.Amount, donation.Donor, donation.Channel,
            donation.Restriction, donation.InKind?.Description, donation.InKind?.Basis, donation.InKind?.Evidence];
        // The consent joins the request's fingerprint only when given, so that keys used before it existed replay as before.
        var envelope = CommandEnvelope.For(ledger, "fund-donation", idempotencyKey, donation.PublishDonor ? [.. values, "donor-public"] : values);
        return RunAsync(envelope, state =>
        {
            var errors = new List<PostingError>();
            CheckFund(state, donation.Fund, errors);
            CheckAmount(donation.Amount, "amount", errors);
            CheckText(donation.Donor, 128, "donor", errors);
            CheckRestriction(donation.Restriction, errors);
            if (donation.InKind is { } goods)
            {
                CheckText(goods.Description, 200, "inKind.description", errors);
                CheckText(goods.Evidence, 200, "inKind.evidence", errors);
                if (!Enum.IsDefined(goods.Basis))
                {
                    errors.Add(Invalid("Goods are valued at voucher or fair value.", "inKind.basis"));
                }
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }

            var debit = donation.InKind is null ? ChannelAccount(donation.Channel) : DonatedGoods;
            var credit = new LineDraft(donation.Fund, donation.Restriction is null ? Unrestricted : Restricted, Side.Credit, donation.Amount).With(DimensionNames.Counterparty, donation.Donor);
            if (donation.Restriction is { } restriction)
            {
                credit = credit.With(DimensionNames.Restriction, restriction);
            }

            var metadata = JournalMetadata.From(("donation.donor", donation.Donor), ("donation.form", donation.InKind is null ? "money" : "in-kind"));
            metadata = donation.PublishDonor ? metadata.SetItem("donation.donor_public", "true") : metadata;
            if (donation.InKind is { } inKind)
            {
                metadata = metadata.SetItem("in_kind.description", inKind.Description).SetItem("in_kind.basis", inKind.Basis.ToString()).SetItem("in_kind.evidence", inKind.Evidence);
            }

            return (new JournalDraft(donation.Date, JournalKind.Donation,
                $"捐赠收入 Donation from {donation.Donor}{(donation.Restriction is { } r ? $" for '{r}'" : string.Empty)}{(donation.InKind is { } g ? $": {g.Description}" : string.Empty)}",
                [donation.InKind is null ? new LineDraft(donation.Fund, debit, Side.Debit, donation.Amount).WithCashFlow(CashFlowItem.DonationsReceived) : new LineDraft(donation.Fund, debit, Side.Debit, donation.Amount), credit])
            {
                SourceReference = "fund:donation",
                Metadata = metadata,
            }, errors);
        }, cancellationToken);
    }
}
