namespace CommunityFund.Api.Apis;

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

/// <summary>The wire names of the sales enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Economy.PaymentChannel, PaymentChannel> PaymentChannelMap = new(
        (Economy.PaymentChannel.Cash, PaymentChannel.Cash),
        (Economy.PaymentChannel.Bank, PaymentChannel.Bank),
        (Economy.PaymentChannel.WeChatPay, PaymentChannel.WeChatPay),
        (Economy.PaymentChannel.Alipay, PaymentChannel.Alipay));

    /// <summary>The wire name of a <see cref="PaymentChannel"/>.</summary>
    public static PaymentChannel ToWire(this Economy.PaymentChannel value) => PaymentChannelMap.ToWire(value);

    /// <summary>The books' <c>PaymentChannel</c> for a wire name.</summary>
    public static Economy.PaymentChannel ToCore(this PaymentChannel value) => PaymentChannelMap.ToCore(value);
}
