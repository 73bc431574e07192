namespace CommunityFund.Ledger;

/// <summary>The nature of an account, which decides its place in the statements and its normal side.</summary>
public enum AccountType
{
    /// <summary>资产 — asset (debit-normal, except contra accounts such as allowances).</summary>
    Asset = 1,

    /// <summary>负债 — liability (credit-normal).</summary>
    Liability = 2,

    /// <summary>净资产 / 所有者权益 — net assets of a non-profit, or owners' equity of a company (credit-normal).</summary>
    NetAssets = 3,

    /// <summary>收入 — revenue (credit-normal).</summary>
    Revenue = 4,

    /// <summary>费用 / 成本 — expense or cost (debit-normal).</summary>
    Expense = 5,

    /// <summary>备查 — memorandum account kept outside the monetary statements (time bank, points, obligations,
    /// fair rent forgone).</summary>
    Memo = 6,
}
