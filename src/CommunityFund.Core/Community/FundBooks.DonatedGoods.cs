using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Community;

public sealed partial class FundBooks
{
    /// <summary>Gives donated goods away free: Dr 5101.05 公益服务成本 [programme] / Cr 1201.01 存货 at their carrying
    /// value. Refused beyond the donated goods held (<c>fund.goods_exceed_stock</c>, with the figures).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="giveaway">The goods given away.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result with the journal.</returns>
    public Task<CommandResult<Journal>> GiveAwayGoodsAsync(LedgerId ledger, GoodsGiveaway giveaway, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(giveaway);
        var envelope = CommandEnvelope.For(ledger, "fund-goods-giveaway", idempotencyKey, giveaway.Fund.Value, Iso(giveaway.Date), giveaway.Cost, giveaway.Purpose, giveaway.Programme);
        return _commands.RunAsync(envelope, async (state, ct) =>
        {
            var errors = new List<PostingError>();
            CheckFund(state, giveaway.Fund, errors);
            CheckAmount(giveaway.Cost, "cost", errors);
            CheckText(giveaway.Purpose, 500, "purpose", errors);
            if (giveaway.Programme is not null && !Slug.IsValid(giveaway.Programme))
            {
                errors.Add(Invalid("The programme is a slug: lower-case letters, digits and inner hyphens.", "programme"));
            }

            if (errors.Count > 0)
            {
                return CommandPlan<Journal>.Refused(errors);
            }

            var held = await GoodsHeldAsync(ledger, giveaway.Fund, ct).ConfigureAwait(false);
            if (StockShortfall(held, giveaway.Cost, "cost") is { } shortfall)
            {
                return CommandPlan<Journal>.Refused([shortfall]);
            }

            var programme = giveaway.Programme ?? Programme(SelfFinancingSource.CharitySupermarketSale);
            var draft = new JournalDraft(giveaway.Date, JournalKind.GoodsGiveaway, $"捐赠物资发放 Donated goods given away: {giveaway.Purpose}",
            [
                new LineDraft(giveaway.Fund, GoodsGivenAway, Side.Debit, giveaway.Cost).With(DimensionNames.Programme, programme),
                new LineDraft(giveaway.Fund, DonatedGoods, Side.Credit, giveaway.Cost),
            ])
            {
                SourceReference = "fund:goods-giveaway",
                Metadata = JournalMetadata.From(("goods.held_before", held.MinorUnits.ToString(CultureInfo.InvariantCulture))),
            };
            return new CommandPlan<Journal>([draft], journals => ([], journals[0]));
        }, ReplayAsync, cancellationToken);
    }

    /// <summary>The donated goods the fund holds now (the 1201.01 balance of all posted journals).</summary>
    private async Task<Money> GoodsHeldAsync(LedgerId ledger, EntityId fund, CancellationToken ct)
    {
        var balances = await _store.GetBalancesAsync(ledger, fund, null, ct).ConfigureAwait(false);
        return Money.FromMinorUnits(balances.Where(b => b.Entity == fund && b.Account == DonatedGoods && b.Unit == Currency.CNY).Sum(b => checked(b.DebitMinorUnits - b.CreditMinorUnits)), Currency.CNY);
    }

    /// <summary>The refusal when <paramref name="cost"/> exceeds the goods held, or <c>null</c>.</summary>
    private static PostingError? StockShortfall(Money held, Money cost, string field) => cost <= held
        ? null
        : new PostingError(CommunityErrorCodes.GoodsExceedStock, $"The fund holds {held} of donated goods (1201.01); goods costing {cost} cannot leave it.", field)
        {
            Figures = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["goodsCost"] = cost.ToAmountString(),
                ["goodsHeld"] = held.ToAmountString(),
                ["shortfall"] = (cost - held).ToAmountString(),
            },
        };
}
