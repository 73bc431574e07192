using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Community;

public sealed partial class FundBooks
{
    /// <summary>Records self-financing income: charity supermarket and market sales (4501.01, with the donated goods'
    /// cost out of 1201.01 into 5101.01), caring parking and booth fees (4301.01), spot donations (4101.01). A charity
    /// supermarket sale while the fund holds donated goods must name their cost (<c>fund.goods_cost_required</c>); a goods
    /// cost beyond the goods held is refused (<c>fund.goods_exceed_stock</c>); both with the figures.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="income">The income.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result with the journal.</returns>
    public Task<CommandResult<Journal>> RecordSelfFinancingAsync(LedgerId ledger, SelfFinancingIncome income, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(income);
        var envelope = CommandEnvelope.For(ledger, "fund-self-financing", idempotencyKey, income.Fund.Value, income.Source, Iso(income.Date), income.Amount, income.Channel, income.GoodsCost, income.Memo);
        return _commands.RunAsync(envelope, (state, ct) => PlanSelfFinancingAsync(ledger, state, income, ct), ReplayAsync, cancellationToken);
    }

    private async Task<CommandPlan<Journal>> PlanSelfFinancingAsync(LedgerId ledger, LedgerState state, SelfFinancingIncome income, CancellationToken ct)
    {
        var errors = CheckSelfFinancing(state, income);
        if (errors.Count > 0)
        {
            return CommandPlan<Journal>.Refused(errors);
        }

        if (SellsGoods(income) && await GoodsSaleRefusalAsync(ledger, income, ct).ConfigureAwait(false) is { } refusal)
        {
            return CommandPlan<Journal>.Refused([refusal]);
        }

        return new CommandPlan<Journal>([SelfFinancingDraft(income)], journals => ([], journals[0]));
    }

    private static bool SellsGoods(SelfFinancingIncome income) =>
        income.Source is SelfFinancingSource.CharitySupermarketSale or SelfFinancingSource.CharityMarketSale;

    private static List<PostingError> CheckSelfFinancing(LedgerState state, SelfFinancingIncome income)
    {
        var errors = new List<PostingError>();
        CheckFund(state, income.Fund, errors);
        CheckAmount(income.Amount, "amount", errors);
        if (!Enum.IsDefined(income.Source))
        {
            errors.Add(Invalid("The source is a charity supermarket sale, caring parking, a market booth, a market sale or a spot donation.", "source"));
        }

        if (income.GoodsCost is { } cost)
        {
            if (!SellsGoods(income))
            {
                errors.Add(Invalid("Only sales of donated goods carry a goods cost.", "goodsCost"));
            }
            else
            {
                CheckAmount(cost, "goodsCost", errors);
            }
        }

        if (income.Memo is not null)
        {
            CheckText(income.Memo, 200, "memo", errors);
        }

        return errors;
    }

    /// <summary>The supermarket sells the donated goods it holds: while it holds any, a sale takes them out of
    /// inventory at cost, and no sale takes out more than is held. The refusal of a sale that breaks this, or
    /// <c>null</c>.</summary>
    private async Task<PostingError?> GoodsSaleRefusalAsync(LedgerId ledger, SelfFinancingIncome income, CancellationToken ct)
    {
        var held = await GoodsHeldAsync(ledger, income.Fund, ct).ConfigureAwait(false);
        if (income.GoodsCost is null && income.Source == SelfFinancingSource.CharitySupermarketSale && held.IsPositive)
        {
            return new PostingError(CommunityErrorCodes.GoodsCostRequired,
                $"The fund holds {held} of donated goods (1201.01): a charity-supermarket sale names the cost of the goods sold, which leaves inventory.", "goodsCost")
            {
                Figures = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["goodsHeld"] = held.ToAmountString() },
            };
        }

        return income.GoodsCost is { } goodsCost ? StockShortfall(held, goodsCost, "goodsCost") : null;
    }

    /// <summary>The cash-flow line of self-financing income: goods sold (销售商品收到的现金), a spot donation (接受捐赠收到的现金),
    /// or a service such as parking or a booth (提供服务收到的现金), as its revenue account.</summary>
    private static CashFlowItem SelfFinancingCashFlow(SelfFinancingSource source) => source switch
    {
        SelfFinancingSource.CharitySupermarketSale or SelfFinancingSource.CharityMarketSale => CashFlowItem.GoodsSold,
        SelfFinancingSource.SpotDonation => CashFlowItem.DonationsReceived,
        _ => CashFlowItem.ServicesSold,
    };

    private static JournalDraft SelfFinancingDraft(SelfFinancingIncome income)
    {
        var revenue = income.Source switch
        {
            SelfFinancingSource.CharitySupermarketSale or SelfFinancingSource.CharityMarketSale => GoodsRevenue,
            SelfFinancingSource.SpotDonation => Unrestricted,
            _ => ServiceRevenue,
        };
        var lines = new List<LineDraft>
        {
            new LineDraft(income.Fund, ChannelAccount(income.Channel), Side.Debit, income.Amount).WithCashFlow(SelfFinancingCashFlow(income.Source)),
            new LineDraft(income.Fund, revenue, Side.Credit, income.Amount).With(DimensionNames.Programme, Programme(income.Source)),
        };
        if (income.GoodsCost is { } sold)
        {
            lines.Add(new LineDraft(income.Fund, GoodsCost, Side.Debit, sold).With(DimensionNames.Programme, Programme(income.Source)));
            lines.Add(new LineDraft(income.Fund, DonatedGoods, Side.Credit, sold));
        }

        return new JournalDraft(income.Date, JournalKind.SelfFinancing, $"自我造血 {Programme(income.Source)}{(income.Memo is { } m ? $": {m}" : string.Empty)}", [.. lines])
        {
            SourceReference = "fund:self-financing",
            Metadata = JournalMetadata.From(("self_financing.source", income.Source.ToString())),
        };
    }

    private static string Programme(SelfFinancingSource source) => source switch
    {
        SelfFinancingSource.CharitySupermarketSale => "charity-supermarket",
        SelfFinancingSource.CaringParking => "caring-parking",
        SelfFinancingSource.SpotDonation => "spot-donations",
        _ => "charity-market",
    };
}
