namespace CommunityFund.Audit;

/// <summary>The stable codes of the audit's findings (<see cref="AuditFinding.Code"/>). Codes never change meaning; new
/// ones may be added. Errors mean the books are wrong or were tampered with; warnings need a look.</summary>
public static class AuditFindingCodes
{
    /// <summary>Error: the hash chain does not verify (a journal edited, removed, inserted or reordered, or the stored
    /// head does not match the chain's end).</summary>
    public const string ChainBroken = "chain.broken";

    /// <summary>Error: a maintained balance differs from the balance rebuilt from the journals.</summary>
    public const string BalanceMismatch = "balance.mismatch";

    /// <summary>Error: a checkpoint a trustee kept names a journal the books no longer have (the tail was cut).</summary>
    public const string CheckpointMissing = "checkpoint.missing";

    /// <summary>Error: the journal at a kept checkpoint hashes differently (the books were rewritten and rehashed).</summary>
    public const string CheckpointDiverged = "checkpoint.diverged";

    /// <summary>Error: a kept checkpoint still matches, but the chain breaks before it.</summary>
    public const string CheckpointUnverified = "checkpoint.unverified";

    /// <summary>Error: a provider's due-to balance and its counterparty's due-from balance disagree.</summary>
    public const string ReconciliationMismatch = "reconciliation.mismatch";

    /// <summary>Error: a party's cumulative share drifted a fen or more from its exact share of the revenue.</summary>
    public const string DistributionDrift = "distribution.drift";

    /// <summary>Error: distributable revenue recognised in the journals has no distribution record of the same base.</summary>
    public const string DistributionMissing = "distribution.missing";

    /// <summary>Error: the distribution journals of a sale split another base than its distribution records say.</summary>
    public const string DistributionRecordMismatch = "distribution.record_mismatch";

    /// <summary>Error: the running total of the hub fees a provider was charged with VAT by a hub (record <c>hub-fees</c>)
    /// differs from the fees of its distributions: the next fee's VAT would be computed on a wrong total. Books without
    /// the total (written before it existed) are not a finding.</summary>
    public const string HubFeesTotalMismatch = "distribution.hub_fees_mismatch";

    /// <summary>Error: a provider paid more on its payable to the hub or the fund than it owed (the payable is debit).</summary>
    public const string SettlementExceedsPayable = "settlement.exceeds_payable";

    /// <summary>Error: an entity holding money for restrictions or agency has less cash than that.</summary>
    public const string RestrictedCashShortfall = "restricted.cash_shortfall";

    /// <summary>Error: what an entity holds as agent for a beneficiary (1701) differs from what it owes them (2601).</summary>
    public const string AgencyUnbalanced = "agency.unbalanced";

    /// <summary>Warning: a restriction spent more than it received (possible only through manual journals).</summary>
    public const string RestrictionOverspent = "restriction.overspent";

    /// <summary>Warning: an entity with restricted balances has net assets below them.</summary>
    public const string UnrestrictedNetAssetsNegative = "unrestricted.net_assets_negative";

    /// <summary>Warning: a cash, bank or in-transit account is in credit (more was paid out than it held).</summary>
    public const string CashInCredit = "cash.in_credit";

    /// <summary>Warning: cash was moved on lines that name no cash-flow item (a manual journal, or books from before the
    /// items existed): the cash-flow statement shows it as unclassified.</summary>
    public const string CashFlowUnclassified = "cash.flow_unclassified";

    /// <summary>Warning: a provider's monthly fund share has been unpaid for more than 90 days.</summary>
    public const string FundShareOverdue = "fund.share_overdue";

    /// <summary>Warning: the fund-receivables schedule differs from the provider's payable to the fund in its books.</summary>
    public const string FundReceivablesMismatch = "fund.receivables_mismatch";

    /// <summary>Warning: statement rows (channel bills, bank statements) have stood unmatched with the books for more than 7 days.</summary>
    public const string StatementRowsUnmatched = "reconciliation.rows_unmatched";

    /// <summary>Warning: money has been in transit (WeChat Pay, Alipay: 1009.x / 1012.x) for more than 30 days without clearing to the bank.</summary>
    public const string InTransitStale = "reconciliation.in_transit_stale";
}
