using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>A sale record read for reconciliation only: the few fields a <see cref="BookPayment"/> needs, read from the
/// sale's document (same kind, schema version and upgrade steps as <see cref="EconomyRecords.Sale"/>) while the
/// serializer skips its distributions, deliveries and carry. Reading 100,000 sales this way holds a few dozen bytes
/// per sale instead of the whole record.</summary>
internal sealed record SalePayments
{
    private static readonly RecordType<SalePayments> Record = new(EconomyRecords.Sale.Kind, EconomyRecords.Sale.SchemaVersion, SaleRecordJson.Options, EconomyRecords.Sale.Upgrade);

    /// <summary>The sale id.</summary>
    public required SaleId Id { get; init; }

    /// <summary>The fields of the request a payment carries.</summary>
    public required PaymentTerms Request { get; init; }

    /// <summary>The amount paid.</summary>
    public required Money Amount { get; init; }

    /// <summary>The sale's refunds.</summary>
    public ImmutableArray<PaymentRefund> Refunds { get; init; } = [];

    /// <summary>Reads the payment fields of a sale document.</summary>
    internal static SalePayments Read(LedgerDocument document) => Record.Read(document);

    /// <summary>Adds the sale's payment and its refunds, as <see cref="BookPayment.Of"/> does for a whole record.</summary>
    internal void AddTo(List<BookPayment> payments, StringPool pool) =>
        BookPayment.AddSale(payments, Id, pool.Share(Request.Provider), Request.Channel, Request.Date, Amount, Request.PaymentReference, pool.Share(Request.ResidentReference),
            Refunds.Select(f => (f.Journal, f.Date, f.Amount)));

    /// <summary>The request's fields a payment carries.</summary>
    internal sealed record PaymentTerms
    {
        public required EntityId Provider { get; init; }

        public required PaymentChannel Channel { get; init; }

        public required LocalDate Date { get; init; }

        public required string ResidentReference { get; init; }

        public string? PaymentReference { get; init; }
    }

    /// <summary>A refund's fields a payment carries.</summary>
    internal sealed record PaymentRefund
    {
        public required JournalId Journal { get; init; }

        public required LocalDate Date { get; init; }

        public required Money Amount { get; init; }
    }
}
