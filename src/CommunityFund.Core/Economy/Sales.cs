using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>How a resident paid.</summary>
public enum PaymentChannel
{
    /// <summary>Cash (现金).</summary>
    Cash = 1,

    /// <summary>Bank transfer (银行存款).</summary>
    Bank = 2,

    /// <summary>WeChat Pay, in transit until it reaches the bank.</summary>
    WeChatPay = 3,

    /// <summary>Alipay, in transit until it reaches the bank.</summary>
    Alipay = 4,
}

/// <summary>Identifies a recorded sale.</summary>
/// <param name="Value">The UUID.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(SaleIdJsonConverter))]
public readonly record struct SaleId(Guid Value)
{
    /// <summary>Returns the UUID.</summary>
    public override string ToString() => Value.ToString("D");
}

/// <summary>A sale to record.</summary>
/// <param name="Provider">The selling provider.</param>
/// <param name="PackageId">The package.</param>
/// <param name="Tier">The tier sold (public-welfare is recorded as deliveries, not sales).</param>
/// <param name="Quantity">How many packages, at least 1.</param>
/// <param name="UnitPrice">The price of one package, including VAT if any.</param>
/// <param name="Channel">How the resident paid.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="ResidentReference">A pseudonymous resident reference (no names, phone or ID numbers).</param>
public sealed record SaleRequest(EntityId Provider, string PackageId, PricingTier Tier, int Quantity, Money UnitPrice, PaymentChannel Channel, LocalDate Date, string ResidentReference)
{
    /// <summary>The VAT included in the total, if any; the distribution base excludes it.</summary>
    public Money? Vat { get; init; }

    /// <summary><c>true</c> for a prepaid package: the money sits in receipts in advance until sessions are delivered.</summary>
    public bool Prepaid { get; init; }
}

/// <summary>Sessions delivered, either of a prepaid sale (revenue recognised) or of the free public-welfare tier.</summary>
/// <param name="Date">The accounting date.</param>
/// <param name="Sessions">How many sessions, at least 1.</param>
public sealed record DeliveryRequest(LocalDate Date, int Sessions)
{
    /// <summary>The prepaid sale delivered against; <c>null</c> for a free-tier delivery.</summary>
    public SaleId? Sale { get; init; }

    /// <summary>For a free-tier delivery: the provider.</summary>
    public EntityId? Provider { get; init; }

    /// <summary>For a free-tier delivery: the package.</summary>
    public string? PackageId { get; init; }

    /// <summary>For a free-tier delivery: how many residents benefited.</summary>
    public int Beneficiaries { get; init; }
}

/// <summary>A refund of part or all of a sale.</summary>
/// <param name="Sale">The sale.</param>
/// <param name="Amount">How much is paid back (VAT included), at most what is still refundable.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Reason">Why.</param>
public sealed record RefundRequest(SaleId Sale, Money Amount, LocalDate Date, string Reason)
{
    /// <summary>How the money goes back to the resident; <c>null</c> for the sale's own channel. Once a channel has paid
    /// its money out to the bank (a clearing), a refund is paid by bank transfer or cash instead; one that overdraws an
    /// account shows in the audit as <c>cash.in_credit</c>.</summary>
    public PaymentChannel? Channel { get; init; }
}

/// <summary>The parts of one distribution (or of its reversal by a refund), per party, in fen.</summary>
/// <param name="Provider">The provider's part.</param>
/// <param name="Hub">The hub's part.</param>
/// <param name="Fund">The community fund's part.</param>
public sealed record SharePartition(long Provider, long Hub, long Fund)
{
    /// <summary>Nothing.</summary>
    public static SharePartition Zero { get; } = new(0, 0, 0);

    /// <summary>The sum of the parts.</summary>
    public long Total => checked(Provider + Hub + Fund);

    /// <summary>The part of a party.</summary>
    /// <param name="party">The party.</param>
    /// <returns>The part in fen.</returns>
    public long Of(DistributionParty party) => party switch
    {
        DistributionParty.Provider => Provider,
        DistributionParty.Hub => Hub,
        _ => Fund,
    };

    /// <summary>Adds another partition.</summary>
    /// <param name="other">The other.</param>
    /// <returns>The sum.</returns>
    public SharePartition Plus(SharePartition other) => new(checked(Provider + other.Provider), checked(Hub + other.Hub), checked(Fund + other.Fund));
}

/// <summary>One distribution of recognised revenue: what it was based on and how it was split.</summary>
/// <param name="Journal">The distribution journal.</param>
/// <param name="Date">Its accounting date.</param>
/// <param name="Base">The revenue distributed (excluding VAT).</param>
/// <param name="Parts">The parts.</param>
/// <param name="PolicyReference">The policy id and version, <c>id@version</c>.</param>
/// <param name="Rounding">The rounding rule used.</param>
/// <remarks>A record exists for every distributable amount recognised, also when the hub's and the fund's parts are both
/// zero (a 1-fen sale under carry-forward): then no distribution journal is needed, <paramref name="Journal"/> is the
/// sale or delivery journal itself, and the record still carries the carry state the next distribution starts from.</remarks>
public sealed record DistributionRecord(JournalId Journal, LocalDate Date, Money Base, SharePartition Parts, string PolicyReference, RoundingRule Rounding)
{
    /// <summary>The carry-forward state after this distribution (per share of the policy, in the allocator's units);
    /// empty for records written before it was kept.</summary>
    public ImmutableArray<long> CarryAfter { get; init; } = [];
}

