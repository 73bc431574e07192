using System.Collections.Immutable;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

/// <summary>The records the community economy keeps beside its journals, each a typed <see cref="RecordType{T}"/>
/// with its kind name and schema version. A change to a record's shape raises its version (with an upgrade step for
/// what older versions lack); a kind name never changes.</summary>
public static class EconomyRecords
{
    /// <summary>A version of a service package's terms; key <c>id/version</c>, owner the package id.</summary>
    public static RecordType<ServicePackage> Package { get; } = new("package");

    /// <summary>A version of a distribution policy; key its reference.</summary>
    public static RecordType<DistributionPolicy> Policy { get; } = new("policy");

    /// <summary>The fen carried forward per provider and policy (largest remainder across sales); key <c>provider/policy</c>.</summary>
    public static RecordType<ImmutableArray<long>> Carry { get; } = new("carry");

    /// <summary>The hub fees (VAT included) a provider has been charged by a VAT-registered hub, summed over its
    /// distributions that carry hub VAT: what the next fee's VAT is computed on (ADR 0022); key <c>provider/hub</c>, owner
    /// the provider. Written with each such distribution since issue 20's round (ADR 0033); books written before have
    /// none until the next fee, which sums the provider's sales once.</summary>
    public static RecordType<long> HubFees { get; } = new("hub-fees");

    /// <summary>A sale with its distributions, deliveries and refunds; key the sale id, owner the provider. Stored with
    /// only its facts (<see cref="SaleRecordJson"/>): what reading recomputes, <c>null</c>s and empty lists are left out,
    /// amounts are one string. Version 2 (issue 20): a program that reads version 1 only would misread the amounts, so
    /// it refuses these; version 1 records (every property, amounts as objects) read as they are. Version 3 (issue 20):
    /// short property names and default values left out (a version 2 record is upgraded as it is read).</summary>
    public static RecordType<SaleRecord> Sale { get; } = new("sale", SaleRecordJson.SchemaVersion, SaleRecordJson.Options, SaleRecordJson.Upgrade);

    /// <summary>The sale a journal belongs to; key the journal id. Written by earlier versions only: a sale's journals
    /// carry its id in their <c>sale.id</c> metadata, which is how a journal finds its sale now.</summary>
    public static RecordType<SaleId> SaleByJournal { get; } = new("sale-journal");

    /// <summary>A settlement statement; key its id, owner the provider.</summary>
    public static RecordType<SettlementStatement> Statement { get; } = new("statement");

    /// <summary>The statement that billed a share of a distribution journal: key <c>{journal}/{party}</c> (party
    /// <c>Hub</c> or <c>CommunityFund</c>), owner the provider, the statement's id. Written with each statement prepared
    /// (ADR 0036), for its items that bill a share, so a refund and a page of the distribution report read the statements
    /// of their journals instead of every statement of the provider.</summary>
    public static RecordType<string> BilledOn { get; } = new("billed-on");

    /// <summary>That every statement of a provider is in <see cref="BilledOn"/>; key and owner the provider. Written with
    /// the provider's first statement prepared since ADR 0036, which indexes its earlier statements too; until then a
    /// reader lists the provider's statements, as before.</summary>
    public static RecordType<bool> BilledOnIndexed { get; } = new("billed-on-indexed");

    /// <summary>The sale that took a payment reference on a channel; key <c>{channel}:{reference}</c>, owner the provider.</summary>
    public static RecordType<SaleId> PaymentReference { get; } = new("payment-reference");

    /// <summary>A row of an external statement (channel bill or bank statement); key <c>{channel}:{transactionId}</c>,
    /// owner the entity whose account it is.</summary>
    public static RecordType<StatementRow> StatementRow { get; } = new("statement-row", 1, ReconciliationJson.Options);

    /// <summary>A match of statement rows with sales, refunds or a settlement batch; key its id, owner the entity.</summary>
    public static RecordType<PaymentMatch> PaymentMatch { get; } = new("payment-match", 1, ReconciliationJson.Compact);
}
