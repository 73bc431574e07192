using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>A payment or refund as the books record it, the side of a match opposite the statement rows: a sale (money
/// into the channel's in-transit account) or a refund of one (money out of it).</summary>
/// <param name="Key">Its key in matches: <c>sale:{saleId}</c> or <c>refund:{journalId}</c>.</param>
/// <param name="Entity">The entity whose books hold it (the provider).</param>
/// <param name="Channel">The channel it was paid through.</param>
/// <param name="Date">Its accounting date.</param>
/// <param name="Amount">The amount, positive (VAT included).</param>
/// <param name="IsRefund"><c>true</c> for a refund.</param>
/// <param name="Sale">The sale (for a refund, the sale refunded).</param>
/// <param name="Reference">The sale's payment reference, or <c>null</c>.</param>
/// <param name="Resident">The resident's pseudonym.</param>
public sealed record BookPayment(string Key, EntityId Entity, PaymentChannel Channel, LocalDate Date, Money Amount, bool IsRefund, SaleId Sale, string? Reference, string Resident)
{
    /// <summary>The payments and refunds of sales, as book items.</summary>
    /// <param name="sales">The sales.</param>
    /// <returns>One item per sale and per refund (a refund is paid back through the sale's channel).</returns>
    public static IReadOnlyList<BookPayment> Of(IEnumerable<SaleRecord> sales)
    {
        ArgumentNullException.ThrowIfNull(sales);
        var items = new List<BookPayment>();
        foreach (var sale in sales)
        {
            var r = sale.Request;
            items.Add(new BookPayment($"sale:{sale.Id}", r.Provider, r.Channel, r.Date, sale.Amount, false, sale.Id, r.PaymentReference, r.ResidentReference));
            items.AddRange(sale.Refunds.Select(refund => new BookPayment($"refund:{refund.Journal}", r.Provider, r.Channel, refund.Date, refund.Amount, true, sale.Id, r.PaymentReference, r.ResidentReference)));
        }

        return items;
    }
}
