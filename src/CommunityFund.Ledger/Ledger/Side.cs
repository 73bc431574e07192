namespace CommunityFund.Ledger;

/// <summary>The side of a journal line.</summary>
public enum Side
{
    /// <summary>借 — debit.</summary>
    Debit = 1,

    /// <summary>贷 — credit.</summary>
    Credit = 2,
}
