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
            AddSale(items, sale.Id, r.Provider, r.Channel, r.Date, sale.Amount, r.PaymentReference, r.ResidentReference, sale.Refunds.Select(f => (f.Journal, f.Date, f.Amount)));
        }

        return items;
    }

    /// <summary>Adds a sale's payment and its refunds (paid back through the sale's channel) — the one mapping of a sale
    /// to book items, whether read from the whole record or from its lean view.</summary>
    internal static void AddSale(List<BookPayment> items, SaleId sale, EntityId provider, PaymentChannel channel, LocalDate date, Money amount, string? reference, string resident,
        IEnumerable<(JournalId Journal, LocalDate Date, Money Amount)> refunds)
    {
        items.Add(new BookPayment($"sale:{sale}", provider, channel, date, amount, false, sale, reference, resident));
        items.AddRange(refunds.Select(f => new BookPayment($"refund:{f.Journal}", provider, channel, f.Date, f.Amount, true, sale, reference, resident)));
    }
}
