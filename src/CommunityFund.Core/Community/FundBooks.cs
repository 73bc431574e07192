using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Community;

/// <summary>How an in-kind donation was valued.</summary>
public enum InKindBasis
{
    /// <summary>At the value on the donor's voucher (invoice, agreement).</summary>
    Voucher = 1,

    /// <summary>At fair value (market price, appraisal) when there is no voucher.</summary>
    FairValue = 2,
}

/// <summary>Goods donated in kind, held for sale in the charity supermarket (1201.01).</summary>
/// <param name="Description">What was given.</param>
/// <param name="Basis">How it was valued.</param>
/// <param name="Evidence">The voucher or valuation reference.</param>
public sealed record InKindGoods(string Description, InKindBasis Basis, string Evidence);

/// <summary>A donation to the community fund.</summary>
/// <param name="Fund">The fund entity (a community fund keeping NPO_CN books).</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY (for goods: their value).</param>
/// <param name="Donor">A pseudonymous donor reference.</param>
public sealed record DonationReceipt(EntityId Fund, LocalDate Date, Money Amount, string Donor)
{
    /// <summary>How the money came in (ignored for goods).</summary>
    public PaymentChannel Channel { get; init; } = PaymentChannel.Bank;

    /// <summary>The named purpose the donor restricted it to, or <c>null</c> for an unrestricted gift.</summary>
    public string? Restriction { get; init; }

    /// <summary>For a donation of goods: what, and how valued; <c>null</c> for money.</summary>
    public InKindGoods? InKind { get; init; }
}

/// <summary>Where self-financing income comes from (自我造血).</summary>
public enum SelfFinancingSource
{
    /// <summary>Sales of donated goods in the charity supermarket (公益超市), 4501.</summary>
    CharitySupermarketSale = 1,

    /// <summary>Fees of the caring parking lot (爱心停车场), 4301.</summary>
    CaringParking = 2,

    /// <summary>Booth fees at the charity market (公益市集), 4301.</summary>
    CharityMarketBooth = 3,

    /// <summary>Sales at the charity market, 4501.</summary>
    CharityMarketSale = 4,

    /// <summary>Spot donations at a charity event, 4101.</summary>
    SpotDonation = 5,
}

/// <summary>Self-financing income of the community fund.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The money received, in CNY.</param>
/// <param name="Channel">How it came in.</param>
public sealed record SelfFinancingIncome(EntityId Fund, SelfFinancingSource Source, LocalDate Date, Money Amount, PaymentChannel Channel)
{
    /// <summary>For sales of donated goods: their carrying value leaving inventory (1201.01), or <c>null</c>.</summary>
    public Money? GoodsCost { get; init; }

    /// <summary>A note (e.g. "Saturday market, 12 booths").</summary>
    public string? Memo { get; init; }
}

/// <summary>Donated goods the fund gives away free (e.g. winter clothes handed out at a charity event): they leave
/// inventory at their carrying value as a programme cost.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Cost">The goods' carrying value in CNY, at most the donated goods held (1201.01).</param>
/// <param name="Purpose">What was given, to whom (pseudonymously) and why.</param>
public sealed record GoodsGiveaway(EntityId Fund, LocalDate Date, Money Cost, string Purpose)
{
    /// <summary>The programme it is charged to (a slug, the <c>programme</c> dimension); <c>null</c> for the charity
    /// supermarket.</summary>
    public string? Programme { get; init; }
}

/// <summary>A grant from the fund to a community project (微项目资助).</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Project">The project (a slug, recorded as the <c>programme</c> dimension).</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY, paid from the fund's bank account.</param>
/// <param name="Purpose">What it is for.</param>
public sealed record GrantAward(EntityId Fund, string Project, LocalDate Date, Money Amount, string Purpose)
{
    /// <summary>The restriction it is charged to, or <c>null</c> for unrestricted funds.</summary>
    public string? Restriction { get; init; }
}

/// <summary>Which way an agency gift moves.</summary>
public enum AgencyMovement
{
    /// <summary>The fund receives a gift earmarked for a named beneficiary (Dr 1701 / Cr 2601).</summary>
    Receive = 1,

    /// <summary>The fund passes it on to the beneficiary (Dr 2601 / Cr 1701).</summary>
    PassOn = 2,
}

