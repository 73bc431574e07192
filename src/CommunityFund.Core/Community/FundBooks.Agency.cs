using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Community;

public sealed partial class FundBooks
{
    /// <summary>Receives or passes on a gift held as agent for a named beneficiary (1701/2601, tagged with the
    /// beneficiary as <c>member</c>). Passing on more than is held for them is refused.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="gift">The movement.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result with the journal.</returns>
    public Task<CommandResult<Journal>> RecordAgencyGiftAsync(LedgerId ledger, AgencyGift gift, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gift);
        var envelope = CommandEnvelope.For(ledger, "fund-agency", idempotencyKey, gift.Fund.Value, gift.Movement, gift.Beneficiary, Iso(gift.Date), gift.Amount, gift.Memo);
        return _commands.RunAsync(envelope, async (state, ct) =>
        {
            var errors = new List<PostingError>();
            CheckFund(state, gift.Fund, errors);
            CheckAmount(gift.Amount, "amount", errors);
            CheckText(gift.Memo, 500, "memo", errors);
            if (Dimensions.Validate(DimensionNames.Member, gift.Beneficiary) is { } problem)
            {
                errors.Add(Invalid(problem, "beneficiary"));
            }

            if (!Enum.IsDefined(gift.Movement))
            {
                errors.Add(Invalid("An agency gift is received or passed on.", "movement"));
            }

            if (errors.Count > 0)
            {
                return CommandPlan<Journal>.Refused(errors);
            }

            if (gift.Movement == AgencyMovement.PassOn)
            {
                var held = (await AgencyAsync(ledger, gift.Fund, ct).ConfigureAwait(false)).FirstOrDefault(a => a.Beneficiary == gift.Beneficiary)?.Held.MinorUnits ?? 0;
                if (held < gift.Amount.MinorUnits)
                {
                    return CommandPlan<Journal>.Refused(CommunityErrorCodes.AgencyInsufficient,
                        $"The fund holds {Money.FromMinorUnits(held, Currency.CNY)} for '{gift.Beneficiary}'; {gift.Amount} cannot be passed on.", "amount");
                }
            }

            var receive = gift.Movement == AgencyMovement.Receive;
            var draft = new JournalDraft(gift.Date, JournalKind.Agency, $"受托代理 {(receive ? "Received for" : "Passed on to")} '{gift.Beneficiary}': {gift.Memo}",
            [
                new LineDraft(gift.Fund, receive ? AgencyAssets : AgencyLiabilities, Side.Debit, gift.Amount).With(DimensionNames.Member, gift.Beneficiary),
                new LineDraft(gift.Fund, receive ? AgencyLiabilities : AgencyAssets, Side.Credit, gift.Amount).With(DimensionNames.Member, gift.Beneficiary),
            ])
            {
                SourceReference = $"fund:agency:{(receive ? "receive" : "pass-on")}",
                Metadata = JournalMetadata.From(("agency.movement", gift.Movement.ToString()), ("agency.beneficiary", gift.Beneficiary)),
            };
            return new CommandPlan<Journal>([draft], journals => ([], journals[0]));
        }, ReplayAsync, cancellationToken);
    }

    /// <summary>What the fund holds as agent, per beneficiary, from the journals.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="fund">The fund entity.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The balances of beneficiaries with anything held or owed.</returns>
    public async Task<ImmutableArray<AgencyBalance>> AgencyAsync(LedgerId ledger, EntityId fund, CancellationToken cancellationToken = default)
    {
        var totals = new SortedDictionary<string, (long Held, long Owed)>(StringComparer.Ordinal);
        await foreach (var journal in _store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var line in journal.Lines.Where(l => l.Entity == fund && (l.Account == AgencyAssets || l.Account == AgencyLiabilities)))
            {
                var who = line.Dimensions.TryGetValue(DimensionNames.Member, out var m) ? m : "-";
                var (held, owed) = totals.GetValueOrDefault(who);
                totals[who] = line.Account == AgencyAssets ? (checked(held + line.SignedMinorUnits), owed) : (held, checked(owed - line.SignedMinorUnits));
            }
        }

        return [.. totals.Where(t => t.Value != (0, 0)).Select(t => new AgencyBalance(t.Key, Money.FromMinorUnits(t.Value.Held, Currency.CNY), Money.FromMinorUnits(t.Value.Owed, Currency.CNY)))];
    }
}
