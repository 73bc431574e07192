using System.Text;
using CommunityFund.Economy;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>Recognises a statement file's channel and encoding from its first bytes, decoded as UTF-8 and as GBK: a
/// WeChat Pay bill's header names 微信订单号, an Alipay bill's 支付宝交易号 or 支付宝业务明细. A file of another channel
/// than the one posted, or one that reads as its format only in the other encoding, is refused before any row is read.</summary>
internal static class StatementSniffer
{
    /// <summary>Checks the file's first bytes, recording the problem when it is refused.</summary>
    /// <param name="head">The first bytes.</param>
    /// <param name="context">The channel posted, and where problems go.</param>
    /// <param name="mapping">A bank statement's mapping.</param>
    /// <returns>Whether the file is refused.</returns>
    internal static bool Refuses(ReadOnlySpan<byte> head, StatementContext context, BankColumnMapping? mapping)
    {
        var utf8 = Kind(Encoding.UTF8.GetString(head));
        var gbk = Kind(StatementFiles.Gbk.GetString(head));
        var (expected, encoding, other) = context.Channel switch
        {
            PaymentChannel.WeChatPay => (PaymentChannel.WeChatPay, utf8, gbk),
            PaymentChannel.Alipay => (PaymentChannel.Alipay, gbk, utf8),
            PaymentChannel.Bank => (PaymentChannel.Bank, (PaymentChannel?)null, (PaymentChannel?)null),
            _ => (context.Channel, null, null),
        };
        if (context.Channel is not (PaymentChannel.WeChatPay or PaymentChannel.Alipay or PaymentChannel.Bank))
        {
            context.Add(0, null, StatementErrorCodes.ChannelMismatch, $"Statements are read for WeChat Pay, Alipay and Bank, not {context.Channel}.");
            return true;
        }

        if (encoding == expected)
        {
            return false;
        }

        var found = encoding ?? other ?? (expected == PaymentChannel.Bank ? utf8 ?? gbk : null);
        if (found is { } channel && channel != expected)
        {
            context.Add(1, null, StatementErrorCodes.ChannelMismatch, $"The file is a {channel} bill (recognised by its header), posted as {expected}.");
            return true;
        }

        if (other == expected)
        {
            context.Add(1, null, StatementErrorCodes.Encoding, $"The file reads as a {expected} bill only when decoded as {(expected == PaymentChannel.Alipay ? "UTF-8" : "GBK")}; it must be {(expected == PaymentChannel.Alipay ? "GBK, as Alipay exports it" : "UTF-8")}.");
            return true;
        }

        return expected == PaymentChannel.Bank && RefusesBank(head, context, mapping);
    }

    private static bool RefusesBank(ReadOnlySpan<byte> head, StatementContext context, BankColumnMapping? mapping)
    {
        if (mapping is null || (mapping.SignedAmount is null && (mapping.AmountIn is null || mapping.AmountOut is null)))
        {
            context.Add(0, null, StatementErrorCodes.Malformed, "A bank statement needs a column mapping with a date and either a signed amount column or both amount in and amount out.");
            return true;
        }

        var gbk = mapping.Encoding == BankFileEncoding.Gbk;
        var expected = (gbk ? StatementFiles.Gbk : Encoding.UTF8).GetString(head);
        var other = (gbk ? Encoding.UTF8 : StatementFiles.Gbk).GetString(head);
        if (!expected.Contains(mapping.Date, StringComparison.Ordinal) && other.Contains(mapping.Date, StringComparison.Ordinal))
        {
            context.Add(1, mapping.Date, StatementErrorCodes.Encoding, $"The header names '{mapping.Date}' only when decoded as {(gbk ? "UTF-8" : "GBK")}; the mapping says {mapping.Encoding}.");
            return true;
        }

        return false;
    }

    private static PaymentChannel? Kind(string text) =>
        text.Contains("微信订单号", StringComparison.Ordinal) ? PaymentChannel.WeChatPay
        : text.Contains("支付宝交易号", StringComparison.Ordinal) || text.Contains("支付宝业务明细", StringComparison.Ordinal) ? PaymentChannel.Alipay
        : null;
}