/// <summary>A gift the fund holds as agent for a named beneficiary (受托代理): never revenue.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Movement">Received or passed on.</param>
/// <param name="Beneficiary">A pseudonymous beneficiary reference.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY.</param>
/// <param name="Memo">What it is (e.g. "winter clothes from the Li family").</param>
public sealed record AgencyGift(EntityId Fund, AgencyMovement Movement, string Beneficiary, LocalDate Date, Money Amount, string Memo);

/// <summary>What the fund holds as agent for one beneficiary.</summary>
/// <param name="Beneficiary">The beneficiary reference.</param>
/// <param name="Held">Assets held for them (1701).</param>
/// <param name="Owed">Liabilities to them (2601); always equal to <paramref name="Held"/>.</param>
public sealed record AgencyBalance(string Beneficiary, Money Held, Money Owed);

/// <summary>
/// The community fund's own events (the design's domain event 8): donations (unrestricted, restricted to a named
/// purpose, in kind at voucher or fair value), self-financing income (donated goods sold leave inventory at cost), donated
/// goods given away free, grants to community projects (refused beyond
/// the restriction's available balance or the money in the account) and agency gifts for named beneficiaries, which
/// pass through 1701/2601 and never touch revenue. Releases from restricted net assets are generated by
/// <see cref="PeriodClosing"/> as grants spend the restriction.
/// </summary>
public sealed class FundBooks
{
    private static readonly AccountCode Bank = AccountCode.Parse("1002.02");
    private static readonly AccountCode DonatedGoods = AccountCode.Parse("1201.01");
    private static readonly AccountCode Unrestricted = AccountCode.Parse("4101.01");
    private static readonly AccountCode Restricted = AccountCode.Parse("4101.02");
    private static readonly AccountCode ServiceRevenue = AccountCode.Parse("4301.01");
    private static readonly AccountCode GoodsRevenue = AccountCode.Parse("4501.01");
    private static readonly AccountCode GoodsCost = AccountCode.Parse("5101.01");
    private static readonly AccountCode GoodsGivenAway = AccountCode.Parse("5101.05");
    private static readonly AccountCode Grants = AccountCode.Parse("5101.06");
    private static readonly AccountCode AgencyAssets = AccountCode.Parse("1701");
    private static readonly AccountCode AgencyLiabilities = AccountCode.Parse("2601");
    private readonly ILedgerStore _store;
    private readonly CommandRunner _runner;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="engine">The posting engine over it.</param>
    public FundBooks(ILedgerStore store, PostingEngine engine)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _runner = new CommandRunner(store, engine ?? throw new ArgumentNullException(nameof(engine)));
    }

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
        var fingerprint = RequestFingerprint.Of("fund-donation", donation.Fund.Value, Iso(donation.Date), donation.Amount, donation.Donor, donation.Channel,
            donation.Restriction, donation.InKind?.Description, donation.InKind?.Basis, donation.InKind?.Evidence);
        return RunAsync(ledger, idempotencyKey, fingerprint, state =>
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
            if (donation.InKind is { } inKind)
            {
                metadata = metadata.SetItem("in_kind.description", inKind.Description).SetItem("in_kind.basis", inKind.Basis.ToString()).SetItem("in_kind.evidence", inKind.Evidence);
            }

            return (new JournalDraft(donation.Date, JournalKind.Donation,
                $"捐赠收入 Donation from {donation.Donor}{(donation.Restriction is { } r ? $" for '{r}'" : string.Empty)}{(donation.InKind is { } g ? $": {g.Description}" : string.Empty)}",
                [new LineDraft(donation.Fund, debit, Side.Debit, donation.Amount), credit])
            {
                SourceReference = "fund:donation",
                Metadata = metadata,
            }, errors);
        }, cancellationToken);
    }

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
        var fingerprint = RequestFingerprint.Of("fund-self-financing", income.Fund.Value, income.Source, Iso(income.Date), income.Amount, income.Channel, income.GoodsCost, income.Memo);
        return _runner.ExecuteAsync(ledger, idempotencyKey, fingerprint, async (state, ct) =>
        {
            var errors = new List<PostingError>();
            CheckFund(state, income.Fund, errors);
            CheckAmount(income.Amount, "amount", errors);
            if (!Enum.IsDefined(income.Source))
            {
                errors.Add(Invalid("The source is a charity supermarket sale, caring parking, a market booth, a market sale or a spot donation.", "source"));
            }

            var sellsGoods = income.Source is SelfFinancingSource.CharitySupermarketSale or SelfFinancingSource.CharityMarketSale;
            if (income.GoodsCost is { } cost)
            {
                if (!sellsGoods)
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

            if (errors.Count > 0)
            {
                return CommandPlan<Journal>.Refused(errors);
            }

            if (sellsGoods)
            {
                // The supermarket sells the donated goods it holds: while it holds any, a sale takes them out of
                // inventory at cost, and no sale takes out more than is held.
                var held = await GoodsHeldAsync(ledger, income.Fund, ct).ConfigureAwait(false);
                if (income.GoodsCost is null && income.Source == SelfFinancingSource.CharitySupermarketSale && held.IsPositive)
                {
                    return CommandPlan<Journal>.Refused([new PostingError(CommunityErrorCodes.GoodsCostRequired,
                        $"The fund holds {held} of donated goods (1201.01): a charity-supermarket sale names the cost of the goods sold, which leaves inventory.", "goodsCost")
                    {
                        Figures = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["goodsHeld"] = held.ToAmountString() },
                    }]);
                }

                if (income.GoodsCost is { } goodsCost && StockShortfall(held, goodsCost, "goodsCost") is { } shortfall)
                {
                    return CommandPlan<Journal>.Refused([shortfall]);
                }
            }

            var revenue = income.Source switch
            {
                SelfFinancingSource.CharitySupermarketSale or SelfFinancingSource.CharityMarketSale => GoodsRevenue,
                SelfFinancingSource.SpotDonation => Unrestricted,
                _ => ServiceRevenue,
            };
            var lines = new List<LineDraft>
            {
                new(income.Fund, ChannelAccount(income.Channel), Side.Debit, income.Amount),
                new LineDraft(income.Fund, revenue, Side.Credit, income.Amount).With(DimensionNames.Programme, Programme(income.Source)),
            };
            if (income.GoodsCost is { } sold)
            {
                lines.Add(new LineDraft(income.Fund, GoodsCost, Side.Debit, sold).With(DimensionNames.Programme, Programme(income.Source)));
                lines.Add(new LineDraft(income.Fund, DonatedGoods, Side.Credit, sold));
            }

            var draft = new JournalDraft(income.Date, JournalKind.SelfFinancing, $"自我造血 {Programme(income.Source)}{(income.Memo is { } m ? $": {m}" : string.Empty)}", [.. lines])
            {
                SourceReference = "fund:self-financing",
                Metadata = JournalMetadata.From(("self_financing.source", income.Source.ToString())),
            };
            return new CommandPlan<Journal>([draft], journals => ([], journals[0]));
        }, ReplayAsync, cancellationToken);
    }

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
        var fingerprint = RequestFingerprint.Of("fund-goods-giveaway", giveaway.Fund.Value, Iso(giveaway.Date), giveaway.Cost, giveaway.Purpose, giveaway.Programme);
        return _runner.ExecuteAsync(ledger, idempotencyKey, fingerprint, async (state, ct) =>
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
        var fingerprint = RequestFingerprint.Of("fund-grant", grant.Fund.Value, grant.Project, Iso(grant.Date), grant.Amount, grant.Purpose, grant.Restriction);
        return _runner.ExecuteAsync(ledger, idempotencyKey, fingerprint, async (state, ct) =>
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
                    return CommandPlan<Journal>.Refused([new PostingError(CommunityErrorCodes.GrantExceedsUnrestricted,
                        $"An unrestricted grant of {grant.Amount} exceeds the fund's unrestricted money: cash {position.Cash}, held for restrictions " +
                        $"{position.Restricted} (of which {position.GoodsHeld} at most in donated goods), for agency {position.Agency}, available {position.Available}.", "amount")
                    {
                        Figures = position.Figures(),
                    }]);
                }
            }

            var expense = new LineDraft(grant.Fund, Grants, Side.Debit, grant.Amount).With(DimensionNames.Programme, grant.Project);
            if (grant.Restriction is { } r)
            {
                expense = expense.With(DimensionNames.Restriction, r);
            }

            var draft = new JournalDraft(grant.Date, JournalKind.Grant, $"资助支出 Grant to '{grant.Project}': {grant.Purpose}",
                [expense, new LineDraft(grant.Fund, Bank, Side.Credit, grant.Amount)])
            {
                SourceReference = $"fund:grant:{grant.Project}",
                Metadata = JournalMetadata.From(
                    ("grant.project", grant.Project), ("grant.cash_before", cash.ToString(CultureInfo.InvariantCulture)),
                    ("grant.restriction", grant.Restriction ?? "-"),
                    ("grant.restriction_available_before", available?.ToString(CultureInfo.InvariantCulture) ?? "-")),
            };
            if (position is not null)
            {
                draft = draft with { Metadata = draft.Metadata.SetItem("grant.unrestricted_available_before", position.Available.MinorUnits.ToString(CultureInfo.InvariantCulture)) };
            }

            return new CommandPlan<Journal>([draft], journals => ([], journals[0]));
        }, ReplayAsync, cancellationToken);
    }

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
        var fingerprint = RequestFingerprint.Of("fund-agency", gift.Fund.Value, gift.Movement, gift.Beneficiary, Iso(gift.Date), gift.Amount, gift.Memo);
        return _runner.ExecuteAsync(ledger, idempotencyKey, fingerprint, async (state, ct) =>
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

    private Task<CommandResult<Journal>> RunAsync(LedgerId ledger, string? idempotencyKey, string fingerprint, Func<LedgerState, (JournalDraft? Draft, List<PostingError> Errors)> plan, CancellationToken cancellationToken) =>
        _runner.ExecuteAsync(ledger, idempotencyKey, fingerprint, (state, _) =>
        {
            var (draft, errors) = plan(state);
            return Task.FromResult(draft is null ? CommandPlan<Journal>.Refused(errors) : new CommandPlan<Journal>([draft], journals => ([], journals[0])));
        }, ReplayAsync, cancellationToken);

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

    private static Task<Journal?> ReplayAsync(LedgerId ledger, IReadOnlyList<Journal> journals, CancellationToken ct) => Task.FromResult<Journal?>(journals[0]);

    private static void CheckFund(LedgerState state, EntityId fund, List<PostingError> errors)
    {
        var entity = fund.Value is null ? null : state.Definition.FindEntity(fund);
        if (entity is not { Kind: EntityKind.CommunityFund, Profile: AccountingProfile.NpoCn })
        {
            errors.Add(new PostingError(CommunityErrorCodes.NotAFund,
                entity is null ? $"Ledger '{state.Definition.Id}' has no entity '{fund}'." : $"'{fund}' is a {entity.Kind} keeping {entity.Profile} books, not a community fund keeping NPO_CN books.",
                "fund"));
        }
    }

    private static void CheckAmount(Money amount, string field, List<PostingError> errors)
    {
        if (!AgreementRules.IsCny(amount) || !amount.IsPositive)
        {
            errors.Add(Invalid("The amount is in CNY and greater than zero.", field));
        }
    }

    private static void CheckText(string? text, int maxLength, string field, List<PostingError> errors)
    {
        if (!AgreementRules.IsText(text, maxLength))
        {
            errors.Add(Invalid($"'{field}' is non-blank text of at most {maxLength} characters.", field));
        }
    }

    private static void CheckRestriction(string? restriction, List<PostingError> errors)
    {
        if (restriction is not null && Dimensions.Validate(DimensionNames.Restriction, restriction) is { } problem)
        {
            errors.Add(Invalid(problem, "restriction"));
        }
    }

    private static PostingError Invalid(string message, string field) => new(CommunityErrorCodes.FundInvalid, message, field);

    private static AccountCode ChannelAccount(PaymentChannel channel) => channel switch
    {
        PaymentChannel.Cash => AccountCode.Parse("1001"),
        PaymentChannel.WeChatPay => AccountCode.Parse("1009.01"),
        PaymentChannel.Alipay => AccountCode.Parse("1009.02"),
        _ => Bank,
    };

    private static string Programme(SelfFinancingSource source) => source switch
    {
        SelfFinancingSource.CharitySupermarketSale => "charity-supermarket",
        SelfFinancingSource.CaringParking => "caring-parking",
        SelfFinancingSource.SpotDonation => "spot-donations",
        _ => "charity-market",
    };

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