/// <summary>One refund of a sale.</summary>
/// <param name="Journal">The refund journal.</param>
/// <param name="Date">Its accounting date.</param>
/// <param name="Amount">What was paid back (VAT included).</param>
/// <param name="Base">The part of it that was distributable revenue.</param>
/// <param name="Reversed">The distribution parts reversed (the provider's part is the revenue it keeps less).</param>
/// <param name="Absorbed">The fund part the provider absorbed instead of reversing (fund rule <see cref="FundRefundRule.AbsorbedByProvider"/>).</param>
public sealed record RefundRecord(JournalId Journal, LocalDate Date, Money Amount, Money Base, SharePartition Reversed, long Absorbed)
{
    /// <summary>The hub part that reduces the provider's payable and so appears, negative, on the next hub statement
    /// (zero when it became a clawback receivable instead).</summary>
    public long HubStatementItem { get; init; }

    /// <summary>The fund part that reduces the provider's payable and so appears, negative, on the next fund statement.</summary>
    public long FundStatementItem { get; init; }

    /// <summary>The hub part given back after the sale's hub share was already on a statement: the hub owes it to the
    /// provider (provider 其他应收款 / hub 其他应付款) until a later statement nets it or the hub repays it.</summary>
    public long HubClawback { get; init; }

    /// <summary>The fund part owed back after the sale's fund share was already on a statement (policy rule
    /// <see cref="FundRefundRule.OffsetAgainstLaterAccruals"/>): the fund owes it to the provider until a later statement
    /// offsets it or the fund repays it.</summary>
    public long FundClawback { get; init; }
}

/// <summary>A recorded sale with everything that happened to it since.</summary>
public sealed record SaleRecord
{
    /// <summary>The id.</summary>
    public required SaleId Id { get; init; }

    /// <summary>The sale journal.</summary>
    public required JournalId Journal { get; init; }

    /// <summary>The sequence of the sale journal: the order sales were recorded in.</summary>
    public long Order { get; init; }

    /// <summary>The request as recorded.</summary>
    public required SaleRequest Request { get; init; }

    /// <summary>The package version it was sold under.</summary>
    public required int PackageVersion { get; init; }

    /// <summary>The sessions bought (sessions per package × quantity).</summary>
    public required int Sessions { get; init; }

    /// <summary>The total paid, VAT included.</summary>
    public required Money Amount { get; init; }

    /// <summary>The total excluding VAT.</summary>
    public required Money Base { get; init; }

    /// <summary>The policy that governs the sale's distributions, or <c>null</c> when its tier is not distributable.</summary>
    public string? PolicyReference { get; init; }

    /// <summary>Sessions delivered so far (prepaid sales).</summary>
    public int SessionsDelivered { get; init; }

    /// <summary>Revenue recognised so far, VAT included.</summary>
    public Money Recognised { get; init; }

    /// <summary>Revenue recognised so far, excluding VAT.</summary>
    public Money RecognisedBase { get; init; }

    /// <summary>The delivery journals of a prepaid sale.</summary>
    public ImmutableList<JournalId> Deliveries { get; init; } = [];

    /// <summary>The distributions made (one for a cash sale, one per delivery for a prepaid one).</summary>
    public ImmutableList<DistributionRecord> Distributions { get; init; } = [];

    /// <summary>The refunds made.</summary>
    public ImmutableList<RefundRecord> Refunds { get; init; } = [];

    /// <summary>The carried remainders of refund splits: (base, VAT) then (provider, hub, fund).</summary>
    public ImmutableArray<long> RefundCarry { get; init; } = [0, 0, 0, 0, 0];

    /// <summary>The sum of all distribution parts.</summary>
    public SharePartition Distributed => Distributions.Aggregate(SharePartition.Zero, (sum, d) => sum.Plus(d.Parts));

    /// <summary>The sum of all reversed parts.</summary>
    public SharePartition Reversed => Refunds.Aggregate(SharePartition.Zero, (sum, r) => sum.Plus(r.Reversed));

    /// <summary>The total refunded, VAT included.</summary>
    public Money Refunded => Refunds.Aggregate(Money.Zero(Amount.Currency), (sum, r) => sum + r.Amount);

    /// <summary><c>true</c> once a prepaid sale's undelivered rest was refunded: it takes no more deliveries.</summary>
    public bool IsCancelled => Request.Prepaid && !Refunds.IsEmpty;

    /// <summary>What can still be refunded: for a sale recognised at once, what was paid less what was refunded; for a
    /// prepaid sale, the undelivered rest (refunded whole, which cancels the remaining sessions).</summary>
    public Money Refundable => Request.Prepaid ? (IsCancelled ? Money.Zero(Amount.Currency) : Amount - Recognised) : Amount - Refunded;
}

/// <summary>Writes a <see cref="SaleId"/> as its UUID.</summary>
public sealed class SaleIdJsonConverter : Serialization.StringValueJsonConverter<SaleId>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out SaleId value)
    {
        var ok = Guid.TryParseExact(text, "D", out var guid);
        value = new SaleId(guid);
        return ok;
    }

    /// <inheritdoc />
    protected override string Format(SaleId value) => value.ToString();
}
