using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Community;

public sealed partial class CommunityAgreements
{
    /// <summary>Records a service delivered under an agreement: a memo journal (delivered / contra in the obligation's
    /// unit, tagged with the agreement) and the delivery record with its beneficiaries and evidence.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="delivery">The delivery.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The recorded delivery.</returns>
    public Task<CommandResult<ServiceDelivery>> RecordDeliveryAsync(LedgerId ledger, ServiceDelivery delivery, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var envelope = CommandEnvelope.For(ledger, "agreement-delivery", idempotencyKey, delivery.Agreement, delivery.Service, Iso(delivery.Date), delivery.Quantity, delivery.Beneficiaries, delivery.Evidence);
        return _commands.RunAsync(envelope, async (state, ct) =>
        {
            var agreement = await GetAsync(ledger, delivery.Agreement, ct).ConfigureAwait(false);
            if (agreement is null)
            {
                return CommandPlan<ServiceDelivery>.Refused(CommunityErrorCodes.AgreementNotFound, $"No agreement '{delivery.Agreement}'.", "agreement");
            }

            var errors = CheckDelivery(agreement, delivery);
            if (errors.Count > 0)
            {
                return CommandPlan<ServiceDelivery>.Refused(errors);
            }

            var (_, delivered, contra) = OperatingAccounts.Obligations(delivery.Quantity.Currency);
            var draft = new JournalDraft(delivery.Date, JournalKindOf(agreement), $"履约 Service delivered: {delivery.Service} ({agreement.Id})",
            [
                new LineDraft(agreement.Operator, delivered, Side.Debit, delivery.Quantity).With(DimensionNames.Agreement, agreement.Id),
                new LineDraft(agreement.Operator, contra, Side.Credit, delivery.Quantity).With(DimensionNames.Agreement, agreement.Id),
            ])
            {
                SourceReference = $"agreement:{agreement.Id}:delivery",
                Metadata = JournalMetadata.From(
                    ("agreement.id", agreement.Id), ("delivery.service", delivery.Service),
                    ("delivery.beneficiaries", delivery.Beneficiaries.ToString(CultureInfo.InvariantCulture)), ("delivery.evidence", delivery.Evidence)),
            };
            return new CommandPlan<ServiceDelivery>([draft], journals =>
            {
                var recorded = delivery with { Journal = journals[0].Id };
                return ([CommunityRecords.Delivery.Write($"{agreement.Id}/{journals[0].Id}", agreement.Id, journals[0].Sequence, recorded)], recorded);
            });
        }, async (l, journals, ct) => (await ListDeliveriesAsync(l, delivery.Agreement, ct).ConfigureAwait(false)).FirstOrDefault(d => d.Journal == journals[0].Id), cancellationToken);
    }

    /// <summary>What was owed and delivered under an agreement, per obligation month and service, as of a date: months
    /// that started on or before it (a draft owes nothing), deliveries dated on or before it.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="asOf">The date.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The status, or <c>null</c> when there is no such agreement.</returns>
    public async Task<ObligationStatus?> ObligationStatusAsync(LedgerId ledger, string id, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var agreement = await GetAsync(ledger, id, cancellationToken).ConfigureAwait(false);
        if (agreement is null)
        {
            return null;
        }

        var deliveries = (await ListDeliveriesAsync(ledger, id, cancellationToken).ConfigureAwait(false)).Where(d => d.Date <= asOf).ToList();
        return ObligationStatus.Compute(agreement, deliveries, asOf);
    }

    private static List<PostingError> CheckDelivery(ServiceAgreement agreement, ServiceDelivery delivery)
    {
        var errors = new List<PostingError>();
        void Fail(string message, string field) => errors.Add(new PostingError(CommunityErrorCodes.DeliveryInvalid, message, field));
        if (agreement.Status == AgreementStatus.Draft)
        {
            errors.Add(new PostingError(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{agreement.Id}' is a draft: nothing is owed yet.", "agreement"));
            return errors;
        }

        var obligation = agreement.Obligations.FirstOrDefault(o => o.Service == delivery.Service);
        if (obligation is null)
        {
            Fail($"Agreement '{agreement.Id}' owes {string.Join(", ", agreement.Obligations.Select(o => $"'{o.Service}'"))}.", "service");
        }
        else if (!delivery.Quantity.HasCurrency || delivery.Quantity.Currency != obligation.PerMonth.Currency || !delivery.Quantity.IsPositive)
        {
            Fail($"'{obligation.Service}' is delivered in {obligation.PerMonth.Currency.Code}, more than zero.", "quantity");
        }

        if (delivery.Date < agreement.Start || delivery.Date > agreement.LastDay)
        {
            Fail($"The delivery falls inside the agreement's term, {Iso(agreement.Start)} to {Iso(agreement.LastDay)}.", "date");
        }

        if (delivery.Beneficiaries is < 0 or > 1_000_000)
        {
            Fail("The residents reached are between 0 and 1,000,000.", "beneficiaries");
        }

        if (!AgreementRules.IsText(delivery.Evidence, 200))
        {
            Fail("A delivery names its evidence (sign-in sheet, photos), at most 200 characters.", "evidence");
        }

        return errors;
    }
}
