using System.Globalization;
using CommunityFund.Api.Apis;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Api.Imports;

/// <summary>
/// A row of a sales import as the sale request of <c>POST /sales</c> (<see cref="CreateSaleRequest"/>): the columns are
/// its members, with money flattened — <c>unitPrice</c> and <c>vat</c> as amounts such as <c>100.00</c> in the
/// <c>currency</c> column (CNY when absent) — and <c>externalReference</c>, the row's identity in the source system.
/// Enums by their wire names (<c>paid</c>, <c>lowCost</c>; <c>weChatPay</c>, <c>alipay</c>, <c>cash</c>, <c>bank</c>),
/// ignoring case; dates as <c>yyyy-MM-dd</c>; <c>prepaid</c> as <c>true</c>/<c>false</c> (blank is false).
/// </summary>
internal static class SaleImportRow
{
    /// <summary>The longest external reference: the row's idempotency key is <see cref="KeyPrefix"/> and the reference,
    /// at most 200 characters.</summary>
    internal const int MaxReferenceLength = 190;

    /// <summary>The prefix of each row's idempotency key.</summary>
    internal const string KeyPrefix = "import:";

    /// <summary>The columns and their names.</summary>
    internal static readonly ImportColumns Columns = new(
        ("externalReference", true, ["external reference", "reference", "外部编号"]),
        ("provider", true, ["提供方"]),
        ("packageId", true, ["package", "服务包"]),
        ("tier", true, ["档位"]),
        ("quantity", true, ["数量"]),
        ("unitPrice", true, ["price", "单价"]),
        ("currency", false, ["币种"]),
        ("channel", true, ["支付渠道"]),
        ("date", true, ["日期"]),
        ("residentReference", true, ["resident", "居民编号"]),
        ("vat", false, ["增值税"]),
        ("prepaid", false, ["预付"]));

    /// <summary>Reads a row's cells (in <see cref="Columns"/> order).</summary>
    /// <param name="c">The cells.</param>
    /// <param name="problems">Where each cell that is not a value of its column is reported (column, reason).</param>
    /// <returns>The external reference and the request, or <c>null</c> when a cell is bad.</returns>
    internal static (string Reference, CreateSaleRequest Request)? Parse(string?[] c, List<(string Column, string Reason)> problems)
    {
        var before = problems.Count;
        var reference = c[0];
        if (reference is null || reference.Length > MaxReferenceLength || reference.Any(ch => ch is < '!' or > '~'))
        {
            problems.Add(("externalReference", $"The external reference is required: 1–{MaxReferenceLength} printable ASCII characters without spaces."));
        }

        var tier = Enum<PricingTier>(c[3], "tier", problems);
        var quantity = Number(c[4], "quantity", problems);
        var currency = c[6] is null ? Currency.CNY : Currency.TryFromCode(c[6], out var unit) ? unit : Bad<Currency>("currency", $"Unknown currency '{c[6]}'.", problems);
        var price = Amount(c[5], currency, "unitPrice", problems);
        var channel = Enum<PaymentChannel>(c[7], "channel", problems);
        var date = c[8] is { } text && LocalDatePattern.Iso.Parse(text) is { Success: true } parsed ? parsed.Value : Bad<LocalDate>("date", $"'{c[8]}' is not a date such as 2026-03-31.", problems);
        var vat = c[10] is null ? (Money?)null : Amount(c[10], currency, "vat", problems);
        var prepaid = c[11] is null ? false : bool.TryParse(c[11], out var flag) ? flag : Bad<bool>("prepaid", $"'{c[11]}' is not true or false.", problems);
        return problems.Count > before
            ? null
            : (reference!, new CreateSaleRequest(c[1] ?? string.Empty, c[2] ?? string.Empty, tier, quantity, price, channel, date, c[9] ?? string.Empty, vat, prepaid));
    }

    private static T Bad<T>(string column, string reason, List<(string Column, string Reason)> problems)
    {
        problems.Add((column, reason));
        return default!;
    }

    private static T Enum<T>(string? text, string column, List<(string Column, string Reason)> problems)
        where T : struct, Enum =>
        text is { Length: > 0 } && char.IsAsciiLetter(text[0]) && System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value)
            ? value
            : Bad<T>(column, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.", problems);

    private static int Number(string? text, string column, List<(string Column, string Reason)> problems) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Bad<int>(column, $"'{text}' is not a whole number.", problems);

    private static Money Amount(string? text, Currency? currency, string column, List<(string Column, string Reason)> problems)
    {
        if (currency is null)
        {
            return default;
        }

        return Money.TryParse(text, currency, out var money, out var error) ? money : Bad<Money>(column, error, problems);
    }
}
