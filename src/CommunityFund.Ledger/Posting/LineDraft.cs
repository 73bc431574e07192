using CommunityFund.Ledger;

namespace CommunityFund.Posting;

/// <summary>A line of a journal not yet posted. Nothing is checked until the engine posts it.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="Side">Debit or credit.</param>
/// <param name="Amount">The amount; must be positive and in the account's unit.</param>
public sealed record LineDraft(EntityId Entity, AccountCode Account, Side Side, Money Amount)
{
    /// <summary>The dimensions; none by default.</summary>
    public Dimensions Dimensions { get; init; } = Dimensions.Empty;

    /// <summary>A debit line.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account code text, e.g. <c>1002.01</c>.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The line.</returns>
    public static LineDraft Debit(EntityId entity, string account, Money amount) => new(entity, AccountCode.Parse(account), Side.Debit, amount);

    /// <summary>A credit line.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account code text, e.g. <c>4301.01</c>.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The line.</returns>
    public static LineDraft Credit(EntityId entity, string account, Money amount) => new(entity, AccountCode.Parse(account), Side.Credit, amount);

    /// <summary>Returns this line with one dimension set.</summary>
    /// <param name="name">A name from <see cref="DimensionNames"/>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new line.</returns>
    public LineDraft With(string name, string value) => this with { Dimensions = Dimensions.With(name, value) };

    /// <summary>Returns this line (on a cash account) with the cash-flow item its movement belongs to (ADR 0020).</summary>
    /// <param name="item">The item.</param>
    /// <returns>The new line.</returns>
    public LineDraft WithCashFlow(CashFlowItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return With(DimensionNames.CashFlow, item.Code);
    }
}
