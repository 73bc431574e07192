namespace CommunityFund.Ledger;

/// <summary>The three kinds of activity a cash-flow statement reports cash movements under.</summary>
public enum CashFlowActivity
{
    /// <summary>业务活动 (民非) / 经营活动 (小企业): everything that is neither investing nor financing.</summary>
    Operating = 1,

    /// <summary>投资活动: buying and selling investments, fixed and intangible assets, and their returns.</summary>
    Investing = 2,

    /// <summary>筹资活动: borrowing and repaying, capital from owners, interest and profit paid.</summary>
    Financing = 3,
}
