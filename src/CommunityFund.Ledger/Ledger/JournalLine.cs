namespace CommunityFund.Ledger;

/// <summary>
/// One line of a posted journal: an amount on one side of one account of one entity, in the account's unit,
/// with its dimensions. The amount is always positive; the side says which way it moves.
/// </summary>
/// <param name="Entity">The entity whose books the line belongs to.</param>
/// <param name="Account">The (leaf) account.</param>
/// <param name="Side">Debit or credit.</param>
/// <param name="Amount">The amount, greater than zero.</param>
/// <param name="Dimensions">The analysis dimensions.</param>
public sealed record JournalLine(EntityId Entity, AccountCode Account, Side Side, Money Amount, Dimensions Dimensions)
{
    /// <summary>The signed amount in minor units: positive for a debit, negative for a credit.</summary>
    public long SignedMinorUnits => Side == Side.Debit ? Amount.MinorUnits : checked(-Amount.MinorUnits);

    /// <summary>The cash-flow item of a line on a cash account (its <see cref="DimensionNames.CashFlow"/> dimension), or
    /// <c>null</c> when the line states none (unclassified; a transfer between cash accounts needs none).</summary>
    public CashFlowItem? CashFlow => Dimensions.TryGetValue(DimensionNames.CashFlow, out var code) && CashFlowItem.TryParse(code, out var item) ? item : null;
}
