namespace CommunityFund.Economy;

/// <summary>What a row of a payment channel's bill or a bank statement records.</summary>
public enum StatementRowKind
{
    /// <summary>A resident's payment received by the channel (WeChat Pay, Alipay): money into the merchant's balance.</summary>
    Payment = 1,

    /// <summary>A refund the channel paid back to a resident: money out of the merchant's balance.</summary>
    Refund = 2,

    /// <summary>A bank statement's credit: money into the bank account (for example a channel's payout).</summary>
    BankCredit = 3,

    /// <summary>A bank statement's debit: money out of the bank account.</summary>
    BankDebit = 4,
}
