using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Economy;

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

    /// <summary>The VAT computed from the provider's VAT status when the sale was made (ADR 0022), or <c>null</c> when it
    /// had none; when it differs from <see cref="Amount"/> − <see cref="Base"/> the sale's VAT was overridden, for
    /// <see cref="SaleRequest.VatOverrideReason"/>.</summary>
    public Money? ComputedVat { get; init; }

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
