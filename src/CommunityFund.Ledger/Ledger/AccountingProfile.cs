namespace CommunityFund.Ledger;

/// <summary>The accounting standard an entity keeps its books under.</summary>
public enum AccountingProfile
{
    /// <summary>民间非营利组织会计制度 (财会〔2004〕7号): social organisations, community funds.</summary>
    NpoCn = 1,

    /// <summary>小企业会计准则 (财会〔2011〕17号): company-form social enterprises and most hubs.</summary>
    SmeCn = 2,

    /// <summary>Memo accounts only: a party (such as a residents' committee) whose money is kept elsewhere.</summary>
    MemoOnly = 3,
}
