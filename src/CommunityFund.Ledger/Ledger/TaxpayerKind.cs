namespace CommunityFund.Ledger;

/// <summary>The VAT status of a company-form (SME_CN) entity (增值税纳税人类型); see ADR 0022.</summary>
public enum TaxpayerKind
{
    /// <summary>小规模纳税人 — small-scale taxpayer: simplified method (简易计税) at a levy rate on VAT-exclusive sales, no
    /// input credit, and the monthly exemption threshold in force.</summary>
    SmallScale = 1,

    /// <summary>一般纳税人 — general taxpayer: output VAT at the rate for the service, less input VAT credited.</summary>
    General = 2,
}
