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
