namespace CommunityFund.Api.Cli;

/// <summary>One ledger of a verified copy: the head its <c>ledgers</c> row records, the integrity check (hash chain,
/// balances rebuilt from the journals) and the trustees' audit.</summary>
/// <param name="Head">The head the copy records for the ledger.</param>
/// <param name="Integrity">The integrity check.</param>
/// <param name="Audit">The audit.</param>
public sealed record LedgerVerification(BackupHead Head, Reports.IntegrityReport Integrity, Audit.AuditReport Audit)
{
    /// <summary><c>true</c> when the chain is intact and the audit has no error finding.</summary>
    public bool IsSound => Integrity.Chain.IsIntact && Audit.IsSound;
}
